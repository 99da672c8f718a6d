package io.tessella.jobs;

import io.tessella.vector.BinaryOp;
import io.tessella.vector.Reduction;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessella.io.NpyFile;
import io.tessella.io.NpyHeader;
import io.tessella.memory.DType;
import io.tessella.memory.NdArray;
import io.tessella.memory.NumPyServer;
import io.tessella.memory.TestIndices;
import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * NumPy's recorded answers for non-C layouts (src/test/resources/npy/make_layouts_golden.py wrote
 * them with NumPy 2.4), so the layout-dependent summation order is checked where python3 is absent:
 * sequential sums of Fortran-order and transposed arrays, pairwise sums of reversed and strided rows,
 * 8192-element chunks of big-endian rows, elementwise ops and np.outer over mixed layouts.
 */
class LayoutGoldenTest {

    @TempDir
    Path dir;

    /** The script's base array: C order, element i = ((i * 7919) % 10007 - 5003) / 1000.3 * 2^((i * 31) % 7 - 3). */
    private static NdArray base(Arena arena, ByteOrder order, long... shape) {
        NdArray a = NdArray.allocate(arena, DType.FLOAT64, shape).withByteOrder(order);
        long[] i = {0};
        TestIndices.forEachIndex(shape, idx -> {
            long f = i[0]++;
            a.setDouble(((f * 7919) % 10007 - 5003) / 1000.3 * Math.scalb(1.0, (int) ((f * 31) % 7) - 3), idx);
        });
        return a;
    }

    private static NdArray base(Arena arena, long... shape) {
        return base(arena, ByteOrder.LITTLE_ENDIAN, shape);
    }

    private NdArray golden(String name) throws IOException {
        Path p = dir.resolve(name + ".npy");
        try (InputStream in = getClass().getResourceAsStream("/npy/layouts/" + name + ".npy")) {
            Files.copy(in, p, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return NpyFile.open(p, NpyFile.Mode.READ_ONLY);
    }

    private void assertGolden(String name, NdArray actual) throws IOException {
        try (NdArray expected = golden(name)) {
            assertArrayEquals(expected.shape(), actual.shape(), name);
            ArrayOpsLayoutProperties.assertSame(NumPyServer.values(expected), NumPyServer.values(actual), false, name);
        }
    }

    private void assertSum(Arena arena, String name, NdArray in) throws Exception {
        long[] lead = java.util.Arrays.copyOf(in.shape(), in.ndim() - 1);
        for (int threads = 1; threads <= 2; threads++) {
            NdArray out = NdArray.allocate(arena, DType.FLOAT64, lead);
            ArrayOps.create().parallelism(threads).reduceLastAxis(Reduction.SUM, in, out);
            assertGolden(name, out);
        }
    }

    @Test
    void rowSumsFollowNumPysOrderForEachLayout() throws Exception {
        try (Arena arena = Arena.ofShared()) {
            NdArray f = base(arena, 300, 7);
            for (long i = 0; i < 300; i++) {
                f.setDouble(-0.0, i, 3);
            }
            assertSum(arena, "sum_fortran_7x300", f.transpose());
            NdArray r = base(arena, 7, 300);
            for (long j = 0; j < 300; j++) {
                r.setDouble(-0.0, 2, j);
            }
            assertSum(arena, "sum_reversed_7x300", r.slice(":, ::-1"));
            assertSum(arena, "sum_step2_7x300", base(arena, 7, 600).slice(":, ::2"));
            assertSum(arena, "sum_bigendian_2x20000", base(arena, ByteOrder.BIG_ENDIAN, 2, 20000));
            assertSum(arena, "sum_bigendian_fortran_7x300", base(arena, ByteOrder.BIG_ENDIAN, 300, 7).transpose());
            assertSum(arena, "sum_middle_4x5x200", base(arena, 4, 200, 5).transpose(0, 2, 1));
            assertSum(arena, "sum_native_2x20000", base(arena, 2, 20000));
        }
    }

    @Test
    void elementwiseAndOuterProductsOverMixedLayouts() throws Exception {
        try (Arena arena = Arena.ofShared()) {
            NdArray a = base(arena, 13, 9).transpose();
            NdArray b = base(arena, ByteOrder.BIG_ENDIAN, 9, 13).slice("::-1, :");
            for (BinaryOp op : new BinaryOp[] {BinaryOp.ADD, BinaryOp.MULTIPLY}) {
                NdArray out = NdArray.allocate(arena, DType.FLOAT64, 9, 13);
                ArrayOps.create().elementwise(op, out, a, b);
                assertGolden(op.name().toLowerCase(java.util.Locale.ROOT) + "_fortran_bigendian_9x13", out);
            }
            NdArray y = base(arena, ByteOrder.BIG_ENDIAN, 11).slice("::-1");
            NdArray x = base(arena, 4, 3).transpose();
            for (OuterImpl impl : OuterImpl.values()) {
                NdArray r = NdArray.allocate(arena, DType.FLOAT64, 12, 11).transpose();
                ArrayOps.create().outer(r, y, x, impl);
                assertGolden("outer_bigendian_fortran_11x12", r);
            }
        }
    }

    @Test
    void aBigEndianFortranFileNumPyWroteMapsToItsLogicalValues() throws Exception {
        try (Arena arena = Arena.ofShared(); NdArray file = golden("input_bigendian_fortran_5x4")) {
            NpyHeader h = NpyFile.readHeader(dir.resolve("input_bigendian_fortran_5x4.npy"));
            assertEquals(ByteOrder.BIG_ENDIAN, h.byteOrder());
            assertTrue(h.fortranOrder() && file.isFContiguous());
            NdArray expected = base(arena, 5, 4);
            TestIndices.forEachIndex(expected.shape(), idx -> assertEquals(
                    Double.doubleToRawLongBits(expected.getDouble(idx)), Double.doubleToRawLongBits(file.getDouble(idx))));
        }
    }
}
