"""Whole-process peers, suites "process-outer", "process-index", "process-rowsum", "process-add": each
recipe as a program run from the shell, .npy files in and .npy files out, timed from process start to
exit, beside bin/tessella on the same files. Interpreter and JVM start-up, imports, JIT compilation
(numba's and HotSpot's) and the file I/O all count: what a user waits for when running one job.

Peers (the name after the slash is the record's "peer"; the Python runs are process_main.py):
  process-outer/tessella-cli     bin/tessella outer --y Y.npy --x X.npy --out R.npy --threads <cores>
  process-outer/numpy-broadcast  r = x[None, :] * y[:, None]; np.save
  process-outer/numexpr          numexpr.evaluate("x * y") on <cores> threads; np.save
  process-outer/numba-prange     numba_kernels.outer_fresh, compiled in the run; np.save
  process-index/tessella-cli     bin/tessella index --a1 A1.npy --a2 A2.npy --out DIR --kernel LIB --threads <cores>
  process-index/ctypes-loop      the question's serial ctypes loop (index_loop.build_indexes); three np.save
  process-index/numba-prange     numba_kernels.index_builder, compiled in the run; three np.save
  process-rowsum/tessella-cli    bin/tessella rowsum --in X.npy --out S.npy --threads <cores>
  process-rowsum/numpy-sum       samples.sum(axis=1); np.save
  process-rowsum/numba-prange    numba_kernels.row_sums, compiled in the run; np.save
  process-add/tessella-cli       bin/tessella add --a A.npy --b B.npy --out OUT.npy --threads <cores>
  process-add/numpy-add          a + b; np.save
The index suite runs over the bundled kernel (--lib) and, with --cheap-lib, over the cheap one too
(params.kernel). Inputs: the recipes' data as the in-process peers make it (outer 2000 x 10000, index
1024 x 1024 of recipe data, rowsum 10 x 10^6, add 365 x 16 x 16; --quick: outer 500 x 10000, index
512 x 512), written once into a temporary directory that every run reads from the page cache. Each
command runs once untimed (warm caches, and a launcher's one-off build), then --repeats timed runs;
every run's output is checked: exactly against NumPy (outer, add, rowsum for Tessella and NumPy),
against the serial ctypes loop computed in this process (index), or against math.fsum up to rounding
(numba's row sums).

Usage: python3 bench/peers/recipe_process.py [--quick | --small] [--lib LIB.so] [--cheap-lib LIB.so]
           [--tessella PATH/bin/tessella] [--repeats N] [--peers process-outer/numexpr,...]
Prints one contract JSON line per peer on stdout.
"""
import math
import os
import shutil
import subprocess
import sys
import tempfile
import time

from peers_common import (SENTINEL, PeerSkipped, measured, parser, recipe_data, require, run_peers, selected_peers,
                          skipped_without_numpy, versions)

try:
    import numpy as np
except ImportError:
    np = None

HERE = os.path.dirname(os.path.abspath(__file__))
SUITES = ["process-outer", "process-index", "process-rowsum", "process-add"]
PEER_NAMES = ["process-outer/tessella-cli", "process-outer/numpy-broadcast", "process-outer/numexpr",
              "process-outer/numba-prange", "process-index/tessella-cli", "process-index/ctypes-loop",
              "process-index/numba-prange", "process-rowsum/tessella-cli", "process-rowsum/numpy-sum",
              "process-rowsum/numba-prange", "process-add/tessella-cli", "process-add/numpy-add"]
PYTHON_IMPL = {"numpy-broadcast": "numpy", "numexpr": "numexpr", "numba-prange": "numba", "ctypes-loop": "ctypes",
               "numpy-sum": "numpy", "numpy-add": "numpy"}
"""Peer name -> process_main.py's implementation argument."""
MODULES = {"numexpr": "numexpr", "numba-prange": "numba"}
"""Peers that need a module besides NumPy."""
SIZES = {"full": {"outer": (2000, 10000), "index": (1024, 1024), "rowsum": (10, 10 ** 6), "add": (365, 16, 16)},
         "quick": {"outer": (500, 10000), "index": (512, 512), "rowsum": (10, 10 ** 6), "add": (365, 16, 16)},
         "small": {"outer": (7, 5), "index": (6, 7), "rowsum": (2, 100), "add": (3, 8, 8)}}
"""Input sizes: the recipes' (full), --quick, and --small (tiny inputs for the tests)."""


def split_name(name):
    """("process-outer", "numexpr") from "process-outer/numexpr"."""
    suite, peer = name.split("/")
    return suite, peer


def timed_runs(command, repeats, check):
    """Runs command once untimed and then repeats times timed (wall seconds, start to exit), calling check()
    after every run; raises RuntimeError with the command's last error line when it fails."""
    times = []
    for i in range(repeats + 1):
        t0 = time.perf_counter()
        done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, cwd=HERE)
        elapsed = time.perf_counter() - t0
        if done.returncode != 0:
            lines = [line for line in done.stderr.splitlines() if line.strip()]
            raise RuntimeError("%s exited with %d: %s" % (" ".join(command[:3]), done.returncode,
                                                           lines[-1] if lines else "no message"))
        check()
        if i > 0:
            times.append(elapsed)
    return times


