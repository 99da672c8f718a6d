package io.tessella.vector;

import io.tessella.memory.DType;

/**
 * One implementation of every kernel family for every dtype: the Vector API path, its scalar twin or
 * the naive reference ({@link VectorOps#vector()}, {@link VectorOps#scalar()}, {@link VectorOps#naive()};
 * {@link VectorOps#active()} is the one Tessella uses).
 *
 * <p>Thread-safety: immutable; the kernels it hands out are stateless.
 *
 * <pre>{@code
 * Kernels k = VectorOps.active();
 * k.elementwise(DType.INT16).apply(BinaryOp.ADD, out, a, b);
 * k.reduction(DType.FLOAT32).reduceRows(Reduction.SUM, m, sums);
 * }</pre>
 */
public sealed interface Kernels permits ScalarKernels, NaiveKernels, PanamaKernels {

    /**
     * What this implementation is, e.g. {@code "vector (512-bit)"}, {@code "scalar"} or {@code "naive"}.
     *
     * @return a short human-readable name
     */
    String name();

    /**
     * The elementwise kernels of {@code dtype}.
     *
     * @param dtype the operands' dtype
     * @return the kernels
     */
    ElementwiseOps elementwise(DType dtype);

    /**
     * The outer-product kernel of {@code dtype}.
     *
     * @param dtype the factors' dtype
     * @return the kernel
     */
    OuterOps outer(DType dtype);

    /**
     * The reductions of rows of {@code dtype}.
     *
     * @param dtype the input dtype
     * @return the kernels
     */
    ReductionOps reduction(DType dtype);
}
