/**
 * Kernels only: the loops that compute over raw memory of one dtype, with no knowledge of arrays,
 * layouts, tiles or threads (those live in {@code io.tessella.jobs}, whose {@code ArrayOps} runs these
 * kernels over whole arrays). One typed-ops interface per operation family:
 * {@link io.tessella.vector.ElementwiseOps} ({@code + - * /}, minimum, maximum, fused multiply-add),
 * {@link io.tessella.vector.OuterOps} ({@code r[i, j] = y[i] * x[j]}) and
 * {@link io.tessella.vector.ReductionOps} (sum, min and max along rows, row-wise or column-wise), each
 * for one {@link io.tessella.memory.DType}, over memory described, not owned, by
 * {@link io.tessella.vector.MatrixSpan} and {@link io.tessella.vector.VectorSpan}: byte offsets and
 * byte strides into a {@link java.lang.foreign.MemorySegment}, checked once per call.
 *
 * <p>{@link io.tessella.vector.Kernels} is one implementation of all three for every dtype:
 * {@link io.tessella.vector.VectorOps} picks, once per JVM, the Vector API one when
 * {@code --add-modules jdk.incubator.vector} is given and the scalar twin otherwise
 * ({@code -Dtessella.vector=true|false} to force), and hands out each implementation (and the naive
 * reference) for comparison. All implementations give the same bits, and the same bits as NumPy 2.x:
 * a product, quotient or sum of two values is one IEEE operation of the dtype (integers wrap around as
 * NumPy's do), minimum and maximum follow NumPy's NaN and equal-value rules, and float sums follow
 * NumPy's pairwise order in their own dtype ({@link io.tessella.vector.Reduction#SUM}).
 *
 * <p><b>One generated class per dtype, not a generic one.</b> The per-dtype kernels
 * ({@code Panama<Name>Elementwise}, {@code Scalar<Name>Outer}, ...) are expanded at build time from
 * the templates in {@code src/main/templates/io/tessella/vector} by {@code src/build/GenerateKernels.java},
 * as the JDK expands {@code X-Vector.java.template} into {@code ByteVector} ... {@code DoubleVector}.
 * A single generic class over {@code Vector<E>} with a per-dtype table of species and loaders was the
 * other way: C2 intrinsifies a Vector API call only when the species, and so the vector class, is a
 * compile-time constant at the call site; a table entry read through a shared generic method is not
 * one once two dtypes have used it, and the vectors are then boxed objects running the Java fallback.
 * {@code io.tessella.bench.vector.GenericKernelBenchmark} measures the two side by side (a float32 and
 * an int16 add through one generic method, against the generated kernels, in the same run): the
 * generic loop runs one to two orders of magnitude slower than the generated one. The
 * templates keep one source per kernel; the generator keeps each class monomorphic.
 *
 * <p>Bool kernels are hand-written scalar loops shared by both sets (bool arithmetic is logical and
 * rare); the naive reference is one generic class reading every value into a {@code long} or
 * {@code double}, slow on purpose and independent of the generated code it checks.
 *
 * <pre>{@code
 * try (Arena arena = Arena.ofConfined()) {
 *     long m = 1000, n = 2000;
 *     MemorySegment y = arena.allocate(m * 4), x = arena.allocate(n * 4), r = arena.allocate(m * n * 4);
 *     VectorOps.active().outer(DType.FLOAT32).outerProduct(MatrixSpan.contiguous(r, DType.FLOAT32, m, n),
 *             VectorSpan.of(y, DType.FLOAT32), VectorSpan.of(x, DType.FLOAT32));
 * }
 * }</pre>
 */
package io.tessella.vector;
