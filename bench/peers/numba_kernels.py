"""The numba peers' compiled loops: what a Python user who wants speed writes with @njit(parallel=True).

Imported only where numba is installed (the scripts import it through peers_common.require, so a
missing numba becomes a skipped record). Every loop runs over numba.prange on numba's default thread
count (the machine's cores). Compilation happens on the first call with given argument types; the
in-process peers make that call untimed, the whole-process runs (process_main.py) pay it.
"""
import ctypes

import numba
import numpy as np

from peers_common import KERNEL_ABI_VERSION


def threads():
    """The threads numba's parallel loops use."""
    return numba.get_num_threads()


@numba.njit(parallel=True)
def outer_fresh(y, x):
    """r = y[:, None] * x[None, :] into a fresh array, rows in parallel."""
    r = np.empty((y.size, x.size))
    for i in numba.prange(y.size):
        yi = y[i]
        for j in range(x.size):
            r[i, j] = yi * x[j]
    return r


@numba.njit(parallel=True)
def outer_into(r, y, x):
    """The same into an existing array."""
    for i in numba.prange(y.size):
        yi = y[i]
        for j in range(x.size):
            r[i, j] = yi * x[j]


@numba.njit(parallel=True)
def row_sums(samples):
    """samples.sum(axis=1), rows in parallel; numba sums each row in one sequential loop, so the last bits
    may differ from NumPy's pairwise sums."""
    out = np.empty(samples.shape[0])
    for i in numba.prange(samples.shape[0]):
        out[i] = samples[i].sum()
    return out


def index_builder(lib_path):
    """Recipe 2 with numba: returns build(a1, a2, sentinel) -> (xs, ys, idxs, failures) for the kernel
    library at lib_path, the serial loop's result in its row-major order.

    One parallel pass calls the C kernel through ctypes on every element that is not a sentinel (numba
    calls a ctypes function pointer in nopython mode, with no Python in between), writing each
    element's status and index into fresh arrays; then np.nonzero compacts the successes and divmod
    gives their coordinates. The out pointer is passed as a plain address (c_void_p): numba has no
    ctypes pointer objects inside a compiled loop."""
    lib = ctypes.CDLL(lib_path)  # a handle of its own: the ctypes loop's slow_computation keeps its argtypes
    abi = lib.tessella_kernel_abi_version
    abi.restype = ctypes.c_int32
    if abi() != KERNEL_ABI_VERSION:
        raise RuntimeError("%s implements kernel ABI version %d; these peers know version %d" % (lib_path, abi(), KERNEL_ABI_VERSION))
    slow = lib.slow_computation
    slow.argtypes = [ctypes.c_double, ctypes.c_double, ctypes.c_void_p]
    slow.restype = ctypes.c_int32

    @numba.njit(parallel=True)
    def kernel_pass(a1, a2, sentinel, status, idx):
        base = idx.ctypes.data
        for i in numba.prange(a1.size):
            if a1[i] <= sentinel:
                status[i] = -1
            else:
                status[i] = slow(a2[i], a1[i], base + 8 * i)

    def build(a1, a2, sentinel):
        flat1 = np.ascontiguousarray(a1).reshape(-1)
        flat2 = np.ascontiguousarray(a2).reshape(-1)
        status = np.empty(flat1.size, dtype=np.int32)
        idx = np.empty(flat1.size, dtype=np.int64)
        kernel_pass(flat1, flat2, sentinel, status, idx)
        positions = np.nonzero(status == 0)[0]
        cols = a1.shape[1] if a1.ndim == 2 else max(a1.size, 1)
        xs, ys = np.divmod(positions, cols)
        return xs, ys, idx[positions], int(np.count_nonzero(status > 0))

    return build
