"""Recipe 2's loop as its user writes it, serial and per chunk, for the index peers in recipe2_index.py.

A module of its own so that joblib, multiprocessing and dask pickle these functions by reference:
worker processes import this file rather than receiving a function whose globals hold a ctypes handle.
"""
import ctypes

import numpy as np

from peers_common import SENTINEL, load_kernel

_kernels = {}
"""Library path -> ctypes handle, per process, so that each worker opens the library once."""


def kernel(lib_path):
    """This process's handle on the kernel library at lib_path."""
    lib = _kernels.get(lib_path)
    if lib is None:
        lib = _kernels[lib_path] = load_kernel(lib_path)
    return lib


def build_indexes(lib, a1, a2):
    """The question's loop, with the kernel's non-zero status in place of the SWIG InternalError
    (np.asscalar, gone from NumPy, becomes float()). Returns xs, ys, idxs and the failure count."""
    xs = []
    ys = []
    idxs = []
    failures = 0
    idx = ctypes.c_int64()
    for (x, y), value in np.ndenumerate(a1):
        if not (value <= SENTINEL):
            status = lib.slow_computation(float(a2[x, y]), float(a1[x, y]), ctypes.byref(idx))
            if status == 0:
                xs.append(x)
                ys.append(y)
                idxs.append(idx.value)
            else:
                failures += 1
    return (np.asarray(xs, dtype=np.int64), np.asarray(ys, dtype=np.int64), np.asarray(idxs, dtype=np.int64),
            failures)


def index_chunk(start, chunk, lib_path):
    """The question's loop body, unchanged, over one chunk of the stacked flat pair (row 0 a1, row 1 a2)
    whose first element has flat index start, so that the parallel peers differ from the serial loop
    only by how they share the work. Returns the flat positions and indices of the chunk's successes
    and its failure count."""
    lib = kernel(lib_path)
    a1, a2 = chunk
    positions = []
    idxs = []
    failures = 0
    idx = ctypes.c_int64()
    for (j,), value in np.ndenumerate(a1):
        if not (value <= SENTINEL):
            status = lib.slow_computation(float(a2[j]), float(a1[j]), ctypes.byref(idx))
            if status == 0:
                positions.append(start + j)
                idxs.append(idx.value)
            else:
                failures += 1
    return np.asarray(positions, dtype=np.int64), np.asarray(idxs, dtype=np.int64), failures
