"""NumPy peers of the dtype benchmarks (io.tessella.bench.vector.DType*Benchmark): the three operations
on float64, float32, int16 or uint8 data, the way a NumPy user runs them, on the same shapes.

Suites and peers:
  dtype-outer / numpy-broadcast  r = x[None, :] * y[:, None] with y = arange(M) and x = (arange(N) * 37 % 101)
                                 as the dtype (integers wrap as NumPy's do), into a fresh result;
                                 GB/s counts the result's bytes written.
  dtype-rowsum / numpy-sum       m.sum(axis=-1) of an M x N array of the dtype, into NumPy's accumulator
                                 (int64 for int16, uint64 for uint8, the type itself for floats);
                                 GB/s counts the input's bytes read.
  dtype-add / numpy-add          a + b of two M x N arrays of the dtype, into a fresh result; GB/s counts
                                 two reads and one write.
Every result is checked after timing against an independent computation (the float64 or Python-int
value of a few elements).

Usage: python3 bench/peers/dtype_numpy.py --dtype float32 [--quick] [--rows M] [--cols N] [--repeats K]
       [--peers dtype-outer,dtype-rowsum,dtype-add]
Prints one contract JSON line per suite on stdout (the suite's peer is NumPy's).
"""
from peers_common import measured, parser, run_peers, skipped_without_numpy, time_runs, versions

try:
    import numpy as np
except ImportError:
    np = None

SUITES = ["dtype-outer", "dtype-rowsum", "dtype-add"]
DTYPES = ["float64", "float32", "int16", "uint8"]


def values(dtype, rows, cols, seed):
    """An M x N array of the dtype: floats of both signs and many magnitudes, integers over the whole range."""
    rng = np.random.default_rng(seed)
    if np.dtype(dtype).kind == "f":
        return (rng.standard_normal((rows, cols)) * 1000).astype(dtype)
    info = np.iinfo(dtype)
    return rng.integers(int(info.min), int(info.max) + 1, (rows, cols)).astype(dtype)


class DTypePeers:
    def __init__(self, args):
        self.dtype = args.dtype
        self.m = args.rows or (200 if args.quick else 2000)
        self.n = args.cols or 10000
        self.repeats = args.repeats or (3 if args.quick else 10)
        self.item = np.dtype(self.dtype).itemsize

    def params(self):
        return {"dtype": self.dtype, "rows": self.m, "cols": self.n}

    def outer(self):
        y = np.arange(self.m).astype(self.dtype)
        x = (np.arange(self.n) * 37 % 101).astype(self.dtype)
        times, r = time_runs(lambda: x[None, :] * y[:, None], self.repeats)
        for i, j in ((0, 0), (self.m - 1, self.n - 1), (self.m // 2, self.n // 3)):
            if r[i, j] != (y[i:i + 1] * x[j:j + 1])[0]:
                raise AssertionError("r[%d, %d] = %r differs from y[i] * x[j]" % (i, j, r[i, j]))
        return measured("dtype-outer", "numpy-broadcast", self.params(), self.m * self.n, times, 1, versions("numpy"),
                        "r = x[None, :] * y[:, None] in %s into a fresh result" % self.dtype,
                        bytes_moved=self.item * self.m * self.n)

    def rowsum(self):
        m = values(self.dtype, self.m, self.n, 1)
        times, s = time_runs(lambda: m.sum(axis=-1), self.repeats)
        for i in (0, self.m - 1):
            if np.dtype(self.dtype).kind == "f":
                if not np.isclose(float(s[i]), float(m[i].astype(np.float64).sum()), rtol=1e-3, atol=1e-3 * self.n * 1000):
                    raise AssertionError("row %d sums to %r" % (i, s[i]))
            elif int(s[i]) != sum(int(v) for v in m[i]):
                raise AssertionError("row %d sums to %r" % (i, s[i]))
        return measured("dtype-rowsum", "numpy-sum", self.params(), self.m * self.n, times, 1, versions("numpy"),
                        "m.sum(axis=-1) of %s into %s" % (self.dtype, s.dtype), bytes_moved=self.item * self.m * self.n)

    def add(self):
        a, b = values(self.dtype, self.m, self.n, 2), values(self.dtype, self.m, self.n, 3)
        times, out = time_runs(lambda: a + b, self.repeats)
        for i, j in ((0, 0), (self.m - 1, self.n - 1)):
            if out[i, j] != (a[i, j:j + 1] + b[i, j:j + 1])[0]:
                raise AssertionError("out[%d, %d] = %r differs from a + b" % (i, j, out[i, j]))
        return measured("dtype-add", "numpy-add", self.params(), self.m * self.n, times, 1, versions("numpy"),
                        "out = a + b in %s into a fresh result" % self.dtype, bytes_moved=3 * self.item * self.m * self.n)


def main():
    p = parser("NumPy peers of the dtype benchmarks: outer, row sums and add on one dtype.", SUITES)
    p.add_argument("--dtype", default="float64", choices=DTYPES, help="the dtype (default float64)")
    p.add_argument("--rows", type=int, help="M (default 2000; --quick 200)")
    p.add_argument("--cols", type=int, help="N (default 10000)")
    args = p.parse_args()
    chosen = [name for name in args.peers.split(",") if name]
    unknown = sorted(set(chosen) - set(SUITES))
    if unknown:
        raise SystemExit("unknown suite(s) %s; known: %s" % (", ".join(unknown), ", ".join(SUITES)))
    for suite in SUITES:
        if suite not in chosen:
            continue
        if skipped_without_numpy(np, suite, ["numpy"]):
            continue
        peers = DTypePeers(args)
        peer = {"dtype-outer": ("numpy-broadcast", peers.outer), "dtype-rowsum": ("numpy-sum", peers.rowsum),
                "dtype-add": ("numpy-add", peers.add)}[suite]
        run_peers(suite, {peer[0]: peer[1]}, [peer[0]])


if __name__ == "__main__":
    main()
