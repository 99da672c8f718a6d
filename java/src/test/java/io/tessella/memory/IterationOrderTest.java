package io.tessella.memory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import org.junit.jupiter.api.Test;

/**
 * NumPy's axis order, case by case as NumPy 2.4 computes it (the flags and results quoted were read
 * off NumPy; {@code ArrayOpsLayoutProperties} compares the result order with the real NumPy for
 * hundreds of drawn layouts).
 */
class IterationOrderTest {

    @Test
    void cOrderIsKeptAndFortranOrderIsReversed() {
        try (Arena arena = Arena.ofShared()) {
            NdArray c = NdArray.allocate(arena, DType.FLOAT64, 3, 4, 5);
            assertArrayEquals(new int[] {0, 1, 2}, IterationOrder.axes(c));
            assertArrayEquals(new int[] {2, 1, 0}, IterationOrder.axes(c.transpose()));
            assertArrayEquals(new int[] {1, 0, 2}, IterationOrder.axes(c.transpose(1, 0, 2)));
            assertArrayEquals(new int[] {0, 1, 2}, IterationOrder.axes(c.slice(":, ::-1, ::2")), "absolute strides");
        }
    }

    @Test
    void aFreshResultIsFortranOnlyWhenEveryInputIs() {
        try (Arena arena = Arena.ofShared()) {
            NdArray c = NdArray.allocate(arena, DType.FLOAT64, 3, 4);
            NdArray f = NdArray.allocate(arena, DType.FLOAT64, 4, 3).transpose();
            assertTrue(IterationOrder.fortranResult(f, f));                 // F + F: F(8, 24)
            assertFalse(IterationOrder.fortranResult(c, f));                // C + F: C
            assertFalse(IterationOrder.fortranResult(f, c));                // F + C: C
            assertTrue(IterationOrder.fortranResult(f.slice(":, ::2")));    // F[:, ::2] + ...: F
            assertTrue(IterationOrder.fortranResult(f.slice(":, ::-1")));   // F[:, ::-1]: F, strides positive
            NdArray col = NdArray.allocate(arena, DType.FLOAT64, 3, 1);
            assertFalse(IterationOrder.fortranResult(col, col), "both C and F: np.save writes C");
            NdArray t3 = NdArray.allocate(arena, DType.FLOAT64, 2, 3, 4).transpose(1, 0, 2);
            assertFalse(IterationOrder.fortranResult(t3, t3), "(32, 96, 8): neither, written as C");
            assertFalse(IterationOrder.fortranResult(NdArray.allocate(arena, DType.FLOAT64, 0, 3).transpose()), "empty");
            var e = assertThrows(IllegalArgumentException.class, () -> IterationOrder.fortranResult(c, f.transpose()));
            assertEquals("operands[1] shape [4, 3] != operands[0] shape [3, 4]", e.getMessage());
        }
    }

    @Test
    void aReductionKeepsTheOrderOfTheRemainingAxes() {
        try (Arena arena = Arena.ofShared()) {
            NdArray f3 = NdArray.allocate(arena, DType.FLOAT64, 4, 3, 2).transpose();     // (2, 3, 4) F(8, 16, 48)
            assertTrue(IterationOrder.fortranReduction(f3));                                // .sum(-1): F(8, 16)
            NdArray m = NdArray.allocate(arena, DType.FLOAT64, 2, 4, 3).transpose(0, 2, 1); // (96, 8, 24)
            assertFalse(IterationOrder.fortranReduction(m));                                // .sum(-1): C(24, 8)
            assertFalse(IterationOrder.fortranReduction(NdArray.allocate(arena, DType.FLOAT64, 5, 6).transpose()), "1-d result");
            assertThrows(IllegalArgumentException.class, () -> IterationOrder.fortranReduction(NdArray.allocate(arena, DType.FLOAT64)));
        }
    }

    @Test
    void theReducedAxisIsTheInnerLoopWhenItsStrideIsTheSmallest() {
        try (Arena arena = Arena.ofShared()) {
            NdArray c = NdArray.allocate(arena, DType.FLOAT64, 6, 300);
            assertTrue(IterationOrder.reducesAlongInnerLoop(c));
            assertTrue(IterationOrder.reducesAlongInnerLoop(c.slice(":, ::-1")));
            assertTrue(IterationOrder.reducesAlongInnerLoop(c.slice(":, ::2")));
            assertFalse(IterationOrder.reducesAlongInnerLoop(NdArray.allocate(arena, DType.FLOAT64, 300, 6).transpose()));
            assertTrue(IterationOrder.reducesAlongInnerLoop(NdArray.allocate(arena, DType.FLOAT64, 300, 1).transpose()),
                    "the only axis longer than 1");
            assertTrue(IterationOrder.reducesAlongInnerLoop(NdArray.allocate(arena, DType.FLOAT64, 7)), "1-d");
            NdArray mid = NdArray.allocate(arena, DType.FLOAT64, 4, 200, 5).transpose(0, 2, 1);   // strides (8000, 8, 40)
            assertFalse(IterationOrder.reducesAlongInnerLoop(mid));
        }
    }
}
