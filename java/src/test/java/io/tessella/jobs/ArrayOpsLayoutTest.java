package io.tessella.jobs;

import io.tessella.vector.BinaryOp;
import io.tessella.vector.Reduction;
import io.tessella.vector.VectorOps;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessella.memory.DType;
import io.tessella.memory.NdArray;
import io.tessella.memory.Slice;
import java.lang.foreign.Arena;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The layout cases as specifications: which path runs (in place, with no copy, for contiguous native
 * operands), 0-d and empty arrays, and the implementation choice that no JVM flag turns into an error.
 * The values themselves are checked against NumPy in {@link ArrayOpsLayoutProperties}.
 */
class ArrayOpsLayoutTest {

    private static NdArray fortran(Arena arena, long rows, long cols) {
        NdArray f = NdArray.allocate(arena, DType.FLOAT64, cols, rows).transpose();
        f.copyFrom(ArrayOpsTest.random(arena, rows * 31 + cols, rows, cols));
        return f;
    }

    @Test
    void contiguousOperandsGoToTheKernelsWithoutACopy() throws Exception {
        try (Arena arena = Arena.ofShared()) {
            NdArray a = ArrayOpsTest.random(arena, 1, 40, 300), b = ArrayOpsTest.random(arena, 2, 40, 300);
            NdArray out = NdArray.allocate(arena, DType.FLOAT64, 40, 300);
            NdArray sums = NdArray.allocate(arena, DType.FLOAT64, 40);
            NdArray y = ArrayOpsTest.random(arena, 3, 40), x = ArrayOpsTest.random(arena, 4, 300);
            ArrayOps ops = ArrayOps.create().parallelism(2);
            long before = ArrayOps.stagedElements();
            ops.elementwise(BinaryOp.ADD, out, a, b);
            ops.fma(out, a, b, out);
            ops.reduceLastAxis(Reduction.SUM, a, sums);
            ops.outer(out, y, x, OuterImpl.TILED);
            ops.outer(out, y, x, OuterImpl.NATIVE);
            // All-Fortran operands are a C-order walk of their transposes; a Fortran sum is a column-by-column add.
            NdArray fa = fortran(arena, 40, 300), fb = fortran(arena, 40, 300), fo = fortran(arena, 40, 300);
            ops.elementwise(BinaryOp.MULTIPLY, fo, fa, fb);
            ops.reduceLastAxis(Reduction.SUM, fa, sums);
            ops.outer(fo, y, x, OuterImpl.AUTO);
            assertEquals(before, ArrayOps.stagedElements(), "elements copied through staging buffers");

            ops.elementwise(BinaryOp.ADD, out, fa, b);                       // mixed: the Fortran input is staged
            assertEquals(before + 40 * 300, ArrayOps.stagedElements());
        }
    }

    @Test
    void bigEndianAndReversedOperandsAreStagedAndGiveThePlainLoopsResult() throws Exception {
        try (Arena arena = Arena.ofShared()) {
            NdArray a = ArrayOpsTest.random(arena, 5, 7, 9);
            NdArray be = NdArray.allocate(arena, DType.FLOAT64, 7, 9).withByteOrder(ByteOrder.BIG_ENDIAN);
            be.copyFrom(a);
            NdArray out = NdArray.allocate(arena, DType.FLOAT64, 9, 7).withByteOrder(ByteOrder.BIG_ENDIAN).transpose();
            NdArray rev = a.slice("::-1, ::-1");
            long before = ArrayOps.stagedElements();
            ArrayOps.create().elementwise(BinaryOp.SUBTRACT, out, be, rev);
            assertTrue(ArrayOps.stagedElements() > before);
            for (long i = 0; i < 7; i++) {
                for (long j = 0; j < 9; j++) {
                    ArrayOpsTest.assertBits(a.getDouble(i, j) - a.getDouble(6 - i, 8 - j), out.getDouble(i, j), i + "," + j);
                }
            }
        }
    }

    @Test
    void zeroDimensionalArraysAreOneElement() throws Exception {
        try (Arena arena = Arena.ofShared()) {
            NdArray a = NdArray.allocate(arena, DType.FLOAT64), b = NdArray.allocate(arena, DType.FLOAT64);
            NdArray out = NdArray.allocate(arena, DType.FLOAT64);
            a.setDouble(-0.0);
            b.setDouble(-0.0);
            ArrayOps.create().elementwise(BinaryOp.ADD, out, a, b);
            ArrayOpsTest.assertBits(-0.0, out.getDouble(), "np.add of 0-d arrays");
            ArrayOps.create().reduceLastAxis(Reduction.SUM, a, out);
            ArrayOpsTest.assertBits(0.0, out.getDouble(), "np.array(-0.0).sum(-1) is +0.0 in NumPy 2.4");
            ArrayOps.create().reduceLastAxis(Reduction.MIN, a, out);
            ArrayOpsTest.assertBits(-0.0, out.getDouble(), "np.array(-0.0).min(-1)");
            NdArray r = NdArray.allocate(arena, DType.FLOAT64, 1, 3), x = ArrayOpsTest.random(arena, 6, 3);
            a.setDouble(2.0);
            ArrayOps.create().outer(r, a, x, OuterImpl.AUTO);                 // np.outer ravels a 0-d factor to one value
            ArrayOpsTest.assertBits(2.0 * x.getDouble(2), r.getDouble(0, 2), "np.outer(2.0, x)[0, 2]");
        }
    }