class ProcessPeers:
    """Every whole-process peer over one set of input files in a temporary directory."""

    def __init__(self, args, work):
        self.work = work
        self.size = "small" if args.small else "quick" if args.quick else "full"
        self.repeats = args.repeats or (5 if self.size == "full" else 2)
        self.tessella = os.path.abspath(args.tessella) if args.tessella else None
        self.libraries = [("bundled", os.path.abspath(args.lib) if args.lib else None)]
        if args.cheap_lib:
            self.libraries.append(("cheap", os.path.abspath(args.cheap_lib)))
        self.cores = os.cpu_count()
        self.inputs = {}
        self.references = {}

    def path(self, name):
        return os.path.join(self.work, name)

    def table(self, suite, kernel_name=None, lib=None):
        """Peer name -> a function measuring it, for one suite (and, for process-index, one kernel library)."""
        table = {}
        for name in PEER_NAMES:
            if name.startswith(suite + "/"):
                peer = split_name(name)[1]
                table[peer] = (lambda p: lambda: self.run(suite, p, kernel_name, lib))(peer)
        return table

    def run(self, suite, peer, kernel_name, lib):
        """Measures one peer, or raises PeerSkipped saying what it lacks."""
        if peer in MODULES:
            require(MODULES[peer])
        if peer == "tessella-cli" and not (self.tessella and os.access(self.tessella, os.X_OK)):
            raise PeerSkipped("bin/tessella not given or not executable (--tessella PATH/bin/tessella)")
        if suite != "process-index":
            return getattr(self, suite.split("-")[1])(peer)
        if not lib:
            raise PeerSkipped("no kernel library given (--lib PATH/libtessella_kernel.so)")
        if not os.path.isfile(lib):
            raise PeerSkipped("kernel library not found: %s" % lib)
        return self.index(peer, kernel_name, lib)

    def command(self, peer, recipe, *files):
        """The shell command of one run."""
        if peer == "tessella-cli":
            flags = {"outer": ["--y", "--x", "--out"], "index": ["--kernel", "--a1", "--a2", "--out"],
                     "rowsum": ["--in", "--out"], "add": ["--a", "--b", "--out"]}[recipe]
            options = [word for pair in zip(flags, files) for word in pair] + (["--quiet"] if recipe == "index" else [])
            return [self.tessella, recipe] + options + ["--threads", str(self.cores)]
        return [sys.executable, os.path.join(HERE, "process_main.py"), recipe, PYTHON_IMPL[peer]] + list(files)

    def versions_of(self, peer):
        if peer == "tessella-cli":
            return versions("numpy")  # NumPy made and checked the files; bin/tessella reports its own JDK in machine.json
        return versions(*(["numpy"] + ([MODULES[peer]] if peer in MODULES else [])))

    def workers(self, peer):
        return 1 if peer in ("numpy-broadcast", "ctypes-loop", "numpy-sum", "numpy-add") else self.cores

    def record(self, suite, peer, params, elements, times, note):
        what = "bin/tessella (JVM start-up included)" if peer == "tessella-cli" else "%s process_main.py" % sys.executable
        return measured(suite, peer, params, elements, times, self.workers(peer), self.versions_of(peer),
                        "whole process, start to exit, %s: %s" % (what, note))

    def outer(self, peer):
        m, n = SIZES[self.size]["outer"]
        if "outer" not in self.inputs:
            y, x = np.arange(m), np.random.default_rng(0).random(n)
            np.save(self.path("y.npy"), y)
            np.save(self.path("x.npy"), x)
            self.inputs["outer"] = (y, x)
        y, x = self.inputs["outer"]
        out = self.path("r-%s.npy" % peer)

        def check():
            r = np.load(out, mmap_mode="r")
            for i in range(0, m, 256):
                if not np.array_equal(r[i:i + 256], x[None, :] * y[i:i + 256, None]):
                    raise AssertionError("%s: rows %d.. of R differ from x[None, :] * y[:, None]" % (peer, i))
            os.remove(out)

        times = timed_runs(self.command(peer, "outer", self.path("y.npy"), self.path("x.npy"), out), self.repeats, check)
        return self.record("process-outer", peer, {"rows": m, "cols": n}, m * n, times,
                           "y.npy (arange, int64) and x.npy in, the %d x %d float64 R.npy out" % (m, n))

    def index(self, peer, kernel_name, lib):
        rows, cols = SIZES[self.size]["index"]
        if "index" not in self.inputs:
            a1, a2 = recipe_data(np, rows, cols)
            np.save(self.path("a1.npy"), a1)
            np.save(self.path("a2.npy"), a2)
            self.inputs["index"] = (a1, a2)
        a1, a2 = self.inputs["index"]
        if lib not in self.references:
            from index_loop import build_indexes, kernel
            progress_note = "computing the serial ctypes loop's index over %s for the checks" % os.path.basename(lib)
            print("[peers] %s" % progress_note, file=sys.stderr, flush=True)
            self.references[lib] = build_indexes(kernel(lib), a1, a2)
        xs, ys, idxs, failures = self.references[lib]
        out = self.path("index-%s" % peer)

        def check():
            for name, want in (("xs", xs), ("ys", ys), ("idxs", idxs)):
                got = np.load(os.path.join(out, name + ".npy"))
                if not np.array_equal(got, want):
                    raise AssertionError("%s: %s.npy differs from the serial ctypes loop's (%d vs %d elements)"
                                         % (peer, name, got.size, want.size))
            shutil.rmtree(out)

        times = timed_runs(self.command(peer, "index", lib, self.path("a1.npy"), self.path("a2.npy"), out), self.repeats, check)
        params = {"rows": rows, "cols": cols, "emitted": int(idxs.size), "failed": failures,
                  "skipped": int(np.count_nonzero(a1 <= SENTINEL)), "kernel": kernel_name, "library": os.path.basename(lib)}
        return self.record("process-index", peer, params, rows * cols, times,
                           "a1.npy and a2.npy (%d x %d recipe data) in, xs.npy, ys.npy, idxs.npy out, kernel %s"
                           % (rows, cols, os.path.basename(lib)))

    def rowsum(self, peer):
        rows, cols = SIZES[self.size]["rowsum"]
        if "rowsum" not in self.inputs:
            samples = np.random.default_rng(42).normal(size=(rows, cols))
            np.save(self.path("samples.npy"), samples)
            self.inputs["rowsum"] = (samples, samples.sum(axis=1), [math.fsum(row.tolist()) for row in samples])
        samples, numpy_sums, exact = self.inputs["rowsum"]
        out = self.path("sums-%s.npy" % peer)

        def check():
            sums = np.load(out)
            if peer == "numba-prange":
                for i in range(rows):
                    if not math.isclose(sums[i], exact[i], rel_tol=1e-9, abs_tol=1e-9 * cols):
                        raise AssertionError("%s: row %d sums to %r, math.fsum gives %r" % (peer, i, sums[i], exact[i]))
            elif not np.array_equal(sums, numpy_sums):
                raise AssertionError("%s: the sums differ from NumPy's samples.sum(axis=1)" % peer)
            os.remove(out)

        times = timed_runs(self.command(peer, "rowsum", self.path("samples.npy"), out), self.repeats, check)
        return self.record("process-rowsum", peer, {"rows": rows, "cols": cols}, rows * cols, times,
                           "samples.npy (%d x %d normal) in, the %d row sums out" % (rows, cols, rows))

    def add(self, peer):
        shape = SIZES[self.size]["add"]
        if "add" not in self.inputs:
            rng = np.random.default_rng(0)
            a, b = rng.random(shape), rng.random(shape)
            np.save(self.path("a.npy"), a)
            np.save(self.path("b.npy"), b)
            self.inputs["add"] = a + b
        expected = self.inputs["add"]
        out = self.path("sum-%s.npy" % peer)

        def check():
            if not np.array_equal(np.load(out), expected):
                raise AssertionError("%s: OUT differs from a + b" % peer)
            os.remove(out)

        times = timed_runs(self.command(peer, "add", self.path("a.npy"), self.path("b.npy"), out), self.repeats, check)
        return self.record("process-add", peer, {"shape": list(shape)}, int(np.prod(shape)), times,
                           "a.npy and b.npy (%s) in, OUT.npy out" % " x ".join(map(str, shape)))


def main():
    p = parser("Whole-process peers (suites process-*): each recipe from .npy files to .npy files, beside bin/tessella.",
               PEER_NAMES)
    p.add_argument("--cheap-lib", help="path to libtessella_kernel_cheap.so: the index runs again over it")
    p.add_argument("--tessella", help="path to bin/tessella (without it the tessella-cli peers are skipped)")
    p.add_argument("--small", action="store_true", help="tiny inputs (checks the peers end to end; times mean nothing)")
    args = p.parse_args()
    chosen = selected_peers(args, PEER_NAMES)
    if np is None:
        for name in chosen:
            suite, peer = split_name(name)
            skipped_without_numpy(np, suite, [peer])
        return
    work = tempfile.mkdtemp(prefix="tessella-process-peers-")
    try:
        peers = ProcessPeers(args, work)
        for suite in SUITES:
            selected = [split_name(name)[1] for name in chosen if name.startswith(suite + "/")]
            if suite == "process-index":
                for kernel_name, lib in peers.libraries:
                    run_peers(suite, peers.table(suite, kernel_name, lib), selected)
            else:
                run_peers(suite, peers.table(suite), selected)
    finally:
        shutil.rmtree(work, ignore_errors=True)

if __name__ == "__main__":
    main()
