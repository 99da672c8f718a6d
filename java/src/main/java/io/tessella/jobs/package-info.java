/**
 * The user-facing jobs, built from the layers below (memory, tiling, exec, kernel, vector): each takes
 * whole arrays, cuts them into tiles, runs the tiles in parallel and leaves a result that does not
 * depend on the tiling or the number of threads.
 *
 * <ul>
 *   <li>{@link io.tessella.jobs.ArrayOps}: NumPy's array operations on every real dtype and layout
 *       (recipes 1, 3 and 4): outer product ({@link io.tessella.jobs.OuterImpl} chooses the kernel),
 *       elementwise arithmetic, fused multiply-add and reductions along the last axis, with NumPy 2's
 *       promotion, casting and summation order, bit for bit.</li>
 *   <li>{@link io.tessella.jobs.IndexBuilder}: recipe 2's index build, a kernel call per element that
 *       passes a sentinel test, with outputs in the serial loop's order, resumable from a checkpoint.</li>
 * </ul>
 *
 * <pre>{@code
 * ArrayOps ops = ArrayOps.create().parallelism(2);
 * ops.elementwise(BinaryOp.ADD, out, a, b);                       // out = a + b, NumPy's dtype rules
 * try (IndexResult r = IndexBuilder.create().run(a1, a2)) { ... }
 * }</pre>
 */
package io.tessella.jobs;
