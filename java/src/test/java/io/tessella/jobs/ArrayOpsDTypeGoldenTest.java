package io.tessella.jobs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.tessella.memory.Cast;
import io.tessella.memory.DType;
import io.tessella.memory.NdArray;
import io.tessella.memory.NumPy;
import io.tessella.memory.TestIndices;
import io.tessella.memory.TestValues;
import io.tessella.vector.BinaryOp;
import io.tessella.vector.Reduction;
import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * NumPy's recorded results of every operation on every pair of dtypes
 * ({@code src/test/resources/dtypes/ops.tsv}, written by {@code make_dtype_ops_golden.py} with NumPy 2.4):
 * elementwise add, subtract, multiply, divide, minimum and maximum and np.outer over operands holding
 * each dtype's extremes and specials, in NumPy's result dtype, bit for bit (NaN for NaN); row sums, mins
 * and maxes in NumPy's accumulator and with {@code dtype=}, including float32 rows long enough for
 * NumPy's pairwise order and its 8192-element buffers. Operands are laid out in memory in other ways
 * than NumPy had them (reversed, big-endian, Fortran order), which must not change a bit. Where NumPy
 * refused (boolean subtract), Tessella refuses. {@link #committedGoldenFileIsWhatItsScriptWritesToday}
 * checks the file against the real NumPy where it runs.
 */
class ArrayOpsDTypeGoldenTest {

    @TempDir
    Path dir;

    private record Row(String op, DType a, DType b, long[] shape, String aBits, String bBits, String result, String resultBits) {
        static Row parse(String line) {
            String[] f = line.split("\t", -1);
            long[] shape = Arrays.stream(f[3].split(",")).mapToLong(Long::parseLong).toArray();
            return new Row(f[0], DType.fromDescr(f[1]), DType.fromDescr(f[2]), shape, f[4], f[5], f[6], f[7]);
        }
    }

    private static List<Row> rows() throws IOException {
        try (InputStream in = ArrayOpsDTypeGoldenTest.class.getResourceAsStream("/dtypes/ops.tsv")) {
            List<Row> rows = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    rows.add(Row.parse(line));
                }
            }
            return rows;
        }
    }

    @Test
    void everyElementwiseOpAndOuterProductOfEveryDTypePairIsNumPys() throws Exception {
        int checked = 0;
        try (Arena arena = Arena.ofShared()) {
            for (Row r : rows()) {
                if (r.op().startsWith("sum") || r.op().equals("min") || r.op().equals("max")) {
                    continue;
                }
                // a as NumPy had it; b stored reversed and big-endian, read through a reversed view.
                NdArray a = array(arena, r.a(), r.shape(), bits(r.a(), r.aBits()), ByteOrder.LITTLE_ENDIAN, false);
                NdArray b = array(arena, r.b(), r.shape(), bits(r.b(), r.bBits()), ByteOrder.BIG_ENDIAN, true);
                String where = r.op() + "(" + r.a() + ", " + r.b() + ")";
                if (r.result().equals("error")) {
                    BinaryOp op = BinaryOp.valueOf(r.op().toUpperCase(java.util.Locale.ROOT));
                    NdArray out = NdArray.allocate(arena, DType.FLOAT64, r.shape());
                    var e = assertThrows(IllegalArgumentException.class, () -> ArrayOps.create().elementwise(op, out, a, b), where);
                    assertTrue(e.getMessage().startsWith("SUBTRACT of bool is refused"), e.getMessage());
                    checked++;
                    continue;
                }
                DType rt = DType.fromDescr(r.result());
                long[] expected = bits(rt, r.resultBits());
                ArrayOps ops = ArrayOps.create().parallelism(2);
                NdArray out;
                if (r.op().equals("outer")) {
                    assertEquals(rt, ops.outerType(r.a(), r.b()), "np.outer dtype " + where);
                    out = NdArray.allocate(arena, rt, r.shape()[1], r.shape()[1]).transpose();   // a Fortran-order result
                    ops.outer(out, a.select(0, 0), b.select(0, 1), OuterImpl.AUTO);
                } else {
                    BinaryOp op = BinaryOp.valueOf(r.op().toUpperCase(java.util.Locale.ROOT));
                    assertEquals(rt, ops.resultType(op, r.a(), r.b()), "dtype of " + where);
                    out = NdArray.allocate(arena, rt, r.shape());
                    ops.elementwise(op, out, a, b);
                }
                assertBits(expected, out, where);
                checked++;
            }
        }
        assertEquals(121 * 7, checked);
    }

    @Test
    void everyReductionOfEveryDTypeIsNumPys() throws Exception {
        Map<DType, long[]> tile = new HashMap<>();
        List<Row> rows = rows();
        for (Row r : rows) {
            if (r.op().equals("add") && r.a() == r.b()) {
                tile.put(r.a(), bits(r.a(), r.aBits()));
            }
        }
        int checked = 0;
        try (Arena arena = Arena.ofShared()) {
            for (Row r : rows) {
                if (!(r.op().startsWith("sum") || r.op().equals("min") || r.op().equals("max"))) {
                    continue;
                }
                String[] opAndDtype = r.op().split(":");
                Reduction op = Reduction.valueOf(opAndDtype[0].toUpperCase(java.util.Locale.ROOT));
                DType forced = opAndDtype.length > 1 ? DType.fromDescr(opAndDtype[1]) : null;
                NdArray in = input(arena, r, tile);
                DType rt = DType.fromDescr(r.result());
                ArrayOps ops = ArrayOps.create().parallelism(2).dtype(forced).casting(io.tessella.memory.Casting.UNSAFE);
                assertEquals(rt, ops.reductionType(op, r.a()), "dtype of " + r.op() + " of " + r.a());
                NdArray out = NdArray.allocate(arena, rt, Arrays.copyOf(in.shape(), in.ndim() - 1));
                ops.reduceLastAxis(op, in, out);
                assertBits(bits(rt, r.resultBits()), out, r.op() + " of " + r.a() + " " + Arrays.toString(r.shape()) + " " + r.aBits());
                checked++;
            }
        }
        assertEquals(11 * 7 + 4, checked);
    }

    @Test
    void committedGoldenFileIsWhatItsScriptWritesToday() throws IOException {
        NumPy.assumeAvailable();
        String script;
        try (InputStream in = ArrayOpsDTypeGoldenTest.class.getResourceAsStream("/dtypes/make_dtype_ops_golden.py")) {
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        NumPy.run("import os, sys; os.chdir(sys.argv[1])\n" + script, "", dir.toString());
        try (InputStream in = ArrayOpsDTypeGoldenTest.class.getResourceAsStream("/dtypes/ops.tsv")) {
            assertNotNull(in, "ops.tsv is not committed");
            assertArrayEquals(in.readAllBytes(), Files.readAllBytes(dir.resolve("ops.tsv")), "ops.tsv");
        }
    }

    /** A reduction's input: the recorded values, or the script's formulas. */
    private static NdArray input(Arena arena, Row r, Map<DType, long[]> tile) {
        long[] shape = r.shape();
        long n = shape[0] * shape[1];
        long[] v = new long[(int) n];
        switch (r.aBits()) {
            case "tile" -> {
                long[] t = tile.get(r.a());
                for (int i = 0; i < n; i++) {
                    v[i] = t[i % t.length];
                }
                return array(arena, r.a(), shape, v, ByteOrder.BIG_ENDIAN, false);
            }
            case "base" -> {
                fillBase(r.a(), v);
                return array(arena, r.a(), shape, v, ByteOrder.LITTLE_ENDIAN, false);
            }
            case "base.T" -> {
                fillBase(r.a(), v);
                return array(arena, r.a(), new long[] {shape[1], shape[0]}, v, ByteOrder.LITTLE_ENDIAN, false).transpose();
            }
            default -> {
                return array(arena, r.a(), shape, bits(r.a(), r.aBits()), ByteOrder.LITTLE_ENDIAN, false);
            }
        }
    }

    /** The script's base(): one correctly rounded division and an exact scaling (floats), a wrapping product (integers). */
    private static void fillBase(DType t, long[] v) {
        for (int i = 0; i < v.length; i++) {
            if (t.isFloating()) {
                double d = (((long) i * 7919) % 10007 - 5003) / 1000.3 * Math.scalb(1.0, (int) ((i * 31L) % 7) - 3);
                v[i] = TestValues.floatBits(t, d);
            } else {
                v[i] = Cast.toInteger(i * 6364136223846793005L, t);
            }
        }
    }

    /** An array of the given logical values (C order); stored reversed along its last axis and viewed through {@code ::-1} if asked. */
    private static NdArray array(Arena arena, DType t, long[] shape, long[] values, ByteOrder order, boolean reversed) {
        NdArray a = NdArray.allocate(arena, t, shape).withByteOrder(order);
        NdArray view = reversed ? a.slice(shape.length - 1, io.tessella.memory.Slice.of(null, null, -1L)) : a;
        int[] i = {0};
        TestIndices.forEachIndex(shape, idx -> TestValues.setBits(view, values[i[0]++], idx));
        return view;
    }

    private static long[] bits(DType t, String hex) {
        return Arrays.stream(hex.split(",")).mapToLong(h -> fromNumPy(t, h)).toArray();
    }

    private static long fromNumPy(DType t, String hex) {
        long raw = Long.parseUnsignedLong(hex, 16);
        return switch (t) {
            case FLOAT64 -> raw;
            case FLOAT32 -> (int) raw;
            default -> Cast.toInteger(raw, t);
        };
    }

    private static void assertBits(long[] expected, NdArray actual, String where) {
        DType t = actual.dtype();
        long[] got = new long[(int) actual.size()];
        int[] i = {0};
        TestIndices.forEachIndex(actual.shape(), idx -> got[i[0]++] = TestValues.bits(actual, idx));
        assertEquals(expected.length, got.length, "element count of " + where);
        for (int k = 0; k < got.length; k++) {
            if (!TestValues.same(t, expected[k], got[k], true)) {
                fail("element " + k + " of " + where + ": NumPy " + TestValues.show(t, expected[k]) + ", Tessella " + TestValues.show(t, got[k]));
            }
        }
    }
}
