/**
 * JMH benchmarks of {@code io.tessella.vector}: every path beside a baseline measured in the same run.
 *
 * <pre>
 * mvn -B -q package -DskipTests
 * java -jar bench/target/benchmarks.jar 'io.tessella.bench.vector' -rf json -rff vector.json
 * # the full 8 GB recipe-1 output:
 * java -jar bench/target/benchmarks.jar 'vector.OuterProductBenchmark' -p shape=100000x10000 -wi 2 -i 5
 * </pre>
 *
 * <p>Run them on an otherwise idle machine; {@code java} must be JDK 25. The scalar and vector
 * variants of a benchmark differ only in their fork's JVM flags; do not add
 * {@code --add-modules jdk.incubator.vector} to the host JVM, the forks choose for themselves.
 */
package io.tessella.bench.vector;
