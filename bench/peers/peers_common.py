"""What every Python peer shares: the contract's records, timing, the recipe-2 data and the kernel.

The record shapes, peer names and recipe data are fixed by the contract copied into README.md; the
Java bench report reads them. Only the standard library is imported here at module level, so a
peer script can still report "numpy is not installed" as a skipped record when NumPy is missing.
"""
import argparse
import ctypes
import importlib
import json
import os
import platform
import statistics
import sys
import time

SENTINEL = -1.0e10
"""Recipe 2 skips elements whose a1 value is <= this (the question's `value <= -1.0e+10`)."""

KERNEL_ABI_VERSION = 1
"""TESSELLA_KERNEL_ABI_VERSION in native/include/tessella_kernel.h."""

_GOLDEN = 0x9E3779B97F4A7C15

PIP_NAMES = {"numpy": "numpy", "joblib": "joblib", "dask": "dask[bag]", "dask.bag": "dask[bag]", "numba": "numba",
             "numexpr": "numexpr"}


class PeerSkipped(Exception):
    """Raised inside a peer when it cannot run here; becomes a contract "skipped" record."""


def require(module_name):
    """Imports and returns a module, or raises PeerSkipped naming how to install it."""
    try:
        return importlib.import_module(module_name)
    except ImportError:
        raise PeerSkipped(not_installed(module_name))


def not_installed(module_name):
    """Why a peer that needs module_name cannot run on this interpreter, and how to fix that."""
    top = module_name.split(".")[0]
    return ("%s is not installed for %s (bench/peers/setup.sh installs it for /usr/bin/python3; or pip install %s)"
            % (top, sys.executable, PIP_NAMES.get(module_name, top)))


def skipped(suite, peer, reason):
    """The contract's skipped record."""
    return {"suite": suite, "peer": peer, "skipped": reason}


def skipped_without_numpy(np_module, suite, names):
    """Emits a skipped record for every peer in names and returns True when NumPy is missing (np_module is None)."""
    if np_module is not None:
        return False
    for name in names:
        emit(skipped(suite, name, not_installed("numpy")))
    return True


def failed(suite, peer, error):
    """A peer that ran but broke or computed a wrong result: a skipped record whose reason starts with
    "failed: ", so the report shows the error and never a time for it."""
    return skipped(suite, peer, "failed: %s" % error)


def versions(*module_names):
    """Python's version and those of the named, already importable modules."""
    found = {"python": platform.python_version()}
    for name in module_names:
        found[name.split(".")[0]] = importlib.import_module(name).__version__
    return found


def measured(suite, peer, params, elements, times, workers, versions_, note, bytes_moved=None):
    """The contract's measured record from the wall times (seconds) of the repeats; "interpreter" is
    the Python that ran the peer (its versions are in versions_).

    bytes_moved is the memory traffic of one run (reads plus writes the recipe's result needs), or None
    where bandwidth means nothing (the recipe-2 kernel is compute-bound)."""
    best = min(times)
    return {"suite": suite, "peer": peer, "params": params, "elements": elements,
            "best_s": best, "median_s": statistics.median(times), "repeats": len(times),
            "ns_per_element": best * 1e9 / elements,
            "gb_per_s": None if bytes_moved is None else bytes_moved / best / 1e9,
            "workers": workers, "versions": versions_, "interpreter": sys.executable, "note": note}


def time_runs(run, repeats):
    """Calls run() repeats times; returns (wall seconds of each call, the last call's result)."""
    times = []
    result = None
    for _ in range(repeats):
        t0 = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - t0)
    return times, result


def emit(record):
    """Prints one record as one JSON line on stdout (the runner collects them) and flushes."""
    print(json.dumps(record), flush=True)


def progress(message):
    """Progress for humans on stderr; stdout carries only JSON lines."""
    print("[peers] %s" % message, file=sys.stderr, flush=True)


