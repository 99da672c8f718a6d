/**
 * Vector API fast paths and their scalar twins over raw float64 memory: the outer product
 * {@code r[i, j] = y[i] * x[j]}, elementwise {@code + - * /} and fused multiply-add, and sum, min and
 * max along the last axis.
 *
 * <p>{@link io.tessella.vector.Float64Ops} is the one interface; {@link io.tessella.vector.VectorOps}
 * picks its implementation once per JVM (Vector API when {@code --add-modules jdk.incubator.vector}
 * is given, scalar otherwise, {@code -Dtessella.vector=true|false} to force) and hands out each
 * implementation for comparison. Memory is described, not owned, by
 * {@link io.tessella.vector.MatrixSpan} and {@link io.tessella.vector.VectorSpan}: byte offsets and
 * byte strides into a {@link java.lang.foreign.MemorySegment}, checked once per call.
 *
 * <p>All implementations give the same bits, and the same bits as NumPy 2.x: a product, quotient or
 * sum of two values is one IEEE operation, int64 factors are rounded to double as NumPy promotes
 * them, and sums follow NumPy's pairwise order ({@link io.tessella.vector.Reduction#SUM}).
 *
 * <p>The kernels read contiguous native float64 only. {@link io.tessella.vector.ArrayOps} runs them
 * over whole arrays of any layout and byte order: operands whose rows are contiguous native float64
 * go in place, the others through small staging buffers ({@link io.tessella.memory.Staging}), and row
 * sums follow the order NumPy takes for the layout at hand.
 *
 * <pre>{@code
 * try (Arena arena = Arena.ofConfined()) {
 *     long m = 100_000, n = 10_000;
 *     MemorySegment y = arena.allocate(m * 8), x = arena.allocate(n * 8), r = arena.allocate(m * n * 8);
 *     VectorOps.active().outerProduct(MatrixSpan.contiguous(r, m, n), VectorSpan.int64(y), VectorSpan.float64(x));
 * }
 * }</pre>
 */
package io.tessella.vector;
