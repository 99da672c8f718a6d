package io.tessella.vector;

import io.tessella.memory.DType;
import jdk.incubator.vector.DoubleVector;

/**
 * The Vector API kernels for every dtype, generated per dtype from
 * {@code src/main/templates/io/tessella/vector/Panama*.java.template} (bool, rare in arithmetic, runs its
 * scalar kernels). Only {@link VectorOps} creates it, by name, after checking that
 * {@code jdk.incubator.vector} is in the boot layer: no class that always loads may refer to it.
 */
final class PanamaKernels implements Kernels {

    private final String name;

    PanamaKernels() {
        int lanes = DoubleVector.SPECIES_PREFERRED.length();
        if (lanes < 2) {
            throw new UnsupportedOperationException("the preferred vector species holds " + lanes
                    + " double(s); at least 2 are needed for the Vector API to beat scalar code");
        }
        if (8 % Math.min(lanes, 8) != 0) {
            throw new UnsupportedOperationException("the preferred vector species holds " + lanes
                    + " doubles, which does not divide the 8 accumulators of the pairwise sum");
        }
        this.name = "vector (" + DoubleVector.SPECIES_PREFERRED.vectorBitSize() + "-bit)";
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ElementwiseOps elementwise(DType dtype) {
        return switch (dtype) {
            case BOOL -> BoolKernels.ELEMENTWISE;
            case INT8 -> PanamaInt8Elementwise.INSTANCE;
            case UINT8 -> PanamaUInt8Elementwise.INSTANCE;
            case INT16 -> PanamaInt16Elementwise.INSTANCE;
            case UINT16 -> PanamaUInt16Elementwise.INSTANCE;
            case INT32 -> PanamaInt32Elementwise.INSTANCE;
            case UINT32 -> PanamaUInt32Elementwise.INSTANCE;
            case INT64 -> PanamaInt64Elementwise.INSTANCE;
            case UINT64 -> PanamaUInt64Elementwise.INSTANCE;
            case FLOAT32 -> PanamaFloat32Elementwise.INSTANCE;
            case FLOAT64 -> PanamaFloat64Elementwise.INSTANCE;
        };
    }

    @Override
    public OuterOps outer(DType dtype) {
        return switch (dtype) {
            case BOOL -> BoolKernels.OUTER;
            case INT8 -> PanamaInt8Outer.INSTANCE;
            case UINT8 -> PanamaUInt8Outer.INSTANCE;
            case INT16 -> PanamaInt16Outer.INSTANCE;
            case UINT16 -> PanamaUInt16Outer.INSTANCE;
            case INT32 -> PanamaInt32Outer.INSTANCE;
            case UINT32 -> PanamaUInt32Outer.INSTANCE;
            case INT64 -> PanamaInt64Outer.INSTANCE;
            case UINT64 -> PanamaUInt64Outer.INSTANCE;
            case FLOAT32 -> PanamaFloat32Outer.INSTANCE;
            case FLOAT64 -> PanamaFloat64Outer.INSTANCE;
        };
    }

    @Override
    public ReductionOps reduction(DType dtype) {
        return switch (dtype) {
            case BOOL -> BoolKernels.REDUCTION;
            case INT8 -> PanamaInt8Reduction.INSTANCE;
            case UINT8 -> PanamaUInt8Reduction.INSTANCE;
            case INT16 -> PanamaInt16Reduction.INSTANCE;
            case UINT16 -> PanamaUInt16Reduction.INSTANCE;
            case INT32 -> PanamaInt32Reduction.INSTANCE;
            case UINT32 -> PanamaUInt32Reduction.INSTANCE;
            case INT64 -> PanamaInt64Reduction.INSTANCE;
            case UINT64 -> PanamaUInt64Reduction.INSTANCE;
            case FLOAT32 -> PanamaFloat32Reduction.INSTANCE;
            case FLOAT64 -> PanamaFloat64Reduction.INSTANCE;
        };
    }

    @Override
    public String toString() {
        return name;
    }
}
