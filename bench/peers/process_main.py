"""The Python peers as whole programs, the way a user runs one: start the interpreter, import, load the
.npy inputs, compute, save the .npy result, exit. recipe_process.py times these runs from process start
to exit beside bin/tessella's on the same files, so interpreter start-up, imports, numba's JIT
compilation and the file I/O all count.

Usage (one run):
  python3 process_main.py outer numpy|numexpr|numba Y.npy X.npy R.npy          R = x[None, :] * y[:, None]
  python3 process_main.py index ctypes|numba LIB.so A1.npy A2.npy OUTDIR       OUTDIR/xs.npy, ys.npy, idxs.npy
  python3 process_main.py rowsum numpy|numba IN.npy OUT.npy                     OUT = IN.sum(axis=1)
  python3 process_main.py add numpy A.npy B.npy OUT.npy                         OUT = A + B
Each implementation imports only what it uses, as its own script would.
"""
import os
import sys

USAGE = __doc__[__doc__.index("Usage"):]


def outer(impl, y_path, x_path, out_path):
    import numpy as np
    y = np.load(y_path)
    x = np.load(x_path)
    if impl == "numpy":
        r = x[None, :] * y[:, None]
    elif impl == "numexpr":
        import numexpr as ne
        ne.set_num_threads(os.cpu_count())
        r = ne.evaluate("x * y", local_dict={"x": x[None, :], "y": y[:, None]})
    elif impl == "numba":
        import numba_kernels
        r = numba_kernels.outer_fresh(y, x)
    else:
        raise SystemExit("outer: unknown implementation %r (numpy, numexpr, numba)" % impl)
    np.save(out_path, r)


def index(impl, lib_path, a1_path, a2_path, out_dir):
    import numpy as np
    from peers_common import SENTINEL
    a1 = np.load(a1_path)
    a2 = np.load(a2_path)
    if impl == "ctypes":
        from index_loop import build_indexes, kernel
        xs, ys, idxs, _ = build_indexes(kernel(lib_path), a1, a2)
    elif impl == "numba":
        import numba_kernels
        xs, ys, idxs, _ = numba_kernels.index_builder(lib_path)(a1, a2, SENTINEL)
    else:
        raise SystemExit("index: unknown implementation %r (ctypes, numba)" % impl)
    os.makedirs(out_dir, exist_ok=True)
    for name, array in (("xs", xs), ("ys", ys), ("idxs", idxs)):
        np.save(os.path.join(out_dir, name + ".npy"), array)


def rowsum(impl, in_path, out_path):
    import numpy as np
    samples = np.load(in_path)
    if impl == "numpy":
        sums = samples.sum(axis=1)
    elif impl == "numba":
        import numba_kernels
        sums = numba_kernels.row_sums(samples)
    else:
        raise SystemExit("rowsum: unknown implementation %r (numpy, numba)" % impl)
    np.save(out_path, sums)


def add(impl, a_path, b_path, out_path):
    import numpy as np
    if impl != "numpy":
        raise SystemExit("add: unknown implementation %r (numpy)" % impl)
    np.save(out_path, np.load(a_path) + np.load(b_path))


RECIPES = {"outer": (outer, 3), "index": (index, 4), "rowsum": (rowsum, 2), "add": (add, 3)}
"""Recipe -> (function, file arguments after the implementation)."""


def main(argv):
    if len(argv) < 2 or argv[0] not in RECIPES or len(argv) != 2 + RECIPES[argv[0]][1]:
        raise SystemExit(USAGE)
    function, _ = RECIPES[argv[0]]
    function(*argv[1:])


if __name__ == "__main__":
    main(sys.argv[1:])
