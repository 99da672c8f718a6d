/**
 * Tessella's jobs on Apache Spark 4.2: the index builder of recipe 2 ({@link io.tessella.spark.SparkIndexJob}),
 * and the outer product, tiled add and row sums of recipes 1, 4 and 3 ({@link io.tessella.spark.SparkArrayJob}).
 *
 * <p>Spark owns scheduling, retries and placement; Tessella owns the tile. A job's arrays are cut into
 * blocks along one axis ({@link io.tessella.spark.RowBlocks}), one partition each, and each task runs the
 * same library code the local command runs ({@code IndexBuilder}, {@code ArrayOps}) on its block. Inputs
 * are {@code .npy} files every executor reads ({@link io.tessella.spark.NpySource}: mapped paths, or
 * Hadoop URIs read with positioned reads); kernels come from the jar, from a library shipped with the job,
 * or from a Java factory ({@link io.tessella.spark.KernelSource}). Outputs follow the project's rule: the
 * driver reserves them before any task and publishes them, complete, by its own commit; a retried,
 * speculative or lost attempt never duplicates or drops a row.
 *
 * <p>Spark is {@code provided}: the cluster's. Nothing in {@code io.tessella} depends on this package.
 *
 * <pre>{@code
 * SparkIndexResult r = SparkIndexJob.create(spark).writeNpy(NpySource.of(Path.of("a1.npy")), NpySource.of(Path.of("a2.npy")),
 *         Path.of("/shared/out"));
 * }</pre>
 */
package io.tessella.spark;
