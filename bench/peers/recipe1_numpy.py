"""Recipe 1 (seeds/000) peers, suite "outer": r[i] = y[i] * x for y = arange(M), x = rand(N).

Peers:
  numpy-broadcast        the accepted answer, r = x[None, :] * y[:, None]. The time includes
                         allocating the fresh 8*M*N-byte result, as the recipe's user pays it
                         (first-touch page faults unless the allocator reuses the last run's pages).
  multiprocessing-tiles  the answer's own multiprocessing version: y, x and r in
                         multiprocessing.Array(lock=False) buffers handed to Pool(initializer=init),
                         3 y-slices x 2 x-slices (itertools.product) mapped to workers that each fill
                         their view r[yslice, xslice] row by row (r[i] = y[i] * x). The time runs
                         from creating the shared buffers (copies of y and x, a zero-filled r) to
                         the joined result, pool start-up included.
  numexpr-fresh          numexpr.evaluate("x * y") over the broadcast views x[None, :] and y[:, None]
                         (numexpr's own threads, one per core) into a fresh result.
  numexpr-touched        the same with out= an existing result whose pages are already touched.
  numba-prange-fresh     @njit(parallel=True): rows over numba.prange, r[i, j] = y[i] * x[j] into a
                         fresh np.empty result (numba_kernels.outer_fresh); compiled before timing.
  numba-prange-touched   the same into an existing, touched result (numba_kernels.outer_into).
Default shape 2000 x 10000 (160 MB, OuterProductBenchmark's largest default); the recipe's own
100000 x 10000 (8 GB) is --rows 100000. GB/s counts the result's bytes written.
The first two peers check elements at the corners and tile boundaries against y[i] * x[j]; the
numexpr and numba peers check their whole result against NumPy's, block by block, after timing.

Usage: python3 bench/peers/recipe1_numpy.py [--quick] [--rows M] [--cols N] [--repeats K] [--peers ...]
Prints one contract JSON line per peer on stdout.
"""
import itertools
import multiprocessing
import os

from peers_common import measured, parser, require, run_peers, selected_peers, skipped_without_numpy, time_runs, versions

try:
    import numpy as np
except ImportError:
    np = None

SUITE = "outer"
PEER_NAMES = ["numpy-broadcast", "multiprocessing-tiles", "numexpr-fresh", "numexpr-touched", "numba-prange-fresh",
              "numba-prange-touched"]
Y_SLICES, X_SLICES = 3, 2
"""The answer's grid: yslices = thirds of y, xslices = halves of x."""

SHARED_VARS = {}
"""The answer's global table of shared buffers: name -> (multiprocessing.Array, shape, typecode)."""


def init(*pairs):
    """Pool initializer (the answer's init): installs the shared buffers in a worker."""
    SHARED_VARS.update(pairs)


def shared_array(name):
    """A NumPy view of one shared buffer (the answer's m2n)."""
    buf, shape, typecode = SHARED_VARS[name]
    return np.frombuffer(buf, dtype=typecode).reshape(shape)


def copy_to_shared(a):
    """A multiprocessing.Array copy of a, with its shape and typecode (the answer's n2m)."""
    return multiprocessing.Array(a.dtype.char, a.flat, lock=False), a.shape, a.dtype.char


def new_shared(shape):
    """A zero-filled shared float64 buffer (the answer's new_shared_array)."""
    return multiprocessing.Array("d", int(np.prod(shape)), lock=False), tuple(shape), "d"


def operate(slices):
    """The answer's worker: fills r[yslice, xslice] row by row from the shared y and x."""
    yslice, xslice = slices
    y = shared_array("y")[yslice]
    x = shared_array("x")[xslice]
    r = shared_array("r")[yslice, xslice]
    for i in range(len(r)):
        r[i] = y[i] * x
    return os.getpid()


