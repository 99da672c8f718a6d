package io.tessella.jobs;

import io.tessella.vector.BinaryOp;
import io.tessella.vector.Reduction;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import io.tessella.memory.DType;
import io.tessella.memory.IterationOrder;
import io.tessella.memory.NumPyRequired;
import io.tessella.memory.NumPyServer;
import io.tessella.memory.RandomLayouts;
import io.tessella.tiling.Cut;
import io.tessella.tiling.Tiling;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Every layout NumPy hands over (C and Fortran order, axes in any order, strided and reversed views,
 * 0-d and empty arrays, big-endian and unaligned data) gives NumPy's own result bit for bit, signed
 * zeros included: the real NumPy computes the same operation on the same bytes viewed the same way.
 * NaN results must be NaN (their payloads may differ where several NaNs meet); min and max may differ
 * from NumPy in the sign of a zero result ({@link Reduction#MIN}). Skipped where python3 with NumPy is
 * absent; {@code LayoutGoldenTest} checks NumPy's recorded answers there.
 */
@AddLifecycleHook(NumPyRequired.class)
class ArrayOpsLayoutProperties {

    private static NumPyServer numpy;

    private static synchronized NumPyServer numpy() throws IOException {
        if (numpy == null) {
            numpy = NumPyServer.start();
        }
        return numpy;
    }

    @AfterContainer
    static void stop() throws IOException {
        if (numpy != null) {
            numpy.close();
            numpy = null;
        }
    }

    @Property(tries = 400)
    void rowSumsEqualNumPysBitForBit(@ForAll Random rnd) throws Exception {
        reductionEqualsNumPy(rnd, Reduction.SUM);
    }

    @Property(tries = 150)
    void rowMinAndMaxEqualNumPysUpToTheSignOfAZero(@ForAll Random rnd) throws Exception {
        reductionEqualsNumPy(rnd, rnd.nextBoolean() ? Reduction.MIN : Reduction.MAX);
    }

    private static void reductionEqualsNumPy(Random rnd, Reduction op) throws Exception {
        try (Arena arena = Arena.ofShared()) {
            RandomLayouts.View in = RandomLayouts.draw(rnd, arena, RandomLayouts.Spec.standard());
            long[] lead = Arrays.copyOf(in.array().shape(), Math.max(0, in.array().ndim() - 1));
            RandomLayouts.View out = RandomLayouts.view(rnd, arena, DType.FLOAT64, lead, 0.3, 0.1, false);
            int threads = 1 + rnd.nextInt(2);
            String[] error = new String[1];
            NumPyServer.Result expected = numpy().call(op.name().toLowerCase(java.util.Locale.ROOT), List.of(in), error);
            String where = op + " of " + in + " into " + out + ", " + threads + " threads";
            if (expected == null) {
                // NumPy refuses min/max of an empty row; so must Tessella, by name.
                var e = assertThrows(IllegalArgumentException.class, () -> ops(threads).reduceLastAxis(op, in.array(), out.array()), where);
                assertEquals(true, e.getMessage().contains("empty"), e.getMessage() + " vs NumPy's " + error[0]);
                return;
            }
            ops(threads).reduceLastAxis(op, in.array(), out.array());
            assertArrayEquals(expected.shape(), out.array().shape(), where);
            assertSame(expected.values(), NumPyServer.values(out.array()), op != Reduction.SUM, where);
            if (in.array().ndim() > 0) {
                assertEquals(expected.fortran(), IterationOrder.fortranReduction(in.array()), "result order of " + where);
            }
        }
    }

    @Property(tries = 300)
    void elementwiseOpsEqualNumPysBitForBit(@ForAll Random rnd, @ForAll BinaryOp op) throws Exception {
        try (Arena arena = Arena.ofShared()) {
            RandomLayouts.View a = RandomLayouts.draw(rnd, arena, new RandomLayouts.Spec(0, 4, 6, 0.03, 0.3, 0.1));
            long[] shape = a.array().shape();
            RandomLayouts.View b = RandomLayouts.view(rnd, arena, DType.FLOAT64, shape, 0.3, 0.1, true);
            RandomLayouts.View out = RandomLayouts.view(rnd, arena, DType.FLOAT64, shape, 0.3, 0.1, false);
            int threads = 1 + rnd.nextInt(2);
            Tiling tiling = rnd.nextBoolean() ? null : randomTiling(rnd, shape);
            String where = op + " of " + a + " and " + b + " into " + out + ", " + threads + " threads, tiling " + tiling;
            NumPyServer.Result expected = numpy().call(op.name().toLowerCase(java.util.Locale.ROOT), List.of(a, b), new String[1]);
            assertNotNull(expected, where);
            ops(threads).elementwise(op, out.array(), a.array(), b.array(), tiling);
            assertSame(expected.values(), NumPyServer.values(out.array()), false, where);
            assertEquals(expected.fortran(), IterationOrder.fortranResult(a.array(), b.array()), "result order of " + where);
        }
    }

    @Property(tries = 200)
    void outerProductsEqualNumPysBitForBit(@ForAll Random rnd) throws Exception {
        try (Arena arena = Arena.ofShared()) {
            boolean intY = rnd.nextInt(4) == 0, intX = !intY && rnd.nextInt(4) == 0;
            RandomLayouts.View y = factor(rnd, arena, intY ? DType.INT64 : DType.FLOAT64);
            RandomLayouts.View x = factor(rnd, arena, intX ? DType.INT64 : DType.FLOAT64);
            long[] shape = {y.array().size(), x.array().size()};
            RandomLayouts.View r = RandomLayouts.view(rnd, arena, DType.FLOAT64, shape, 0.3, 0.1, false);
            OuterImpl impl = OuterImpl.values()[rnd.nextInt(OuterImpl.values().length)];
            int threads = 1 + rnd.nextInt(2);
            String where = "np.outer(" + y + ", " + x + ") into " + r + " with " + impl + ", " + threads + " threads";
            NumPyServer.Result expected = numpy().call("outer", List.of(y, x), new String[1]);
            assertNotNull(expected, where);
            assertEquals(impl.resolve(), ops(threads).outer(r.array(), y.array(), x.array(), impl), where);
            assertArrayEquals(expected.shape(), r.array().shape(), where);
            assertSame(expected.values(), NumPyServer.values(r.array()), false, where);
        }
    }

    @Property(tries = 150)
    void fusedMultiplyAddEqualsMathFmaInEveryLayout(@ForAll Random rnd) throws Exception {
        try (Arena arena = Arena.ofShared()) {
            RandomLayouts.View a = RandomLayouts.draw(rnd, arena, new RandomLayouts.Spec(0, 4, 6, 0.03, 0.3, 0.1));
            long[] shape = a.array().shape();
            RandomLayouts.View b = RandomLayouts.view(rnd, arena, DType.FLOAT64, shape, 0.3, 0.1, true);
            RandomLayouts.View c = RandomLayouts.view(rnd, arena, DType.FLOAT64, shape, 0.3, 0.1, true);
            RandomLayouts.View out = RandomLayouts.view(rnd, arena, DType.FLOAT64, shape, 0.3, 0.1, false);
            ops(1 + rnd.nextInt(2)).fma(out.array(), a.array(), b.array(), c.array());
            double[] va = NumPyServer.values(a.array()), vb = NumPyServer.values(b.array()), vc = NumPyServer.values(c.array());
            double[] expected = new double[va.length];
            for (int i = 0; i < va.length; i++) {
                expected[i] = Math.fma(va[i], vb[i], vc[i]);
            }
            assertSame(expected, NumPyServer.values(out.array()), false, "fma of " + a + ", " + b + ", " + c + " into " + out);
        }
    }

    private static ArrayOps ops(int threads) {
        return ArrayOps.create().parallelism(threads);
    }

    /** A factor of np.outer: any rank up to 2 (0-d is one value), any layout. */
    private static RandomLayouts.View factor(Random rnd, Arena arena, DType dtype) {
        int rank = rnd.nextInt(3);
        long[] shape = new long[rank];
        for (int k = 0; k < rank; k++) {
            shape[k] = rnd.nextInt(15) == 0 ? 0 : 1 + rnd.nextInt(rank == 1 ? 70 : 9);
        }
        return RandomLayouts.view(rnd, arena, dtype, shape, 0.3, 0.1, true);
    }

    private static Tiling randomTiling(Random rnd, long[] shape) {
        Cut[] cuts = new Cut[shape.length];
        for (int k = 0; k < shape.length; k++) {
            cuts[k] = rnd.nextBoolean() ? Cut.whole() : Cut.blocks(1 + rnd.nextInt(4));
        }
        return Tiling.of(shape, cuts);
    }

    /** Bit for bit; NaN matches any NaN; with {@code zerosEqual}, +0.0 matches -0.0. */
    static void assertSame(double[] expected, double[] actual, boolean zerosEqual, String where) {
        assertEquals(expected.length, actual.length, "element count of " + where);
        for (int i = 0; i < expected.length; i++) {
            double e = expected[i], a = actual[i];
            boolean ok = Double.isNaN(e) ? Double.isNaN(a)
                    : Double.doubleToRawLongBits(e) == Double.doubleToRawLongBits(a) || zerosEqual && e == 0.0 && a == 0.0;
            if (!ok) {
                fail("element " + i + " of " + where + ": NumPy " + e + " (0x" + Long.toHexString(Double.doubleToRawLongBits(e))
                        + "), Tessella " + a + " (0x" + Long.toHexString(Double.doubleToRawLongBits(a)) + ")");
            }
        }
    }
}
