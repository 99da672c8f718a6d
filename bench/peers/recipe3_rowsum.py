"""Recipe 3 (seeds/002) peers, suite "rowsum": per-row sums of a 10 x 10^6 float64 array.

Peers:
  numpy-sum   samples.sum(axis=1) on rng.normal(size=(10, 10**6)), the sums the recipe's joblib
              workers compute row by row and the parent recomputes as its "expected" result: the
              single-process NumPy baseline any parallel version has to beat. GB/s counts the input
              bytes read once. The sums of the first and last rows are checked against math.fsum
              after timing (NumPy's pairwise summation differs from exact sums only by rounding).
  numba-prange  @njit(parallel=True): rows over numba.prange, each row's .sum() (a sequential loop, so
              the last bits may differ from NumPy's), into a fresh result (numba_kernels.row_sums);
              compiled before timing; every row checked against math.fsum.

Usage: python3 bench/peers/recipe3_rowsum.py [--quick] [--rows R] [--cols C] [--repeats K]
Prints one contract JSON line per peer on stdout.
"""
import math

from peers_common import measured, parser, require, run_peers, selected_peers, skipped_without_numpy, time_runs, versions

try:
    import numpy as np
except ImportError:
    np = None

SUITE = "rowsum"
PEER_NAMES = ["numpy-sum", "numba-prange"]


def samples_of(rows, cols):
    """The recipe's input: normal samples, the same for every peer."""
    return np.random.default_rng(42).normal(size=(rows, cols))


def check_sums(samples, sums, rows_to_check):
    """Raises AssertionError unless each checked row's sum is math.fsum's up to rounding."""
    cols = samples.shape[1]
    for i in rows_to_check:
        exact = math.fsum(samples[i].tolist())
        if not math.isclose(sums[i], exact, rel_tol=1e-9, abs_tol=1e-9 * cols):
            raise AssertionError("row %d sums to %r, math.fsum gives %r" % (i, sums[i], exact))


def numpy_sum(rows, cols, repeats):
    """Times samples.sum(axis=1) and checks two rows; returns the measured record."""
    samples = samples_of(rows, cols)
    times, sums = time_runs(lambda: samples.sum(axis=1), repeats)
    check_sums(samples, sums, {0, rows - 1})
    return measured(SUITE, "numpy-sum", {"rows": rows, "cols": cols}, rows * cols, times, 1, versions("numpy"),
                    "samples.sum(axis=1) into a fresh (rows,) result, single process (NumPy's pairwise "
                    "summation)", bytes_moved=8 * rows * cols)


def numba_prange(rows, cols, repeats):
    """Times numba_kernels.row_sums and checks every row; returns the measured record."""
    require("numba")
    import numba_kernels
    samples = samples_of(rows, cols)
    numba_kernels.row_sums(samples[:1, :2])  # compiles, untimed
    times, sums = time_runs(lambda: numba_kernels.row_sums(samples), repeats)
    check_sums(samples, sums, range(rows))
    return measured(SUITE, "numba-prange", {"rows": rows, "cols": cols}, rows * cols, times, numba_kernels.threads(),
                    versions("numpy", "numba"),
                    "@numba.njit(parallel=True): rows over numba.prange on %d threads, each row's .sum() (one sequential "
                    "loop per row) into a fresh (rows,) result; compiled before timing" % numba_kernels.threads(),
                    bytes_moved=8 * rows * cols)


def main():
    p = parser("Recipe 3 peers (suite rowsum): NumPy and numba row sums.", PEER_NAMES)
    p.add_argument("--rows", type=int, default=10, help="rows (default 10, as the recipe)")
    p.add_argument("--cols", type=int, default=10 ** 6, help="columns (default 10**6, as the recipe)")
    args = p.parse_args()
    chosen = selected_peers(args, PEER_NAMES)
    if skipped_without_numpy(np, SUITE, chosen):
        return
    repeats = args.repeats or (5 if args.quick else 20)
    run_peers(SUITE, {"numpy-sum": lambda: numpy_sum(args.rows, args.cols, repeats),
                      "numba-prange": lambda: numba_prange(args.rows, args.cols, repeats)}, chosen)


if __name__ == "__main__":
    main()
