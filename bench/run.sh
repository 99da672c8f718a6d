#!/usr/bin/env bash
# Runs the benchmark suite and writes its report into one directory (default bench/results/):
#   jmh.json      JMH's results for every benchmark class run (merged from one JMH run per class)
#   jmh.log       JMH's own console output
#   peers.json    the Python peers' records (bench/peers/run_peers.py), or a "skipped" record
#   peers.log     the peers runner's progress
#   machine.json  CPU model, vendor and vector flags, cores, memory, kernel, JDK, Python/NumPy, date, git
#                 commit, kernel libraries' hashes
#   summary.md, outer_gbps.png, index_ns.png, scheduling.png, recipe*.png   the report (io.tessella.bench.report.BenchReport)
#
# Usage: bench/run.sh [--quick] [--out DIR]
#   --quick   one fork, 2 short warm-ups and 3 short measurements per benchmark, fewer parameters and
#             no all-core outer product or kernel-call runs, peers on smaller inputs: a few minutes.
#             Without it each benchmark runs with its own settings (see the list below): much longer
#             (the estimate is printed first). Quick numbers are for checking the suite, not for quoting.
#
# Run bench/peers/setup.sh once on a fresh Debian machine first: it installs every Python peer (for
# /usr/bin/python3), and the runner runs each peer on an interpreter that has what it needs.
#
# JMH and the peers call the same C code: the kernel libraries are taken once out of the benchmark jar
# (the bundled one, the copy NativeKernel.bundled() would load, and the bench-only cheap one) and handed
# to the JMH forks as -Dtessella.kernel.path and to the peers as --lib and --cheap-lib; the whole-process
# rows run bin/tessella (whose CLI jar is built first if missing). JMH holds /tmp/jmh.lock while it runs:
# one JMH run per machine at a time.
set -euo pipefail

root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
jar="$root/bench/target/benchmarks.jar"
quick=0
out="$root/bench/results"