    @Test
    void emptyRowsSumToPlusZeroAndHaveNoMinimum() throws Exception {
        try (Arena arena = Arena.ofShared()) {
            NdArray in = NdArray.allocate(arena, DType.FLOAT64, 5, 0);
            NdArray out = NdArray.allocate(arena, DType.FLOAT64, 5);
            out.setDouble(-1.0, 4);
            ArrayOps.create().reduceLastAxis(Reduction.SUM, in, out);
            for (long i = 0; i < 5; i++) {
                ArrayOpsTest.assertBits(0.0, out.getDouble(i), "np.zeros((5, 0)).sum(-1)[" + i + "]");
            }
            var e = assertThrows(IllegalArgumentException.class, () -> ArrayOps.create().reduceLastAxis(Reduction.MIN,
                    NdArray.allocate(arena, DType.FLOAT64, 0, 0), NdArray.allocate(arena, DType.FLOAT64, 0)));
            assertEquals("in shape [0, 0] has an empty last axis: MIN of an empty row has no identity", e.getMessage());
        }
    }

    @Test
    void vectorFallsBackToItsScalarTwinAndAutoPicksTheFastestPresent() throws Exception {
        try (Arena arena = Arena.ofShared()) {
            NdArray y = ArrayOpsTest.random(arena, 7, 5), x = ArrayOpsTest.random(arena, 8, 6);
            NdArray r = NdArray.allocate(arena, DType.FLOAT64, 5, 6), expected = NdArray.allocate(arena, DType.FLOAT64, 5, 6);
            ArrayOps.create().outer(expected, y, x, OuterImpl.NAIVE);
            boolean vector = VectorOps.vector().isPresent();
            assertEquals(vector ? OuterImpl.VECTOR : OuterImpl.TILED, ArrayOps.create().outer(r, y, x, OuterImpl.VECTOR));
            assertEquals(-1, expected.contiguousSegment().mismatch(r.contiguousSegment()));
            OuterImpl auto = VectorOps.implementation() == VectorOps.Implementation.VECTOR ? OuterImpl.VECTOR : OuterImpl.TILED;
            assertEquals(auto, OuterImpl.AUTO.resolve());
            assertEquals(auto, ArrayOps.create().outer(r, y, x, OuterImpl.AUTO));
            assertEquals(OuterImpl.AUTO, OuterImpl.parse("Auto"));
        }
    }

    @Test
    void vectorWithoutTheModuleSaysSoInOneLogLinePerJvm() throws Exception {
        if (VectorOps.vector().isPresent()) {
            ArrayOps.create().outer(NdArray.allocate(Arena.ofAuto(), DType.FLOAT64, 1, 1), ArrayOpsTest.random(Arena.ofAuto(), 1, 1),
                    ArrayOpsTest.random(Arena.ofAuto(), 2, 1), OuterImpl.VECTOR);
            assertFalse(ArrayOps.vectorFallbackLogged(), "the Vector API ran: nothing to say");
            return;
        }
        java.util.logging.Logger log = java.util.logging.Logger.getLogger("io.tessella.vector");
        java.util.List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Handler h = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord r) {
                lines.add(r.getLevel() + " " + r.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        log.addHandler(h);
        try (Arena arena = Arena.ofShared()) {
            boolean before = ArrayOps.vectorFallbackLogged();
            for (int i = 0; i < 3; i++) {
                ArrayOps.create().outer(NdArray.allocate(arena, DType.FLOAT64, 2, 2), ArrayOpsTest.random(arena, 1, 2),
                        ArrayOpsTest.random(arena, 2, 2), OuterImpl.VECTOR);
            }
            assertTrue(ArrayOps.vectorFallbackLogged());
            List<String> fallback = lines.stream().filter(l -> l.contains("OuterImpl.VECTOR is unavailable")).toList();
            assertEquals(before ? 0 : 1, fallback.size(), "one line per JVM: " + lines);
            if (!before) {
                assertTrue(fallback.get(0).startsWith("WARNING") && fallback.get(0).contains("--add-modules jdk.incubator.vector"),
                        fallback.get(0));
            }
        } finally {
            log.removeHandler(h);
        }
    }

    @Test
    void badOperandsAreRefusedByName() {
        try (Arena arena = Arena.ofShared()) {
            NdArray a = NdArray.allocate(arena, DType.FLOAT64, 3, 4);
            NdArray broadcast = NdArray.wrap(a.segment(), 0, DType.FLOAT64, new long[] {3, 4}, new long[] {0, 8});
            var e = assertThrows(IllegalArgumentException.class, () -> ArrayOps.create().elementwise(BinaryOp.ADD, broadcast, a, a));
            assertEquals("out has stride 0 on axis 0 of length 3: its elements overlap", e.getMessage());
            NdArray y = NdArray.allocate(arena, DType.INT64, 3), x = NdArray.allocate(arena, DType.INT64, 4);
            e = assertThrows(IllegalArgumentException.class, () -> ArrayOps.create().outer(a, y, x, OuterImpl.NATIVE));
            assertEquals("impl NATIVE computes float64 products only; np.outer(y, x) of INT64 and INT64 is INT64: use OuterImpl.AUTO",
                    e.getMessage());
            NdArray ro = NdArray.wrap(a.segment().asReadOnly(), DType.FLOAT64, 3, 4);
            e = assertThrows(IllegalArgumentException.class, () -> ArrayOps.create().reduceLastAxis(Reduction.SUM, ro, ro.select(1, 0)));
            assertTrue(e.getMessage().startsWith("out NdArray[FLOAT64 shape [3] strides [32]] is read-only"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> ArrayOps.create().reduceLastAxis(Reduction.SUM, a,
                    a.slice(0, Slice.of(0, 2))));
            assertEquals("out shape [2, 4] != in shape without its last axis [3]", e.getMessage());
        }
    }
}
