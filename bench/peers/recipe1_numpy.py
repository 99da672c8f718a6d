"""Recipe 1's NumPy answer, timed: r = x[None, :] * y[:, None] for y = arange(M), x = rand(N).

Usage: python3 bench/peers/recipe1_numpy.py [M] [N] [repeats]   (default 100000 10000 3)
Prints one JSON line: best and median seconds over the repeats, GB/s written, NumPy version.
The time includes allocating the fresh 8*M*N-byte result, as in the recipe.
"""
import json
import statistics
import sys
import time

import numpy as np


def main():
    m = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 10_000
    repeats = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    y = np.arange(m)
    x = np.random.default_rng(0).random(n)
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        r = x[None, :] * y[:, None]
        times.append(time.perf_counter() - t0)
        assert r[m - 1, n - 1] == (m - 1) * x[n - 1]
        del r
    best = min(times)
    print(json.dumps({"peer": "numpy-broadcast", "m": m, "n": n, "best_s": best, "median_s": statistics.median(times),
                      "gb_per_s": 8 * m * n / best / 1e9, "numpy": np.__version__}))


if __name__ == "__main__":
    main()
