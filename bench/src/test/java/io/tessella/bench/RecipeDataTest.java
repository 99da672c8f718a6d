package io.tessella.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tessella.memory.DType;
import io.tessella.memory.NdArray;
import java.lang.foreign.Arena;
import org.junit.jupiter.api.Test;

/**
 * The Java generator matches the Python peers' one. The expected values were computed with NumPy
 * 2.4.6 from the contract's formula, not from this class:
 *
 * <pre>
 * import numpy as np
 * k = np.arange(20, dtype=np.uint64); G = np.uint64(0x9E3779B97F4A7C15)
 * def mix(z):
 *     z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
 *     z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
 *     return z ^ (z >> np.uint64(31))
 * with np.errstate(over='ignore'):
 *     ua = mix((np.uint64(2) * k + np.uint64(1)) * G); ub = mix((np.uint64(2) * k + np.uint64(2)) * G)
 * unit = lambda u: (u >> np.uint64(11)).astype(np.float64) * 2.0**-53
 * a1 = np.where((ua &amp; np.uint64(31)) == 0, -1.0e10, unit(ua) * 2000.0 - 1000.0)
 * a2 = unit(ub) * 2000.0 - 1000.0
 * print([repr(float(v)) for v in a1]); print([repr(float(v)) for v in a2])
 * </pre>
 */
class RecipeDataTest {
    static final double[] A1 = {766.6216164272853, -947.1324568148045, -787.3066168655752, -652.2642680806343,
        -508.6221023197373, -207.06404874237296, 47.901183309902535, 416.44466947909314, -22.170739034990106,
        -590.6093565216588, 710.9794817225434, 859.0681371529893, 730.3468980630928, -10000000000.0,
        272.9680145646141, 886.0267319013478, -902.4076432517368, 643.2023194385988, -488.31255663780394,
        -139.84485073179667};
    static final double[] A2 = {-136.94400590298005, 941.763956307657, -345.3484715637485, 543.093112663134,
        904.0613827356528, 522.0688432552538, 110.33503226686503, 36.96436788434812, 529.7573880152374,
        688.3102857287079, 320.42057164680637, -341.5094807354367, 151.32176217466258, -493.5723890123298,
        861.8809553141575, -566.4913809580128, -958.2465630644865, -176.66441687503448, -529.4111204781071,
        -377.6251733570102};

    @Test
    void firstTwentyElementsMatchNumPyBitForBit() {
        for (int k = 0; k < 20; k++) {
            assertEquals(Double.doubleToRawLongBits(A1[k]), Double.doubleToRawLongBits(RecipeData.a1(k)), "a1[" + k + "]");
            assertEquals(Double.doubleToRawLongBits(A2[k]), Double.doubleToRawLongBits(RecipeData.a2(k)), "a2[" + k + "]");
        }
    }

    @Test
    void fillLaysElementKAtFlatRowMajorIndexK() {
        try (Arena arena = Arena.ofConfined()) {
            NdArray a1 = NdArray.allocate(arena, DType.FLOAT64, 4, 5);
            NdArray a2 = NdArray.allocate(arena, DType.FLOAT64, 4, 5);
            RecipeData.fill(a1, a2);
            double[] got1 = new double[20], got2 = new double[20];
            for (int i = 0; i < 4; i++) {
                for (int j = 0; j < 5; j++) {
                    got1[i * 5 + j] = a1.getDouble(i, j);
                    got2[i * 5 + j] = a2.getDouble(i, j);
                }
            }
            assertArrayEquals(A1, got1);
            assertArrayEquals(A2, got2);
        }
    }

    @Test
    void aboutOneElementInThirtyTwoIsTheSentinel() {
        int sentinels = 0, n = 1 << 16;
        for (int k = 0; k < n; k++) {
            sentinels += RecipeData.a1(k) == RecipeData.SENTINEL ? 1 : 0;
        }
        assertEquals(n / 32.0, sentinels, n / 32.0 * 0.1);
    }

    @Test
    void fillRejectsArraysOfDifferentShapes() {
        try (Arena arena = Arena.ofConfined()) {
            NdArray a1 = NdArray.allocate(arena, DType.FLOAT64, 4, 5);
            NdArray a2 = NdArray.allocate(arena, DType.FLOAT64, 5, 4);
            assertThrows(IllegalArgumentException.class, () -> RecipeData.fill(a1, a2));
        }
    }
}