def even_slices(length, parts):
    """parts slices covering range(length), as the answer's hand-written thirds and halves."""
    bounds = [length * p // parts for p in range(parts + 1)]
    return [slice(bounds[p], bounds[p + 1]) for p in range(parts)]


def check_all(r, y, x):
    """Raises AssertionError unless r equals NumPy's x[None, :] * y[:, None] exactly, compared 256 rows at a
    time so that the check needs no second full-size array."""
    for i in range(0, len(y), 256):
        expected = x[None, :] * y[i:i + 256, None]
        if not np.array_equal(r[i:i + 256], expected):
            raise AssertionError("rows %d..%d differ from x[None, :] * y[:, None]" % (i, i + len(expected) - 1))


def check(r, y, x):
    """Raises AssertionError unless r[i, j] == y[i] * x[j] at the corners and tile boundaries."""
    rows = sorted({i for s in even_slices(len(y), Y_SLICES) for i in (s.start, s.stop - 1)})
    cols = sorted({j for s in even_slices(len(x), X_SLICES) for j in (s.start, s.stop - 1)})
    for i, j in itertools.product(rows, cols):
        if r[i, j] != y[i] * x[j]:
            raise AssertionError("r[%d, %d] = %r, expected y[i] * x[j] = %r" % (i, j, r[i, j], y[i] * x[j]))


class OuterPeers:
    """The two recipe-1 peers over one (y, x)."""

    def __init__(self, args):
        self.m = args.rows or 2000
        self.n = args.cols or 10000
        self.repeats = args.repeats or (3 if args.quick else 5)
        self.y = np.arange(self.m)
        self.x = np.random.default_rng(0).random(self.n)

    def peers(self):
        return {"numpy-broadcast": self.numpy_broadcast, "multiprocessing-tiles": self.multiprocessing_tiles,
                "numexpr-fresh": lambda: self.numexpr(False), "numexpr-touched": lambda: self.numexpr(True),
                "numba-prange-fresh": lambda: self.numba(False), "numba-prange-touched": lambda: self.numba(True)}

    def touched_output(self):
        """An output whose every page is already mapped and written, as a result array reused run after run."""
        r = np.empty((self.m, self.n))
        r.fill(0.0)
        return r

    def numexpr(self, touched):
        ne = require("numexpr")
        workers = os.cpu_count()
        ne.set_num_threads(workers)
        operands = {"x": self.x[None, :], "y": self.y[:, None]}
        if touched:
            r = self.touched_output()
            times, _ = time_runs(lambda: ne.evaluate("x * y", local_dict=operands, out=r), self.repeats)
        else:
            times, r = time_runs(lambda: ne.evaluate("x * y", local_dict=operands), self.repeats)
        check_all(r, self.y, self.x)
        name = "numexpr-touched" if touched else "numexpr-fresh"
        return self.record(name, times, workers, "numexpr.evaluate(\"x * y\") over x[None, :] and y[:, None] on %d numexpr "
                           "threads, %s" % (workers, "into an existing, touched result (out=)" if touched else
                                            "into a fresh result"), ("numpy", "numexpr"))

    def numba(self, touched):
        require("numba")
        import numba_kernels
        numba_kernels.outer_into(np.empty((1, 2)), self.y[:1], self.x[:2])  # compiles, untimed
        numba_kernels.outer_fresh(self.y[:1], self.x[:2])
        if touched:
            r = self.touched_output()
            times, _ = time_runs(lambda: numba_kernels.outer_into(r, self.y, self.x), self.repeats)
        else:
            times, r = time_runs(lambda: numba_kernels.outer_fresh(self.y, self.x), self.repeats)
        check_all(r, self.y, self.x)
        name = "numba-prange-touched" if touched else "numba-prange-fresh"
        return self.record(name, times, numba_kernels.threads(), "@numba.njit(parallel=True): rows over numba.prange on %d "
                           "threads, r[i, j] = y[i] * x[j] %s; compiled before timing"
                           % (numba_kernels.threads(), "into an existing, touched result" if touched else
                              "into a fresh np.empty result"), ("numpy", "numba"))

    def numpy_broadcast(self):
        def run():
            r = self.x[None, :] * self.y[:, None]
            check(r, self.y, self.x)

        times, _ = time_runs(run, self.repeats)
        return self.record("numpy-broadcast", times, 1,
                           "r = x[None, :] * y[:, None] into a fresh result per run, and checking a few of its "
                           "elements (microseconds); the first run pays the page faults, later ones may reuse "
                           "pages the allocator kept from the previous run")

    def multiprocessing_tiles(self):
        workers = os.cpu_count()

        def run():
            SHARED_VARS.clear()
            init(("y", copy_to_shared(self.y)), ("x", copy_to_shared(self.x)), ("r", new_shared((self.m, self.n))))
            tiles = itertools.product(even_slices(self.m, Y_SLICES), even_slices(self.n, X_SLICES))
            with multiprocessing.Pool(workers, initializer=init, initargs=tuple(SHARED_VARS.items())) as pool:
                pool.map(operate, tiles)
            check(shared_array("r"), self.y, self.x)
            SHARED_VARS.clear()

        times, _ = time_runs(run, self.repeats)
        return self.record("multiprocessing-tiles", times, workers,
                           "the answer's multiprocessing version: y, x copied into multiprocessing.Array buffers, "
                           "r a zero-filled multiprocessing.Array, Pool(%d) start-up, %d x %d tiles filled row by row "
                           "(r[i] = y[i] * x), start method %s" % (workers, Y_SLICES, X_SLICES,
                                                                   multiprocessing.get_start_method()))

    def record(self, peer, times, workers, note, modules=("numpy",)):
        params = {"rows": self.m, "cols": self.n}
        if peer == "multiprocessing-tiles":
            params["tiles"] = "%dx%d" % (Y_SLICES, X_SLICES)
        if peer != "multiprocessing-tiles":
            params["output"] = "touched" if peer.endswith("-touched") else "fresh"
        return measured(SUITE, peer, params, self.m * self.n, times, workers, versions(*modules), note,
                        bytes_moved=8 * self.m * self.n)


def main():
    p = parser("Recipe 1 peers (suite outer): the outer product y[:, None] * x[None, :].", PEER_NAMES)
    p.add_argument("--rows", type=int, help="M, the length of y = arange(M) (default 2000; the recipe's is 100000)")
    p.add_argument("--cols", type=int, help="N, the length of x = rand(N) (default 10000)")
    args = p.parse_args()
    chosen = selected_peers(args, PEER_NAMES)
    if skipped_without_numpy(np, SUITE, chosen):
        return
    run_peers(SUITE, OuterPeers(args).peers(), chosen)


if __name__ == "__main__":
    main()
