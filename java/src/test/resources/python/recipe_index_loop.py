"""The recipe's own loop (seeds/001): iterate a huge 2-D pair, skip a1 <= sentinel, call the C
library's slow_computation(a2[x, y], a1[x, y]) through ctypes, collect xs, ys, idxs.

Usage: python3 recipe_index_loop.py LIBRARY A1.npy A2.npy SENTINEL OUTDIR
Writes OUTDIR/xs.npy, ys.npy, idxs.npy (int64) and OUTDIR/counts.txt ("visited skipped code:n ...").
Used by Tessella's tests as an independent reference, exactly as a Python user would write it.
"""
import ctypes
import sys

import numpy as np


def main():
    lib_path, a1_path, a2_path, sentinel, out = sys.argv[1:6]
    sentinel = float(sentinel)
    lib = ctypes.CDLL(lib_path)
    lib.slow_computation.argtypes = [ctypes.c_double, ctypes.c_double, ctypes.POINTER(ctypes.c_int64)]
    lib.slow_computation.restype = ctypes.c_int32
    a1 = np.load(a1_path, mmap_mode="r")
    a2 = np.load(a2_path, mmap_mode="r")
    xs, ys, idxs = [], [], []
    failed = {}
    skipped = 0
    idx = ctypes.c_int64()
    for x in range(a1.shape[0]):
        for y in range(a1.shape[1]):
            if not (a1[x, y] <= sentinel):
                status = lib.slow_computation(float(a2[x, y]), float(a1[x, y]), ctypes.byref(idx))
                if status == 0:
                    xs.append(x)
                    ys.append(y)
                    idxs.append(idx.value)
                else:
                    failed[status] = failed.get(status, 0) + 1
            else:
                skipped += 1
    np.save(out + "/xs.npy", np.array(xs, dtype=np.int64))
    np.save(out + "/ys.npy", np.array(ys, dtype=np.int64))
    np.save(out + "/idxs.npy", np.array(idxs, dtype=np.int64))
    with open(out + "/counts.txt", "w") as f:
        f.write(" ".join([str(a1.size), str(skipped)] + ["%d:%d" % kv for kv in sorted(failed.items())]) + "\n")


if __name__ == "__main__":
    main()
