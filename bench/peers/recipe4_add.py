"""Recipe 4 (seeds/003) peers, suite "add": out = a + b over a (365, 16, 16) float64 cube.

Peers:
  numpy-add              out = a + b on the whole cube in one NumPy call, fresh result; the
                         single-process baseline. GB/s counts 24 bytes per element (two reads, one write).
  multiprocessing-tiles  the recipe's own version: a SharedMemoryManager, three named SharedMemory
                         blocks wrapped as ndarrays, the inputs np.copyto'd in, one task per 4 x 4
                         tile (16 tasks) mapped over a multiprocessing.Pool whose workers attach the
                         blocks by name and compute out[:, i:i+4, j:j+4] = a[:, i:i+4, j:j+4] +
                         b[:, i:i+4, j:j+4]. The time runs from starting the manager to its shutdown
                         (which unlinks the blocks), pool and manager start-up included, and includes
                         copying the result out for the check. The recipe's tracemalloc bookkeeping is
                         left out; its Pool(10) becomes Pool(os.cpu_count()); the workers close() their
                         attachments as the recipe's text says they should.
Both results must equal a + b exactly.

Usage: python3 bench/peers/recipe4_add.py [--quick] [--shape P,R,C] [--tile T] [--repeats K]
Prints one contract JSON line per peer on stdout.
"""
import multiprocessing
import os
from multiprocessing.managers import SharedMemoryManager
from multiprocessing.shared_memory import SharedMemory

from peers_common import measured, parser, run_peers, selected_peers, skipped_without_numpy, time_runs, versions

try:
    import numpy as np
except ImportError:
    np = None

SUITE = "add"
PEER_NAMES = ["numpy-add", "multiprocessing-tiles"]


def add_tile(task):
    """The recipe's worker: attaches the three blocks by name and adds one tile of every plane."""
    names, shape, dtype, i, j, tile = task
    blocks = [SharedMemory(name=name, create=False) for name in names]
    try:
        a, b, out = (np.ndarray(shape, dtype, buffer=block.buf) for block in blocks)
        out[:, i:i + tile, j:j + tile] = a[:, i:i + tile, j:j + tile] + b[:, i:i + tile, j:j + tile]
        del a, b, out  # release the buffer exports so that close() can unmap
    finally:
        for block in blocks:
            block.close()
    return 1


class AddPeers:
    """The two recipe-4 peers over one pair of cubes."""

    def __init__(self, args):
        self.shape = tuple(int(s) for s in args.shape.split(","))
        self.tile = args.tile
        self.quick = args.quick
        self.repeats = args.repeats
        rng = np.random.default_rng(0)
        self.a = rng.random(self.shape)
        self.b = rng.random(self.shape)
        self.expected = self.a + self.b

    def peers(self):
        return {"numpy-add": self.numpy_add, "multiprocessing-tiles": self.multiprocessing_tiles}

    def numpy_add(self):
        times, out = time_runs(lambda: self.a + self.b, self.repeats or (200 if self.quick else 2000))
        self.check(out)
        return self.record("numpy-add", times, 1, "out = a + b on the whole cube, one NumPy call, fresh result")

    def multiprocessing_tiles(self):
        workers = os.cpu_count()
        times, out = time_runs(lambda: self.shared_memory_tiles(workers), self.repeats or (3 if self.quick else 10))
        self.check(out)
        return self.record("multiprocessing-tiles", times, workers,
                           "the recipe's SharedMemoryManager + 3 named SharedMemory blocks, np.copyto of the inputs, "
                           "Pool(%d).map over %d x %d tiles attaching the blocks by name, manager and pool start-up "
                           "and shutdown included, plus copying the result out; start method %s"
                           % (workers, self.tile, self.tile, multiprocessing.get_start_method()))

    def shared_memory_tiles(self, workers):
        """One run of the recipe's shared-memory version; returns a private copy of the result."""
        with SharedMemoryManager() as smm:
            blocks = [smm.SharedMemory(size=self.a.nbytes) for _ in range(3)]
            a, b, out = (np.ndarray(self.shape, self.a.dtype, buffer=block.buf) for block in blocks)
            np.copyto(a, self.a)
            np.copyto(b, self.b)
            out[...] = 0.0  # the recipe copies its np.zeros output in too
            names = tuple(block.name for block in blocks)
            tasks = [(names, self.shape, self.a.dtype, i, j, self.tile)
                     for i in range(0, self.shape[1], self.tile) for j in range(0, self.shape[2], self.tile)]
            with multiprocessing.Pool(workers) as pool:
                pool.map(add_tile, tasks)
            result = out.copy()
            del a, b, out  # release the buffer exports before the manager unlinks the blocks
        return result

    def check(self, out):
        if not np.array_equal(out, self.expected):
            raise AssertionError("the result differs from a + b")

    def record(self, peer, times, workers, note):
        params = {"shape": list(self.shape)}
        if peer == "multiprocessing-tiles":
            params["tile"] = self.tile
        elements = int(np.prod(self.shape))
        return measured(SUITE, peer, params, elements, times, workers, versions("numpy"), note,
                        bytes_moved=24 * elements)


def main():
    p = parser("Recipe 4 peers (suite add): a + b over a cube, whole and in shared-memory tiles.", PEER_NAMES)
    p.add_argument("--shape", default="365,16,16", help="planes,rows,cols (default 365,16,16, as the recipe)")
    p.add_argument("--tile", type=int, default=4, help="tile side (default 4, as the recipe)")
    args = p.parse_args()
    chosen = selected_peers(args, PEER_NAMES)
    if skipped_without_numpy(np, SUITE, chosen):
        return
    run_peers(SUITE, AddPeers(args).peers(), chosen)


if __name__ == "__main__":
    main()