while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) quick=1; shift ;;
    --out) [[ $# -ge 2 ]] || { echo "run.sh: --out needs a directory" >&2; exit 2; }; out=$2; shift 2 ;;
    -h|--help) sed -n '2,25p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "run.sh: unknown argument '$1' (usage: bench/run.sh [--quick] [--out DIR])" >&2; exit 2 ;;
  esac
done

# The same search as bin/tessella: the first JDK >= 25 in $TESSELLA_JAVA_HOME, $JAVA_HOME, /usr/lib/jvm, /opt, PATH.
major_of_home() {
  local home=$1
  [[ -x "$home/bin/java" && -f "$home/release" ]] || return 1
  sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$home/release"
}

find_java_home() {
  local candidates=()
  [[ -n "${TESSELLA_JAVA_HOME:-}" ]] && candidates+=("$TESSELLA_JAVA_HOME")
  [[ -n "${JAVA_HOME:-}" ]] && candidates+=("$JAVA_HOME")
  local d
  for d in /usr/lib/jvm/* /opt/* /opt/java/*; do [[ -d "$d" ]] && candidates+=("$d"); done
  if command -v java >/dev/null; then candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"); fi
  local home major
  for home in "${candidates[@]}"; do
    major=$(major_of_home "$home" 2>/dev/null) || continue
    if [[ -n "$major" && "$major" -ge 25 ]]; then echo "$home"; return 0; fi
  done
  return 1
}

java_home=$(find_java_home) || {
  echo "run.sh: no JDK 25 or newer found (looked at \$TESSELLA_JAVA_HOME, \$JAVA_HOME, /usr/lib/jvm, /opt, PATH)." >&2
  echo "run.sh: install one (e.g. Temurin 25) or set TESSELLA_JAVA_HOME." >&2
  exit 2
}
java_bin="$java_home/bin/java"

if [[ ! -f "$jar" || ! -f "$root/cli/target/tessella-cli.jar" ]]; then
  echo "run.sh: building the benchmark and CLI jars once (mvn package -DskipTests) ..." >&2
  (cd "$root" && mvn -B -q package -DskipTests -Dinvoker.skip=true -pl java,cli,bench -am >&2) \
    || { echo "run.sh: the build failed; run 'mvn -B verify' to see why" >&2; exit 1; }
fi

mkdir -p "$out"
out=$(cd "$out" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/tessella-bench-run.XXXXXX")
trap 'rm -rf "$work"' EXIT
started=$(date +%s)

# The kernel libraries the JMH forks and the peers both load.
lib_entry="native/linux-$(uname -m)/libtessella_kernel.so"
cheap_entry="native/linux-$(uname -m)/libtessella_kernel_cheap.so"
(cd "$work" && "$java_home/bin/jar" xf "$jar" "$lib_entry" "$cheap_entry") || true
lib="$work/$lib_entry"
cheap_lib="$work/$cheap_entry"
for f in "$lib" "$cheap_lib"; do
  [[ -f "$f" ]] || { echo "run.sh: $jar has no ${f#"$work/"}; rebuild with 'mvn -B package -pl java,bench -am'" >&2; exit 1; }
done

# Benchmark class | quick-mode options ("skip": not run in quick mode) | full-mode options (empty: the
# class's own settings) | full-mode runs (parameter combinations x methods x forks) | seconds per run
# (warm-up + measurement, plus about 2 s to start the fork).
# ParallelOuterBenchmark: the 160 MB output only, each call a few ms, so 30 single shots instead of 8;
# recipe 1's real 100000x10000 (8 GB, 16 GB of RAM with a fresh output) is for running by hand.
# DType*Benchmark: outer, row sums and add on float64, float32, int16 and uint8, each beside its bandwidth
# baseline; their NumPy peers are bench/peers/dtype_numpy.py (by hand: see bench/peers/README.md).
benchmarks=(
  "OuterProductBenchmark|-p shape=16x256,64x1024,256x4096,2000x10000||20|18"
  "ParallelOuterBenchmark|skip|-p shape=2000x10000 -wi 10 -i 30|8|4"
  "IndexBuilderBenchmark|||24|18"
  "IndexOverheadBenchmark|||2|18"
  "KernelCallBenchmark|skip||22|10"
  "SchedulingBenchmark|-p tiles=100,1000,10000||21|12"
  "RowReductionBenchmark|-p op=SUM -p shape=10x1000000||24|18"
  "CubeTilesBenchmark|||4|18"
  "LayoutRowSumBenchmark|-p threads=1|-p threads=1|5|18"
  "LayoutAddBenchmark|-p threads=1|-p threads=1|5|18"
  "LayoutIndexBenchmark|-p threads=1|-p threads=1|3|18"
  "DTypeOuterBenchmark|-p threads=1 -p shape=1000x10000||32|22"
  "DTypeRowSumBenchmark|||8|20"
  "DTypeAddBenchmark|-p shape=500x10000||12|20"
  "GenericKernelBenchmark|||4|18"
)
if [[ $quick == 1 ]]; then
  timing=(-f 1 -wi 2 -w 500ms -i 3 -r 500ms)
  echo "run.sh: quick mode, about 8 minutes of JMH (about 130 runs of ~3.5 s), then the peers (a few minutes)" >&2
else
  timing=()
  total=0
  for b in "${benchmarks[@]}"; do
    IFS='|' read -r _ _ _ runs secs <<<"$b"
    total=$((total + runs * secs))
  done
  echo "run.sh: full mode, estimated $((total / 60)) minutes of JMH, then the peers (use --quick for a few minutes)" >&2
fi

: >"$out/jmh.log"
jmh_files=()
for b in "${benchmarks[@]}"; do
  IFS='|' read -r cls quick_opts full_opts _ _ <<<"$b"
  params=()
  if [[ $quick == 1 ]]; then
    [[ "$quick_opts" == skip ]] && continue
    # shellcheck disable=SC2206  # the options are words by design
    [[ -n "$quick_opts" ]] && params=($quick_opts)
  else
    # shellcheck disable=SC2206
    [[ -n "$full_opts" ]] && params=($full_opts)
  fi
  echo "run.sh: JMH $cls ..." >&2
  if "$java_bin" --enable-native-access=ALL-UNNAMED --add-modules jdk.incubator.vector -jar "$jar" \
      "io\.tessella\.bench\..*\.$cls\." "${timing[@]}" "${params[@]}" \
      -jvmArgsAppend "-Dtessella.kernel.path=$lib" \
      -rf json -rff "$work/$cls.json" >>"$out/jmh.log" 2>&1; then
    jmh_files+=("$work/$cls.json")
  else
    # One broken or locked-out benchmark should not cost the rest of the run; the report says "not measured".
    echo "run.sh: JMH $cls failed (see $out/jmh.log); the report will show it as not measured" >&2
  fi
done
"$java_bin" -cp "$jar" io.tessella.bench.report.BenchReport --merge-jmh "$out/jmh.json" "${jmh_files[@]}"

skip_peers() {
  printf '[{"suite": "*", "peer": "%s", "skipped": "%s"}]\n' "$1" "$2" >"$out/peers.json"
  echo "run.sh: peers skipped: $2" >&2
}
rm -f "$out/peers.json"
if ! command -v python3 >/dev/null; then
  skip_peers python3 "python3 not found"
elif [[ ! -f "$root/bench/peers/run_peers.py" ]]; then
  skip_peers run_peers.py "bench/peers/run_peers.py is not in this checkout"
else
  echo "run.sh: Python peers ..." >&2
  peer_args=(--lib "$lib" --cheap-lib "$cheap_lib" --tessella "$root/bin/tessella" --out "$out/peers.json")
  [[ $quick == 1 ]] && peer_args=(--quick "${peer_args[@]}")
  status=0
  python3 "$root/bench/peers/run_peers.py" "${peer_args[@]}" 2>"$out/peers.log" || status=$?
  if [[ $status != 0 ]]; then
    skip_peers run_peers.py "run_peers.py exited with status $status (see peers.log)"
  elif [[ ! -s "$out/peers.json" ]]; then
    skip_peers run_peers.py "run_peers.py wrote no peers.json (see peers.log)"
  fi
fi

json_string() {
  local s=${1//\\/\\\\}
  s=${s//\"/\\\"}
  printf '"%s"' "$s"
}
json_or_null() { if [[ -n "$1" ]]; then json_string "$1"; else printf 'null'; fi; }

cpu=$(sed -n 's/^model name[[:space:]]*:[[:space:]]*//p' /proc/cpuinfo 2>/dev/null | head -1)
cpu_vendor=$(sed -n 's/^vendor_id[[:space:]]*:[[:space:]]*//p' /proc/cpuinfo 2>/dev/null | head -1)
# The vector extensions the results depend on (AVX-512 for HotSpot's and the Vector API's widest code).
cpu_flags=$(sed -n 's/^flags[[:space:]]*:[[:space:]]*//p' /proc/cpuinfo 2>/dev/null | head -1 | tr ' ' '\n' \
  | grep -xE 'sse4_2|avx|avx2|fma|avx512f|avx512dq|avx512vl|avx512bw' | tr '\n' ' ' | sed 's/ $//')
mem_gib=$(awk '/^MemTotal:/ {printf "%.0f", $2 / 1048576}' /proc/meminfo 2>/dev/null)
jdk=$(sed -n 's/^JAVA_RUNTIME_VERSION="\(.*\)"/\1/p' "$java_home/release")
[[ -n "$jdk" ]] || jdk=$(sed -n 's/^JAVA_VERSION="\(.*\)"/\1/p' "$java_home/release")
python=$(command -v python3 >/dev/null && python3 -c 'import platform; print(platform.python_version())' 2>/dev/null || true)
numpy=$(command -v python3 >/dev/null && python3 -c 'import numpy; print(numpy.__version__)' 2>/dev/null || true)
commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || true)
# Dirty means source changes; this run's own report files (tracked in bench/results) do not count.
[[ -n "$commit" && -n "$(git -C "$root" status --porcelain --untracked-files=no -- . ":(exclude)bench/results" 2>/dev/null)" ]] && commit="$commit-dirty"
{
  printf '{\n'
  printf '  "cpu": %s,\n' "$(json_or_null "$cpu")"
  printf '  "cpu_vendor": %s,\n' "$(json_or_null "$cpu_vendor")"
  printf '  "cpu_flags": %s,\n' "$(json_or_null "$cpu_flags")"
  printf '  "cores": %s,\n' "$(nproc)"
  printf '  "memory_gib": %s,\n' "${mem_gib:-null}"
  printf '  "kernel": %s,\n' "$(json_string "$(uname -r)")"
  printf '  "jdk": %s,\n' "$(json_or_null "$jdk")"
  printf '  "python": %s,\n' "$(json_or_null "$python")"
  printf '  "numpy": %s,\n' "$(json_or_null "$numpy")"
  printf '  "date": %s,\n' "$(json_string "$(date -u +%Y-%m-%dT%H:%M:%SZ)")"
  printf '  "commit": %s,\n' "$(json_or_null "$commit")"
  printf '  "mode": %s,\n' "$(json_string "$([[ $quick == 1 ]] && echo quick || echo full)")"
  printf '  "kernel_library_sha256": %s,\n' "$(json_string "$(sha256sum "$lib" | cut -d' ' -f1)")"
  printf '  "cheap_kernel_library_sha256": %s\n' "$(json_string "$(sha256sum "$cheap_lib" | cut -d' ' -f1)")"
  printf '}\n'
} >"$out/machine.json"

"$java_bin" -Djava.awt.headless=true -cp "$jar" io.tessella.bench.report.BenchReport "$out"
echo "run.sh: done in $(( $(date +%s) - started )) s; see $out/summary.md" >&2
