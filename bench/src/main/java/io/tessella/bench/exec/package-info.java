/**
 * JMH benchmarks of {@code io.tessella.exec}: the recipe-2 overhead case (a trivial task over 900
 * elements in 250 tiles), the scheduling cost per tile against a thread-per-tile baseline, and parallel
 * efficiency for tasks of at least 100 µs per tile. Each compares against a serial loop in the same run.
 */
package io.tessella.bench.exec;
