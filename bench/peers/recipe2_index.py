"""Recipe 2 (seeds/001) peers, suite "index": build xs, ys, idxs by calling the C kernel's
slow_computation(a2[x, y], a1[x, y]) once per element that is not the -1e10 sentinel, through ctypes.

Peers, all over the contract's recipe data (1024 x 1024 by default, 512 x 512 with --quick) and the
same C library (--lib), and again over the bench-only cheap kernel of the same ABI (--cheap-lib, a few
ns a call, where the peers' own overhead shows); params.kernel says which ("bundled" or "cheap"):
  ctypes-loop      the question's own serial loop: np.ndenumerate, one ctypes call per element,
                   growing Python lists, np.asarray at the end.
  joblib           the same loop per chunk under joblib.Parallel (loky worker processes).
  multiprocessing  the same loop per chunk under multiprocessing.Pool.starmap.
  dask-bag         the answer's recipe: np.array_split(np.stack((a1.flat, a2.flat)), 250, axis=1),
                   dask.bag.from_sequence(...).starmap(...).compute() on dask's process scheduler
                   (the answer's .map, with the chunk's start and the library path as arguments).
  numba-prange     what a Python user who wants speed writes: @njit(parallel=True) over numba.prange,
                   calling the C kernel through ctypes on every element that is not a sentinel (no
                   Python per element), statuses and indices into fresh arrays, then np.nonzero
                   compaction and divmod for the coordinates (numba_kernels.index_builder); compiled
                   by an untimed first call.
The parallel peers share the answer's 250 chunks and finish what it "leaves as an exercise": each
chunk returns the flat positions of its successes, and xs, ys = divmod(position, cols) after the
chunks are concatenated in order, so every peer yields the serial loop's row-major order.

What is timed is what the recipe's user waits for: from the input arrays to the three int64 arrays,
including the per-element Python overhead, list building, splitting, pickling chunks to workers and
results back, and starting the worker pool (a fresh pool for every repeat). Each peer's result is
compared with the serial loop's; a peer that differs reports a failure instead of a time.

Usage: python3 bench/peers/recipe2_index.py --lib PATH/libtessella_kernel.so [--cheap-lib PATH/libtessella_kernel_cheap.so]
           [--quick] [--rows R --cols C] [--repeats N] [--peers ctypes-loop,joblib,...]
Prints one contract JSON line per peer on stdout.
"""
import os

from peers_common import (SENTINEL, PeerSkipped, emit, failed, measured, parser, progress, recipe_data, require,
                          run_peers, selected_peers, skipped, skipped_without_numpy, time_runs, versions)

try:
    import numpy as np
except ImportError:
    np = None
else:
    from index_loop import build_indexes, index_chunk, kernel  # the loops themselves need NumPy

SUITE = "index"
PEER_NAMES = ["ctypes-loop", "joblib", "multiprocessing", "dask-bag", "numba-prange"]
CHUNKS = 250
"""The dask answer's np.array_split(..., 250, axis=1); all parallel peers use the same chunks."""

def split_pair(a1, a2):
    """The answer's split: (start, chunk) pairs of np.array_split(np.stack((a1.flat, a2.flat)), 250, axis=1)."""
    chunks = np.array_split(np.stack((a1.flat, a2.flat)), CHUNKS, axis=1)
    starts = np.cumsum([0] + [c.shape[1] for c in chunks[:-1]]).tolist()
    return list(zip(starts, chunks))


def join_chunks(results, cols):
    """Concatenates the chunks' results in chunk order and recovers xs, ys from the flat positions."""
    positions = np.concatenate([r[0] for r in results])
    idxs = np.concatenate([r[1] for r in results])
    xs, ys = np.divmod(positions, cols)
    return xs, ys, idxs, sum(r[2] for r in results)


