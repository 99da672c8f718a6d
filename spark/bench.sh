#!/usr/bin/env bash
# Issue 17's figures: the index build with the heavy kernel in one JVM (2 threads), on Spark local[2] and
# on local-cluster[2,1,1024] (2 executor JVMs of 1 core), the per-task overhead of an empty tile, and the
# seed's dask.bag recipe on the same data (bench/peers/recipe2_index.py, skipped with a note without dask).
# Every Spark output is checked against the one-JVM output before its figure is printed.
#
#   spark/bench.sh [--rows R] [--cols C] [--partitions P] [--repeats N]     (default 2048 x 2048, 32, 3; about 12 minutes)
#
# Each Spark run is taken beside a one-JVM run in the same minute: ratios taken minutes apart moved with
# the host by 10% on these machines. A short job (--rows 1024 --cols 1024 --partitions 16, a 4 s build)
# shows the fixed cost of a job on fresh executors; the default, a 17 s build, shows the rate of a long one.
#
# Run it on a quiet machine: figures taken while other builds run say little.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
rows=2048 cols=2048 extra=()
while (($#)); do
  case "$1" in
    --rows) rows=$2; shift 2 ;;
    --cols) cols=$2; shift 2 ;;
    *) extra+=("$1"); shift ;;
  esac
done
mvn_repo=()
[[ -n "${MAVEN_REPO_LOCAL:-}" ]] && mvn_repo=(-Dmaven.repo.local="$MAVEN_REPO_LOCAL")
cd "$root"
mvn -B -q "${mvn_repo[@]}" -DskipTests -pl spark -am install -Dinvoker.skip=true
mvn -B -q "${mvn_repo[@]}" -pl spark test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
java_bin=$(ls -d /usr/lib/jvm/*25*/bin/java 2>/dev/null | head -1)
java_bin=${TESSELLA_JAVA:-$java_bin}
heavy="$root/java/target/native/bundle/bench/libtessella_kernel_heavy.so"
work=$(mktemp -d "${TMPDIR:-/tmp}/tessella-spark-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT

data=()
if python3 -c 'import numpy' 2>/dev/null; then
  # The peers' own recipe data (peers_common.recipe_data), so Spark and dask.bag see the same elements.
  (cd bench/peers && python3 -c "
import numpy as np, sys
from peers_common import recipe_data
a1, a2 = recipe_data(np, $rows, $cols)
np.save(sys.argv[1], a1); np.save(sys.argv[2], a2)" "$work/a1.npy" "$work/a2.npy")
  data=(--a1 "$work/a1.npy" --a2 "$work/a2.npy")
else
  data=(--rows "$rows" --cols "$cols")
  echo "bench: python3 with NumPy not found: random data, and no dask.bag peer" >&2
fi

opens=()
for p in java.lang java.lang.invoke java.lang.reflect java.io java.net java.nio java.util java.util.concurrent \
    java.util.concurrent.atomic jdk.internal.ref sun.nio.ch sun.nio.cs sun.util.calendar; do
  opens+=("--add-opens=java.base/$p=ALL-UNNAMED")
done
SPARK_HOME="$root/spark/target/spark-home" SPARK_SCALA_VERSION=2.13 SPARK_LOCAL_IP=127.0.0.1 \
  "$java_bin" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED "${opens[@]}" -Xmx2g \
  -Dtessella.test.workDir="$work" -Dlog4j2.level=error \
  -cp "spark/target/test-classes:spark/target/classes:$(cat spark/target/bench-classpath.txt)" \
  io.tessella.spark.SparkIndexBenchMain --kernel "$heavy" "${data[@]}" "${extra[@]}" 2> >(grep -v -e WARN -e INFO >&2)

if [[ ${#data[@]} -eq 4 ]]; then
  echo "dask.bag peer (the seed's recipe, 250 chunks, dask's process scheduler) on the same data and the heavy kernel:"
  # The first interpreter that has dask.bag and NumPy, as run_peers.py looks (setup.sh installs Debian's
  # dask for /usr/bin/python3, not for a python3 earlier on PATH).
  dask_python=python3
  for py in python3 /usr/bin/python3; do
    if "$py" -c 'import numpy, dask.bag' 2>/dev/null; then dask_python=$py; break; fi
  done
  (cd bench/peers && "$dask_python" recipe2_index.py --lib "$heavy" --rows "$rows" --cols "$cols" --peers dask-bag --repeats 1)
fi
