package io.tessella.vector;

import io.tessella.memory.DType;

/**
 * The scalar twins of the Vector API kernels, for every dtype: plain Java loops generated per dtype
 * from {@code src/main/templates/io/tessella/vector/Scalar*.java.template}, giving the same bits.
 */
final class ScalarKernels implements Kernels {

    static final ScalarKernels INSTANCE = new ScalarKernels();

    private ScalarKernels() {
    }

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public ElementwiseOps elementwise(DType dtype) {
        return switch (dtype) {
            case BOOL -> BoolKernels.ELEMENTWISE;
            case INT8 -> ScalarInt8Elementwise.INSTANCE;
            case UINT8 -> ScalarUInt8Elementwise.INSTANCE;
            case INT16 -> ScalarInt16Elementwise.INSTANCE;
            case UINT16 -> ScalarUInt16Elementwise.INSTANCE;
            case INT32 -> ScalarInt32Elementwise.INSTANCE;
            case UINT32 -> ScalarUInt32Elementwise.INSTANCE;
            case INT64 -> ScalarInt64Elementwise.INSTANCE;
            case UINT64 -> ScalarUInt64Elementwise.INSTANCE;
            case FLOAT32 -> ScalarFloat32Elementwise.INSTANCE;
            case FLOAT64 -> ScalarFloat64Elementwise.INSTANCE;
        };
    }

    @Override
    public OuterOps outer(DType dtype) {
        return switch (dtype) {
            case BOOL -> BoolKernels.OUTER;
            case INT8 -> ScalarInt8Outer.INSTANCE;
            case UINT8 -> ScalarUInt8Outer.INSTANCE;
            case INT16 -> ScalarInt16Outer.INSTANCE;
            case UINT16 -> ScalarUInt16Outer.INSTANCE;
            case INT32 -> ScalarInt32Outer.INSTANCE;
            case UINT32 -> ScalarUInt32Outer.INSTANCE;
            case INT64 -> ScalarInt64Outer.INSTANCE;
            case UINT64 -> ScalarUInt64Outer.INSTANCE;
            case FLOAT32 -> ScalarFloat32Outer.INSTANCE;
            case FLOAT64 -> ScalarFloat64Outer.INSTANCE;
        };
    }

    @Override
    public ReductionOps reduction(DType dtype) {
        return switch (dtype) {
            case BOOL -> BoolKernels.REDUCTION;
            case INT8 -> ScalarInt8Reduction.INSTANCE;
            case UINT8 -> ScalarUInt8Reduction.INSTANCE;
            case INT16 -> ScalarInt16Reduction.INSTANCE;
            case UINT16 -> ScalarUInt16Reduction.INSTANCE;
            case INT32 -> ScalarInt32Reduction.INSTANCE;
            case UINT32 -> ScalarUInt32Reduction.INSTANCE;
            case INT64 -> ScalarInt64Reduction.INSTANCE;
            case UINT64 -> ScalarUInt64Reduction.INSTANCE;
            case FLOAT32 -> ScalarFloat32Reduction.INSTANCE;
            case FLOAT64 -> ScalarFloat64Reduction.INSTANCE;
        };
    }

    @Override
    public String toString() {
        return name();
    }
}
