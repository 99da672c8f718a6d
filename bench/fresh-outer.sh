#!/usr/bin/env bash
# Issue 16's whole-process figure: `tessella outer` of a ROWS x COLS float64 result into a fresh .npy
# file (default 50000 x 10000, 4 GB, on /dev/shm), beside NumPy's np.save(path, x[None, :] * y[:, None])
# on the same factors in the same hyperfine run, and `fallocate` of the same file size: the floor (the
# file system allocating and clearing the pages, with nothing computed or written by the program).
# Each command is timed from process start to exit; its output is removed before every run
# (hyperfine --prepare), so every run writes a fresh file. The goal: Tessella <= 0.8 s and >= 3x
# faster than np.save.
#
# Usage: bench/fresh-outer.sh [--rows M] [--cols N] [--runs R] [--dir DIR] [--python PY] [--threads T]
#   --dir     where the files go (default /dev/shm); needs about 2 x the result's size free, and NumPy
#             holds one more result in RAM while it saves
#   --python  the interpreter with NumPy for the peer (default python3)
# Prints hyperfine's table, which implementation Tessella ran (its --json report: "native" = the C
# library's streaming stores, AUTO's choice above the last-level cache), the two results compared byte
# for byte, and writes hyperfine's JSON to DIR/tessella-fresh-outer/hyperfine.json.
# Needs: hyperfine, fallocate (util-linux), bin/tessella's CLI jar (mvn -B package -DskipTests -pl cli -am).
set -euo pipefail

root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
rows=50000 cols=10000 runs=5 dir=/dev/shm python=python3 threads=$(nproc)
while [[ $# -gt 0 ]]; do
  case "$1" in
    --rows) rows=$2; shift 2 ;;
    --cols) cols=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --dir) dir=$2; shift 2 ;;
    --python) python=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    -h|--help) sed -n '2,19p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "fresh-outer.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
command -v hyperfine >/dev/null || { echo "fresh-outer.sh: hyperfine is not installed (apt-get install hyperfine)" >&2; exit 2; }
"$python" -c 'import numpy' 2>/dev/null || { echo "fresh-outer.sh: $python has no NumPy (--python PY)" >&2; exit 2; }

work="$dir/tessella-fresh-outer"
rm -rf "$work"
mkdir -p "$work"
trap 'rm -f "$work"/*.npy "$work"/floor.bin' EXIT
tessella="$root/bin/tessella"

"$python" - "$work" "$rows" "$cols" <<'PY'
import sys, numpy as np
work, m, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rng = np.random.default_rng(16)
np.save(f"{work}/y.npy", rng.uniform(-1e3, 1e3, m))
np.save(f"{work}/x.npy", rng.uniform(-1e3, 1e3, n))
PY
# The .npy file's size: its header (128 bytes for a 2-d <f8 array of this kind) plus the data.
bytes=$("$python" -c "import numpy.lib.format as f, io, numpy as np; b = io.BytesIO(); f.write_array_header_1_0(b, {'descr': '<f8', 'fortran_order': False, 'shape': ($rows, $cols)}); print(len(b.getvalue()) + $rows * $cols * 8)")

echo "outer product $rows x $cols float64 into $work ($bytes bytes per file), $threads threads, $runs runs" >&2
"$tessella" outer --y "$work/y.npy" --x "$work/x.npy" --out "$work/r-tessella.npy" --threads "$threads" --overwrite --json
rm -f "$work/r-tessella.npy"

hyperfine --runs "$runs" --warmup 1 --export-json "$work/hyperfine.json" \
  --command-name "fallocate (floor)" --prepare "rm -f $work/floor.bin" "fallocate -l $bytes $work/floor.bin" \
  --command-name "tessella outer" --prepare "rm -f $work/r-tessella.npy" \
    "$tessella outer --y $work/y.npy --x $work/x.npy --out $work/r-tessella.npy --threads $threads" \
  --command-name "numpy np.save" --prepare "rm -f $work/r-numpy.npy" \
    "$python -c \"import numpy as np; x = np.load('$work/x.npy'); y = np.load('$work/y.npy'); np.save('$work/r-numpy.npy', x[None, :] * y[:, None])\""

if cmp -s "$work/r-tessella.npy" "$work/r-numpy.npy"; then
  echo "results: identical files, byte for byte" >&2
else
  echo "fresh-outer.sh: Tessella's and NumPy's files differ" >&2
  exit 1
fi
"$python" - "$work/hyperfine.json" <<'PY'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
t, n, f = (r[k]["mean"] for k in ("tessella outer", "numpy np.save", "fallocate (floor)"))
print(f"tessella {t:.3f} s (goal <= 0.8 s); np.save {n:.3f} s: {n / t:.2f}x faster (goal >= 3x); fallocate floor {f:.3f} s")
PY