class IndexPeers:
    """The peers over one data set and one kernel library; the serial loop's result is the reference for the others."""

    def __init__(self, args, lib_path=None, kernel_name="bundled"):
        self.lib_path = lib_path or (os.path.abspath(args.lib) if args.lib else None)
        self.kernel_name = kernel_name
        self.rows = args.rows or (512 if args.quick else 1024)
        self.cols = args.cols or (512 if args.quick else 1024)
        self.repeats = args.repeats or 3
        self.workers = os.cpu_count()
        self.a1, self.a2 = recipe_data(np, self.rows, self.cols)
        self.sentinels = int(np.count_nonzero(self.a1 <= SENTINEL))
        self.reference = None

    def peers(self):
        return {"ctypes-loop": self.ctypes_loop, "joblib": self.joblib, "multiprocessing": self.multiprocessing,
                "dask-bag": self.dask_bag, "numba-prange": self.numba_prange}

    def ctypes_loop(self):
        lib = kernel(self.lib_path)
        times, result = time_runs(lambda: build_indexes(lib, self.a1, self.a2), self.repeats)
        self.reference = result
        return self.record("ctypes-loop", times, result, 1, versions("numpy"),
                           "the question's serial loop: np.ndenumerate(a1), skip a1 <= -1e10, "
                           "slow_computation(a2[x,y], a1[x,y]) through ctypes per element, appends to three "
                           "Python lists, np.asarray at the end")

    def joblib(self):
        joblib = require("joblib")
        from joblib.externals.loky import get_reusable_executor

        def run():
            return self.parallel(lambda tasks: joblib.Parallel(n_jobs=self.workers)(
                joblib.delayed(index_chunk)(start, chunk, self.lib_path) for start, chunk in tasks))

        times, result = [], None
        for _ in range(self.repeats):
            # joblib keeps its loky workers alive between calls; a script that runs once pays their start-up.
            get_reusable_executor().shutdown(wait=True)
            one_time, result = time_runs(run, 1)
            times += one_time
        return self.record("joblib", times, result, self.workers, versions("numpy", "joblib"),
                           self.parallel_note("joblib.Parallel(n_jobs=%d) (loky processes, workers started "
                                              "afresh for each repeat)" % self.workers))

    def multiprocessing(self):
        import multiprocessing

        def run():
            with multiprocessing.Pool(self.workers) as pool:
                return self.parallel(lambda tasks: pool.starmap(
                    index_chunk, [(start, chunk, self.lib_path) for start, chunk in tasks]))

        times, result = time_runs(run, self.repeats)
        return self.record("multiprocessing", times, result, self.workers, versions("numpy"),
                           self.parallel_note("multiprocessing.Pool(%d).starmap (default start method %s), pool "
                                              "start-up included" % (self.workers, multiprocessing.get_start_method())))

    def dask_bag(self):
        db = require("dask.bag")

        def run():
            return self.parallel(lambda tasks: db.from_sequence(tasks).starmap(
                index_chunk, lib_path=self.lib_path).compute())

        times, result = time_runs(run, self.repeats)
        return self.record("dask-bag", times, result, self.workers, versions("numpy", "dask"),
                           self.parallel_note("dask.bag.from_sequence(chunks).starmap(...).compute() on dask's "
                                              "default process scheduler, whose %d worker processes start in every "
                                              "compute()" % self.workers))

    def numba_prange(self):
        require("numba")
        import numba_kernels
        build = numba_kernels.index_builder(self.lib_path)
        build(self.a1[:1, :2], self.a2[:1, :2], SENTINEL)  # compiles, untimed (process_main.py times a run with it)
        times, result = time_runs(lambda: build(self.a1, self.a2, SENTINEL), self.repeats)
        return self.record("numba-prange", times, result, numba_kernels.threads(), versions("numpy", "numba"),
                           "@numba.njit(parallel=True) over numba.prange (%d threads): slow_computation through ctypes "
                           "on every non-sentinel element, statuses and indices into fresh arrays, np.nonzero "
                           "compaction, xs, ys = divmod(position, cols); compiled before timing" % numba_kernels.threads())

    def parallel(self, map_chunks):
        """One parallel run: split, map the chunks with map_chunks, join."""
        return join_chunks(map_chunks(split_pair(self.a1, self.a2)), self.cols)

    def parallel_note(self, how):
        return ("np.array_split of np.stack((a1.flat, a2.flat)) into %d chunks; the serial loop per chunk via "
                "ctypes under %s; chunks pickled to the workers and results back; concatenation in order and "
                "xs, ys = divmod(flat position, cols)" % (CHUNKS, how))

    def record(self, peer, times, result, workers, versions_, note):
        """Checks result against the serial loop's, then builds the measured record."""
        xs, ys, idxs, failures = result
        if peer != "ctypes-loop":
            self.check(peer, result)
        params = {"rows": self.rows, "cols": self.cols, "emitted": int(idxs.size), "failed": failures,
                  "skipped": self.sentinels, "kernel": self.kernel_name, "library": os.path.basename(self.lib_path)}
        if peer not in ("ctypes-loop", "numba-prange"):
            params["chunks"] = CHUNKS
        return measured(SUITE, peer, params, self.rows * self.cols, times, workers, versions_, note)

    def check(self, peer, result):
        """Raises AssertionError when result differs from the serial loop's (computed untimed if needed)."""
        if self.reference is None:
            progress("%s/%s: computing the serial loop's result for the check" % (SUITE, peer))
            self.reference = build_indexes(kernel(self.lib_path), self.a1, self.a2)
        for name, got, want in zip(("xs", "ys", "idxs"), result[:3], self.reference[:3]):
            if not np.array_equal(got, want):
                raise AssertionError("%s differs from the serial ctypes loop's (%d vs %d elements)"
                                     % (name, got.size, want.size))
        if result[3] != self.reference[3]:
            raise AssertionError("%d failures, the serial ctypes loop has %d" % (result[3], self.reference[3]))


def main():
    p = parser("Recipe 2 peers (suite index): the ctypes loop, serial and in worker processes, and numba.", PEER_NAMES)
    p.add_argument("--cheap-lib", help="path to libtessella_kernel_cheap.so: every chosen peer runs again over it")
    p.add_argument("--rows", type=int, help="rows of the recipe data (default 1024, 512 with --quick)")
    p.add_argument("--cols", type=int, help="columns of the recipe data (default 1024, 512 with --quick)")
    args = p.parse_args()
    chosen = selected_peers(args, PEER_NAMES)
    if skipped_without_numpy(np, SUITE, chosen):
        return
    libraries = [("bundled", os.path.abspath(args.lib) if args.lib else None)]
    if args.cheap_lib:
        libraries.append(("cheap", os.path.abspath(args.cheap_lib)))
    for kernel_name, lib_path in libraries:
        try:
            kernel(lib_path)
        except PeerSkipped as e:
            for name in chosen:
                emit(skipped(SUITE, name, str(e)))
            continue
        except Exception as e:  # a wrong library fails every peer, each with the reason
            for name in chosen:
                emit(failed(SUITE, name, "%s: %s" % (type(e).__name__, e)))
            continue
        run_peers(SUITE, IndexPeers(args, lib_path, kernel_name).peers(), chosen)


if __name__ == "__main__":
    main()
