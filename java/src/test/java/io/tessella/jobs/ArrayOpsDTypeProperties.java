package io.tessella.jobs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import io.tessella.memory.Casting;
import io.tessella.memory.DType;
import io.tessella.memory.IterationOrder;
import io.tessella.memory.NdArray;
import io.tessella.memory.NumPyRequired;
import io.tessella.memory.NumPyServer;
import io.tessella.memory.Promotion;
import io.tessella.memory.RandomLayouts;
import io.tessella.memory.TestValues;
import io.tessella.vector.BinaryOp;
import io.tessella.vector.Reduction;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Every operation on every pair of dtypes gives the real NumPy's result bit for bit, in NumPy's dtype:
 * operands of any dtype in any layout NumPy hands over (C, Fortran, strided, reversed, 0-d, empty,
 * big-endian, unaligned), filled over the whole range of their type (integer extremes, so overflow
 * wraps; float specials: NaN, ±0, ±Inf, subnormals), with or without NumPy's {@code dtype=}, an
 * {@code out=} of another dtype and {@code casting=}. Where NumPy refuses (a cast its rule forbids,
 * boolean subtract, integer true division), Tessella refuses too, naming what. NaN results must be NaN
 * (payloads may differ); min and max reductions may differ in the sign of a zero result
 * ({@link Reduction#MIN}). Skipped where python3 with NumPy is absent; {@code ArrayOpsDTypeGoldenTest}
 * checks NumPy's recorded answers there.
 */
@AddLifecycleHook(NumPyRequired.class)
class ArrayOpsDTypeProperties {

    private static final DType[] TYPES = DType.values();
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

    private static DType any(Random rnd) {
        return TYPES[rnd.nextInt(TYPES.length)];
    }

    @Property(tries = 600)
    void elementwiseOpsOfEveryDTypePairEqualNumPys(@ForAll Random rnd, @ForAll BinaryOp op) throws Exception {
        try (Arena arena = Arena.ofShared()) {
            DType ta = any(rnd), tb = rnd.nextInt(3) == 0 ? ta : any(rnd);
            RandomLayouts.View a = RandomLayouts.draw(rnd, arena, new RandomLayouts.Spec(0, 3, 6, 0.02, 0.3, 0.1), ta);
            long[] shape = a.array().shape();
            RandomLayouts.View b = RandomLayouts.view(rnd, arena, tb, shape, 0.3, 0.1, true);
            DType forced = rnd.nextInt(5) == 0 ? any(rnd) : null;
            Casting casting = rnd.nextInt(4) == 0 ? Casting.UNSAFE : Casting.SAME_KIND;
            DType natural = forced != null ? forced : op == BinaryOp.DIVIDE ? Promotion.divideType(ta, tb) : Promotion.resultType(ta, tb);
            DType to = rnd.nextInt(3) == 0 ? any(rnd) : natural;
            RandomLayouts.View out = RandomLayouts.view(rnd, arena, to, shape, 0.3, 0.1, false);
            ArrayOps ops = ArrayOps.create().parallelism(1 + rnd.nextInt(2)).dtype(forced).casting(casting);
            String where = "np." + op.numpyName() + "(" + a + ", " + b + ", out=" + out + ", dtype=" + forced + ", casting="
                    + casting.numpyName() + ")";
            String[] error = new String[1];
            boolean plain = forced == null && to == natural;
            NumPyServer.Result expected = numpy().call(op.numpyName(), List.of(a, b),
                    plain ? NumPyServer.Options.NONE : new NumPyServer.Options(forced, to, casting), error);
            if (expected == null) {
                var e = assertThrows(IllegalArgumentException.class, () -> ops.elementwise(op, out.array(), a.array(), b.array()), where
                        + " (NumPy: " + error[0] + ")");
                assertRefusalSaysWhy(e, error[0], where);
                return;
            }
            if (!plain) {
                Assume.that(!undefinedInNumPy(a.array(), natural) && !undefinedInNumPy(b.array(), natural));
                // Converted operands and results: astype's conversions (NumPy's ufuncs convert out-of-range
                // floats to integers otherwise on some paths; C leaves those values undefined).
                expected = converted(numpy().call(op.numpyName(), List.of(a, b), NumPyServer.Options.converted(natural), error), to);
            }
            ops.elementwise(op, out.array(), a.array(), b.array());
            assertBits(expected, out.array(), false, where);
            if (plain) {
                assertEquals(expected.fortran(), IterationOrder.fortranResult(a.array(), b.array()), "result order of " + where);
            }
        }
    }

    /**
     * Whether converting some element of {@code a} to the integer dtype {@code to} has no defined value:
     * NaN, an infinity, or a value whose truncation is out of {@code to}'s range. C leaves those
     * undefined and NumPy's own answers differ by loop (measured on NumPy 2.4, x86-64: NaN and -3e9 as
     * uint32 are 0 and 1294967296 through the scalar loop, which converts arrays shorter than 4, strided
     * ones and the tails of vectorized ones, and 2147483648 through the vectorized one), so no single
     * reference exists; Tessella's answer for them is {@link io.tessella.memory.Cast}'s, tested there.
     */
    private static boolean undefinedInNumPy(NdArray a, DType to) {
        if (!a.dtype().isFloating() || to.isFloating() || to == DType.BOOL) {
            return false;
        }
        int width = 8 * (int) to.byteSize();
        double hi = Math.scalb(1.0, to.isUnsigned() ? width : width - 1);
        double lo = to.isUnsigned() ? 0 : -hi;
        for (long bits : NumPyServer.bits(a)) {
            double d = TestValues.value(a.dtype(), bits);
            double t = d < 0 ? Math.ceil(d) : Math.floor(d);
            if (!(t >= lo && t < hi)) {
                return true;
            }
        }
        return false;
    }

    /** NumPy's result converted to {@code to} as astype converts it. */
    private static NumPyServer.Result converted(NumPyServer.Result r, DType to) {
        long[] bits = r.bits().clone();
        double[] values = new double[bits.length];
        for (int i = 0; i < bits.length; i++) {
            bits[i] = TestValues.cast(r.dtype(), bits[i], to);
            values[i] = TestValues.value(to, bits[i]);
        }
        return new NumPyServer.Result(values, bits, to, r.shape(), r.fortran());
    }

    @Property(tries = 300)
    void outerProductsOfEveryDTypePairEqualNumPys(@ForAll Random rnd) throws Exception {
        try (Arena arena = Arena.ofShared()) {
            DType ty = any(rnd), tx = rnd.nextInt(3) == 0 ? ty : any(rnd);
            RandomLayouts.View y = factor(rnd, arena, ty);
            RandomLayouts.View x = factor(rnd, arena, tx);
            long[] shape = {y.array().size(), x.array().size()};
            DType natural = Promotion.resultType(ty, tx);
            DType to = rnd.nextInt(4) == 0 ? any(rnd) : natural;
            RandomLayouts.View r = RandomLayouts.view(rnd, arena, to, shape, 0.3, 0.1, false);
            OuterImpl impl = natural == DType.FLOAT64 && rnd.nextInt(4) == 0 ? OuterImpl.NATIVE
                    : new OuterImpl[] {OuterImpl.AUTO, OuterImpl.VECTOR, OuterImpl.TILED, OuterImpl.NAIVE}[rnd.nextInt(4)];
            ArrayOps ops = ArrayOps.create().parallelism(1 + rnd.nextInt(2));
            String where = "np.outer(" + y + ", " + x + ", out=" + r + ") with " + impl;
            String[] error = new String[1];
            NumPyServer.Result expected = numpy().call("outer", List.of(y, x), new NumPyServer.Options(null, to == natural ? null : to, null),
                    error);
            if (expected == null) {
                var e = assertThrows(IllegalArgumentException.class, () -> ops.outer(r.array(), y.array(), x.array(), impl), where);
                assertRefusalSaysWhy(e, error[0], where);
                return;
            }
            if (to != natural) {
                expected = converted(numpy().call("outer", List.of(y, x), NumPyServer.Options.NONE, error), to);
            }
            assertEquals(impl.resolve(), ops.outer(r.array(), y.array(), x.array(), impl), where);
            assertArrayEquals(expected.shape(), r.array().shape(), where);
            assertBits(expected, r.array(), false, where);
        }
    }

    @Property(tries = 500)
    void reductionsOfEveryDTypeEqualNumPys(@ForAll Random rnd) throws Exception {
        try (Arena arena = Arena.ofShared()) {
            Reduction op = rnd.nextInt(3) == 0 ? (rnd.nextBoolean() ? Reduction.MIN : Reduction.MAX) : Reduction.SUM;
            DType t = any(rnd);
            RandomLayouts.View in = RandomLayouts.draw(rnd, arena, RandomLayouts.Spec.standard(), t);
            long[] lead = Arrays.copyOf(in.array().shape(), Math.max(0, in.array().ndim() - 1));
            DType forced = op == Reduction.SUM && rnd.nextInt(3) == 0 ? any(rnd) : null;
            ArrayOps ops = ArrayOps.create().parallelism(1 + rnd.nextInt(2)).dtype(forced).casting(Casting.UNSAFE);
            DType fresh = ops.reductionType(op, t);
            DType to = rnd.nextInt(4) == 0 ? any(rnd) : fresh;
            RandomLayouts.View out = RandomLayouts.view(rnd, arena, to, lead, 0.3, 0.1, false);
            DType acc = fresh;
            String name = op.name().toLowerCase(java.util.Locale.ROOT);
            String where = "out[...] = np." + name + "(" + in + ", axis=-1, dtype=" + forced + ") with out=" + out
                    + (in.array().size() <= 12 ? " of " + Arrays.toString(NumPyServer.bits(in.array())) : "");
            // Floats converted to an integer accumulator: astype's conversions (see the elementwise property).
            boolean astype = forced != null && t.isFloating() && !acc.isFloating();
            Assume.that(!astype || !undefinedInNumPy(in.array(), acc));
            String[] error = new String[1];
            NumPyServer.Result expected = numpy().call(name, List.of(in),
                    astype ? NumPyServer.Options.converted(acc) : new NumPyServer.Options(forced, null, null), error);
            if (expected == null) {
                var e = assertThrows(IllegalArgumentException.class, () -> ops.reduceLastAxis(op, in.array(), out.array()), where);
                assertEquals(true, e.getMessage().contains("empty"), e.getMessage() + " vs NumPy's " + error[0]);
                return;
            }
            expected = converted(expected, to);
            ops.reduceLastAxis(op, in.array(), out.array());
            assertArrayEquals(expected.shape(), out.array().shape(), where);
            assertBits(expected, out.array(), op != Reduction.SUM, where);
        }
    }

    @Property(tries = 150)
    void fusedMultiplyAddComputesInThePromotedFloatTypeWithOneRounding(@ForAll Random rnd) throws Exception {
        try (Arena arena = Arena.ofShared()) {
            DType[] t = {any(rnd), any(rnd), any(rnd)};
            RandomLayouts.View a = RandomLayouts.draw(rnd, arena, new RandomLayouts.Spec(0, 3, 6, 0.02, 0.3, 0.1), t[0]);
            long[] shape = a.array().shape();
            RandomLayouts.View b = RandomLayouts.view(rnd, arena, t[1], shape, 0.3, 0.1, true);
            RandomLayouts.View c = RandomLayouts.view(rnd, arena, t[2], shape, 0.3, 0.1, true);
            DType ct = Promotion.resultType(t[0], t[1], t[2]);
            RandomLayouts.View out = RandomLayouts.view(rnd, arena, ct.isFloating() ? ct : DType.FLOAT64, shape, 0.3, 0.1, false);
            ArrayOps ops = ArrayOps.create().parallelism(1 + rnd.nextInt(2));
            if (!ct.isFloating()) {
                var e = assertThrows(IllegalArgumentException.class, () -> ops.fma(out.array(), a.array(), b.array(), c.array()));
                assertEquals(true, e.getMessage().startsWith("fma computes in a floating-point dtype"), e.getMessage());
                return;
            }
            ops.fma(out.array(), a.array(), b.array(), c.array());
            long[] va = NumPyServer.bits(a.array()), vb = NumPyServer.bits(b.array()), vc = NumPyServer.bits(c.array());
            long[] got = NumPyServer.bits(out.array());
            for (int i = 0; i < got.length; i++) {
                double x = TestValues.value(ct, TestValues.cast(t[0], va[i], ct));
                double y = TestValues.value(ct, TestValues.cast(t[1], vb[i], ct));
                double z = TestValues.value(ct, TestValues.cast(t[2], vc[i], ct));
                long want = ct == DType.FLOAT64 ? Double.doubleToRawLongBits(Math.fma(x, y, z))
                        : Float.floatToRawIntBits(Math.fma((float) x, (float) y, (float) z));
                if (!TestValues.same(ct, want, got[i], true)) {
                    fail("element " + i + " of fma in " + ct + " of " + a + ", " + b + ", " + c + ": expected "
                            + TestValues.show(ct, want) + ", got " + TestValues.show(ct, got[i]));
                }
            }
        }
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

    /** Tessella's refusal is for the reason NumPy's is: a cast the rule forbids, bool subtract, or a division without a loop. */
    private static void assertRefusalSaysWhy(IllegalArgumentException e, String numpyError, String where) {
        String m = e.getMessage();
        boolean agrees = numpyError.contains("Cannot cast") ? m.startsWith("cannot cast ")
                : numpyError.contains("boolean subtract") ? m.startsWith("SUBTRACT of bool is refused")
                : numpyError.contains("No loop matching") ? m.startsWith("DIVIDE computes in a floating-point dtype")
                : false;
        if (!agrees) {
            fail(where + ": Tessella refused with '" + m + "', NumPy with '" + numpyError + "'");
        }
    }

    /** NumPy's result (its dtype is the output's) bit for bit; NaN matches any NaN; with {@code zerosEqual}, +0.0 matches -0.0. */
    static void assertBits(NumPyServer.Result expected, NdArray actual, boolean zerosEqual, String where) {
        DType t = actual.dtype();
        assertEquals(expected.dtype(), t, "result dtype of " + where);
        long[] got = NumPyServer.bits(actual);
        assertEquals(expected.bits().length, got.length, "element count of " + where);
        for (int i = 0; i < got.length; i++) {
            long e = expected.bits()[i], a = got[i];
            boolean ok = TestValues.same(t, e, a, true)
                    || zerosEqual && t.isFloating() && TestValues.value(t, e) == 0.0 && TestValues.value(t, a) == 0.0;
            if (!ok) {
                fail("element " + i + " of " + where + ": NumPy " + TestValues.show(t, e) + ", Tessella " + TestValues.show(t, a));
            }
        }
    }
}