def run_peers(suite, peers, selected):
    """Runs the selected peers of a suite in order, each isolated: a PeerSkipped becomes a skipped
    record, any other exception a failed one, and the next peer still runs.

    peers maps a peer name to a function taking no arguments and returning its measured record."""
    for name, peer in peers.items():
        if name not in selected:
            continue
        progress("%s/%s ..." % (suite, name))
        t0 = time.perf_counter()
        try:
            record = peer()
        except PeerSkipped as e:
            record = skipped(suite, name, str(e))
        except Exception as e:  # isolate a broken peer: report it, run the others
            record = failed(suite, name, "%s: %s" % (type(e).__name__, e))
        progress("%s/%s done in %.1f s: %s" % (suite, name, time.perf_counter() - t0,
                                              record.get("skipped") or "best %.4g s" % record["best_s"]))
        emit(record)


def parser(description, peer_names):
    """Arguments every peer script takes: --quick, --lib, --repeats and --peers."""
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--quick", action="store_true", help="small sizes and few repeats (about a minute for all peers)")
    p.add_argument("--lib", help="path to libtessella_kernel.so (the C library the recipe-2 peers call)")
    p.add_argument("--repeats", type=int, help="timed runs per peer (default depends on --quick and the peer)")
    p.add_argument("--peers", default=",".join(peer_names),
                   help="comma-separated subset of: %s" % ", ".join(peer_names))
    return p


def selected_peers(args, peer_names):
    """The --peers subset, refusing unknown names."""
    chosen = [name for name in args.peers.split(",") if name]
    unknown = sorted(set(chosen) - set(peer_names))
    if unknown:
        raise SystemExit("unknown peer(s) %s; known: %s" % (", ".join(unknown), ", ".join(peer_names)))
    return chosen


def load_kernel(lib_path):
    """Opens the kernel library with slow_computation's C signature declared for ctypes.

    Raises PeerSkipped when no path was given or the file is missing, and RuntimeError when the file
    is not a Tessella kernel library of the ABI version these peers were written for."""
    if not lib_path:
        raise PeerSkipped("no kernel library given (--lib PATH/libtessella_kernel.so)")
    if not os.path.isfile(lib_path):
        raise PeerSkipped("kernel library not found: %s" % lib_path)
    lib = ctypes.CDLL(os.path.abspath(lib_path))
    try:
        abi_version = lib.tessella_kernel_abi_version
        slow_computation = lib.slow_computation
    except AttributeError as e:
        raise RuntimeError("not a Tessella kernel library: %s" % e)
    abi_version.argtypes = []
    abi_version.restype = ctypes.c_int32
    if abi_version() != KERNEL_ABI_VERSION:
        raise RuntimeError("%s implements kernel ABI version %d; these peers know version %d"
                           % (lib_path, abi_version(), KERNEL_ABI_VERSION))
    slow_computation.argtypes = [ctypes.c_double, ctypes.c_double, ctypes.POINTER(ctypes.c_int64)]
    slow_computation.restype = ctypes.c_int32
    return lib


def recipe_data(np, rows, cols):
    """The contract's recipe-2 pair (a1, a2), float64 arrays of shape (rows, cols).

    For flat row-major index k: ua = mix((2k+1)G), ub = mix((2k+2)G) in wrapping uint64 arithmetic;
    a1 = -1e10 (the sentinel) where ua & 31 == 0, else unit(ua) * 2000 - 1000; a2 = unit(ub) * 2000 - 1000;
    unit(u) = (u >> 11) * 2^-53. The Java twin generates the same bits."""
    k = np.arange(rows * cols, dtype=np.uint64)
    golden = np.uint64(_GOLDEN)
    ua = _mix(np, (2 * k + 1) * golden)
    ub = _mix(np, (2 * k + 2) * golden)
    a1 = np.where((ua & 31) == 0, -1.0e10, _unit(np, ua) * 2000.0 - 1000.0)
    a2 = _unit(np, ub) * 2000.0 - 1000.0
    return a1.reshape(rows, cols), a2.reshape(rows, cols)


def _mix(np, z):
    """SplitMix64's finaliser on a uint64 array (wraps mod 2^64)."""
    z = (z ^ (z >> 30)) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> 27)) * np.uint64(0x94D049BB133111EB)
    return z ^ (z >> 31)


def _unit(np, u):
    """The top 53 bits of u as a double in [0, 1), exactly."""
    return (u >> 11).astype(np.float64) * 2.0 ** -53
