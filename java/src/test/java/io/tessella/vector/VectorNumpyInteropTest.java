package io.tessella.vector;

import static io.tessella.vector.TestData.F64;
import static io.tessella.vector.TestData.I64;
import static io.tessella.vector.TestData.assertSameDouble;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * NumPy as a real client: the real {@code python3} computes the recipes' operations on data that
 * Java wrote as raw little-endian float64/int64 files, writes its results with {@code tofile}, and
 * every implementation must reproduce them bit for bit. Skipped when python3 with NumPy is absent.
 */
class VectorNumpyInteropTest {

    private static final long ROWS = 10, COLS = 10_007;          // recipe 3's row sums, scaled down
    private static final long SPECIAL_ROWS = 7, SPECIAL_COLS = 129;
    private static final long TREE_ROWS = 3, TREE_COLS = 17_003;  // NumPy's recursion with leaves at two depths
    private static final long PLANES = 365, SIDE = 16;            // recipe 4's cube

    private static final String SCRIPT = """
            import sys
            import numpy as np
            d = sys.argv[1]
            f = lambda name, dt='<f8': np.fromfile(d + '/' + name, dtype=dt)
            x, y, yf = f('x'), f('y', '<i8'), f('yf')
            (x[None, :] * y[:, None]).tofile(d + '/outer_int64')
            (x[None, :] * yf[:, None]).tofile(d + '/outer_float64')
            for name, shape in (('m', (%d, %d)), ('s', (%d, %d)), ('t', (%d, %d))):
                m = f(name).reshape(shape)
                m.sum(axis=-1).tofile(d + '/' + name + '_sum')
                m.min(axis=-1).tofile(d + '/' + name + '_min')
                m.max(axis=-1).tofile(d + '/' + name + '_max')
            a, b = f('a').reshape(%d, %d, %d), f('b').reshape(%d, %d, %d)
            with np.errstate(all='ignore'):
                for op, fn in (('ADD', np.add), ('SUBTRACT', np.subtract), ('MULTIPLY', np.multiply), ('DIVIDE', np.divide),
                               ('MINIMUM', np.minimum), ('MAXIMUM', np.maximum)):
                    out = np.empty_like(a)
                    for i in range(0, %d, 4):
                        for j in range(0, %d, 4):
                            out[:, i:i+4, j:j+4] = fn(a[:, i:i+4, j:j+4], b[:, i:i+4, j:j+4])
                    out.tofile(d + '/cube_' + op)
            """.formatted(ROWS, COLS, SPECIAL_ROWS, SPECIAL_COLS, TREE_ROWS, TREE_COLS, PLANES, SIDE, SIDE, PLANES, SIDE, SIDE, SIDE, SIDE);

    @TempDir
    static Path dir;
    private static Arena arena;

