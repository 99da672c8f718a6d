package io.tessella.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * NumPy's own answers about every pair of dtypes, recorded by
 * {@code src/test/resources/dtypes/make_dtypes_golden.py} with NumPy 2.4 ({@link DTypeNumPyTest} checks
 * that they are still what NumPy says): the promotion of each pair ({@code np.result_type}, the dtype of
 * {@code np.true_divide}, {@code np.sum}'s accumulator), {@code np.can_cast} under {@code safe} and
 * {@code same_kind}, and {@code astype} of special values (NaN, infinities, signed zeros, subnormals,
 * out-of-range floats, integer extremes) between every pair, bit for bit.
 */
class DTypeGoldenTest {

    static List<String[]> rows(String name) throws IOException {
        try (InputStream in = DTypeGoldenTest.class.getResourceAsStream("/dtypes/" + name)) {
            List<String[]> rows = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    rows.add(line.split("\t"));
                }
            }
            return rows;
        }
    }

    @Test
    void promotionIsNumPysForEveryPair() throws IOException {
        List<String[]> rows = rows("promotion.tsv");
        assertEquals(DType.values().length * DType.values().length, rows.size());
        for (String[] r : rows) {
            DType a = DType.fromDescr(r[0]), b = DType.fromDescr(r[1]);
            String pair = a + ", " + b;
            assertEquals(DType.fromDescr(r[2]), Promotion.resultType(a, b), "np.result_type(" + pair + ")");
            assertEquals(DType.fromDescr(r[3]), Promotion.divideType(a, b), "np.true_divide(" + pair + ").dtype");
            assertEquals(DType.fromDescr(r[4]), Promotion.sumType(a), "np.sum of " + a);
            assertEquals(Promotion.resultType(a, b), Promotion.resultType(b, new DType[] {a}), "symmetric: " + pair);
        }
    }

    @Test
    void castingRulesAreNumPysCanCastForEveryPair() throws IOException {
        for (String[] r : rows("casting.tsv")) {
            DType from = DType.fromDescr(r[0]), to = DType.fromDescr(r[1]);
            assertEquals(r[2].equals("1"), Casting.SAFE.canCast(from, to), "safe " + from + " -> " + to);
            assertEquals(r[3].equals("1"), Casting.SAME_KIND.canCast(from, to), "same_kind " + from + " -> " + to);
            assertEquals(from == to, Casting.NO.canCast(from, to));
            assertEquals(from == to, Casting.EQUIV.canCast(from, to));
            assertEquals(true, Casting.UNSAFE.canCast(from, to));
        }
    }

    @Test
    void everyCastOfSpecialValuesIsNumPysBitForBit() throws IOException {
        List<String[]> rows = rows("casts.tsv");
        int checked = 0;
        StringBuilder wrong = new StringBuilder();
        for (String[] r : rows) {
            DType from = DType.fromDescr(r[0]), to = DType.fromDescr(r[1]);
            long in = fromNumPyBits(from, r[2]);
            long want = fromNumPyBits(to, r[3]);
            long got = TestValues.cast(from, in, to);
            if (got != want && wrong.length() < 4000) {
                wrong.append(from).append(' ').append(TestValues.show(from, in)).append(" -> ").append(to).append(": NumPy ")
                        .append(TestValues.show(to, want)).append(", Tessella ").append(TestValues.show(to, got)).append('\n');
            }
            checked++;
        }
        if (!wrong.isEmpty()) {
            fail("casts that differ from NumPy's astype:\n" + wrong);
        }
        assertEquals(rows.size(), checked);
    }

    /** An element's little-endian bits as NumPy printed them (unsigned hex), as {@link TestValues} holds them. */
    static long fromNumPyBits(DType t, String hex) {
        long raw = Long.parseUnsignedLong(hex, 16);
        return switch (t) {
            case FLOAT64 -> raw;
            case FLOAT32 -> (int) raw;
            default -> Cast.toInteger(raw, t);
        };
    }
}
