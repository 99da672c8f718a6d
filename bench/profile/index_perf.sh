#!/usr/bin/env bash
# Profiles the index builder (or the C recipe) with perf on CPU-clock samples, for bench/index-overhead.md:
#   bench/profile/index_perf.sh SHAPE THREADS builder|crecipe [KERNEL] [OUT_DIR]
# Runs IndexProfileMain --seconds 24 (the builder, or the C recipe, over and over), records 12 s of samples
# once it is warm, then prints the runs' best and median ns/element and where the CPU time went
# (perf_categories.py). Needs perf (Debian: linux-perf) and the benchmark jar (mvn -B package).
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)
[[ $# -ge 3 ]] || { echo "usage: bench/profile/index_perf.sh SHAPE THREADS builder|crecipe [cheap|bundled] [OUT_DIR]" >&2; exit 2; }
shape=$1 threads=$2 loop=$3 kernel=${4:-cheap} out=${5:-${TMPDIR:-/tmp}}
java=${JAVA:-$(ls -d /usr/lib/jvm/*25*/bin/java 2>/dev/null | head -1)}
[[ -x "$java" ]] || { echo "index_perf.sh: no JDK 25 java (set JAVA)" >&2; exit 2; }
tag="index-$kernel-$shape-$threads-$loop"
# The perf map names JIT-compiled methods; frame pointers let perf walk through them.
"$java" -XX:+UnlockDiagnosticVMOptions -XX:+DumpPerfMapAtExit -XX:+PreserveFramePointer --enable-native-access=ALL-UNNAMED -Xmx2g \
  -cp "$root/bench/target/benchmarks.jar" io.tessella.bench.jobs.IndexProfileMain \
  --kernel "$kernel" --shape "$shape" --threads "$threads" --loop "$loop" --seconds 24 >"$out/$tag.log" 2>&1 &
pid=$!
sleep 9
perf record -q -e cpu-clock -F 997 -g -p "$pid" -o "$out/$tag.perf" -- sleep 12 >/dev/null 2>&1 || true
wait "$pid"
echo "== $tag (load average $(cut -d' ' -f1-3 /proc/loadavg))"
grep -E "ns/element" "$out/$tag.log" | awk '{print $(NF-3)}' | sort -n \
  | awk '{a[NR]=$1} END {printf "%d runs: best %.2f, median %.2f ns/element\n", NR, a[1], a[int((NR+1)/2)]}'
(cd "$root" && python3 bench/profile/perf_categories.py "$out/$tag.perf" java/target/native/bundle)