    @BeforeAll
    static void runNumPy() throws Exception {
        assumeTrue(numpyVersion() != null, "python3 with NumPy not found");
        arena = Arena.ofAuto();
        SplittableRandom rnd = new SplittableRandom(91);
        long[] ys = {0, 1, 2, 3, -4, 99_999, (1L << 53) + 1, Long.MAX_VALUE, Long.MIN_VALUE, -((1L << 53) + 3)};
        MemorySegment y = arena.allocate(ys.length * 8L);
        for (int i = 0; i < ys.length; i++) {
            y.setAtIndex(I64, i, ys[i]);
        }
        write("y", y);
        write("yf", TestData.doubles(arena, 23, rnd, false));
        write("x", TestData.doubles(arena, 37, rnd, false));
        write("m", TestData.doubles(arena, ROWS * COLS, rnd, true));
        write("s", TestData.doubles(arena, SPECIAL_ROWS * SPECIAL_COLS, rnd, false));
        write("t", TestData.doubles(arena, TREE_ROWS * TREE_COLS, rnd, true));
        write("a", TestData.doubles(arena, PLANES * SIDE * SIDE, rnd, false));
        write("b", TestData.doubles(arena, PLANES * SIDE * SIDE, rnd, false));
        Process p = new ProcessBuilder("python3", "-c", SCRIPT, dir.toString()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(true, p.waitFor(60, TimeUnit.SECONDS), "python3 finished");
        assertEquals(0, p.exitValue(), "python3 failed:\n" + output);
    }

    @Test
    void outerProductOfInt64ArangeEqualsNumPyBroadcastingBitForBit() throws IOException {
        MemorySegment y = read("y"), x = read("x"), expected = read("outer_int64");
        long m = y.byteSize() / 8, n = x.byteSize() / 8;
        for (F64Ops ops : TestData.implementations()) {
            MemorySegment r = arena.allocate(m * n * 8);
            ops.outerProduct(MatrixSpan.contiguous(r, m, n), VectorSpan.int64(y), VectorSpan.float64(x));
            // y is finite, so even NaN payloads must match: one NaN operand passes through unchanged.
            TestData.assertSameBytes(expected, r, ops.name() + " vs x[None, :] * y[:, None] (int64 y)");
        }
    }

    @Test
    void outerProductOfFloat64EqualsNumPyBroadcasting() throws IOException {
        MemorySegment y = read("yf"), x = read("x"), expected = read("outer_float64");
        long m = y.byteSize() / 8, n = x.byteSize() / 8;
        for (F64Ops ops : TestData.implementations()) {
            MemorySegment r = arena.allocate(m * n * 8);
            ops.outerProduct(MatrixSpan.contiguous(r, m, n), VectorSpan.float64(y), VectorSpan.float64(x));
            TestData.assertSameBytes(expected, r, true, 0, ops.name() + " vs x[None, :] * yf[:, None]");
        }
    }

    @Test
    void rowSumsEqualNumPyBitForBit() throws IOException {
        checkRows("m", ROWS, COLS, Reduction.SUM, false);
        checkRows("s", SPECIAL_ROWS, SPECIAL_COLS, Reduction.SUM, false);
        checkRows("t", TREE_ROWS, TREE_COLS, Reduction.SUM, false);
    }

    @Test
    void rowMinAndMaxEqualNumPyUpToTheSignOfZero() throws IOException {
        for (Reduction op : new Reduction[] {Reduction.MIN, Reduction.MAX}) {
            checkRows("m", ROWS, COLS, op, true);
            checkRows("s", SPECIAL_ROWS, SPECIAL_COLS, op, true);
            checkRows("t", TREE_ROWS, TREE_COLS, op, true);
        }
    }

    @Test
    void cubeOperationsIn4x4TilesEqualNumPy() throws IOException {
        MemorySegment a = read("a"), b = read("b");
        for (BinaryOp op : BinaryOp.values()) {
            MemorySegment expected = read("cube_" + op);
            for (F64Ops ops : TestData.implementations()) {
                MemorySegment out = arena.allocate(a.byteSize());
                for (long k = 0; k < PLANES; k++) {
                    long at = k * SIDE * SIDE * 8;
                    MatrixSpan pa = new MatrixSpan(a, at, SIDE, SIDE, SIDE * 8);
                    MatrixSpan pb = new MatrixSpan(b, at, SIDE, SIDE, SIDE * 8);
                    MatrixSpan po = new MatrixSpan(out, at, SIDE, SIDE, SIDE * 8);
                    for (long i = 0; i < SIDE; i += 4) {
                        for (long j = 0; j < SIDE; j += 4) {
                            ops.elementwise(op, po.block(i, i + 4, j, j + 4), pa.block(i, i + 4, j, j + 4), pb.block(i, i + 4, j, j + 4));
                        }
                    }
                }
                TestData.assertSameBytes(expected, out, true, 0, ops.name() + " " + op + " vs NumPy 4x4 tiles");
            }
        }
    }

    private static void checkRows(String name, long rows, long cols, Reduction op, boolean zerosEqual) throws IOException {
        MemorySegment in = read(name);
        MemorySegment expected = read(name + "_" + op.name().toLowerCase(java.util.Locale.ROOT));
        for (F64Ops ops : TestData.implementations()) {
            MemorySegment out = arena.allocate(rows * 8);
            ops.reduceRows(op, MatrixSpan.contiguous(in, rows, cols), VectorSpan.float64(out));
            for (long i = 0; i < rows; i++) {
                double want = expected.getAtIndex(F64, i), got = out.getAtIndex(F64, i);
                // NumPy's min/max of mixed +-0.0 depends on position; ours follows Math.min/max.
                if (zerosEqual && want == 0.0 && got == 0.0) {
                    continue;
                }
                assertSameDouble(want, got, true, ops.name() + " " + op + " of " + name + " row " + i + " vs NumPy");
            }
        }
    }

    private static String numpyVersion() {
        try {
            Process p = new ProcessBuilder("python3", "-c", "import numpy; print(numpy.__version__)").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0 ? out : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static void write(String name, MemorySegment s) throws IOException {
        // Raw little-endian bytes, as numpy.tofile writes '<f8'; this machine is little-endian.
        assumeTrue(java.nio.ByteOrder.nativeOrder() == java.nio.ByteOrder.LITTLE_ENDIAN, "big-endian host");
        try (FileChannel ch = FileChannel.open(dir.resolve(name), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            ch.write(s.asByteBuffer());
        }
    }

    private static MemorySegment read(String name) throws IOException {
        byte[] bytes = Files.readAllBytes(dir.resolve(name));
        MemorySegment s = arena.allocate(Math.max(bytes.length, 1), 8);
        MemorySegment.copy(MemorySegment.ofArray(bytes), 0, s, 0, bytes.length);
        return s.asSlice(0, bytes.length);
    }
}
