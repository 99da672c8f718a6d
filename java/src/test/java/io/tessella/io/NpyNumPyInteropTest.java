package io.tessella.io;

import io.tessella.memory.Cast;
import io.tessella.memory.DType;
import io.tessella.memory.NdArray;
import io.tessella.memory.NumPy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Both directions with the machine's real NumPy: Tessella writes and NumPy loads, NumPy writes and Tessella maps. */
class NpyNumPyInteropTest {

    @TempDir
    Path dir;

    /** value(flat index) of a float dtype, the same formula on both sides. */
    private static double value(DType t, long flat) {
        return t == DType.FLOAT64 ? flat * 0.5 - 3 : flat / 4.0;
    }

    /** value(flat index) of an integer or bool dtype: (f - 11) * 3000000019 wrapped to the type, as astype wraps it. */
    private static long integer(DType t, long flat) {
        return t == DType.BOOL ? (flat % 3 == 0 ? 1 : 0) : io.tessella.memory.Cast.toInteger((flat - 11) * 3_000_000_019L, t);
    }

    private static final String PY_VALUES = """
            import numpy as np
            DESCRS = ('<f8', '<f4', '<i8', '<i4', '<u8', '<u4', '<i2', '<u2', '|i1', '|u1', '|b1')
            def values(descr, shape):
                f = np.arange(int(np.prod(shape)), dtype=np.int64).reshape(shape)
                if descr[1] == 'f':
                    return (f * 0.5 - 3 if descr == '<f8' else f / 4.0).astype(descr)
                if descr[1] == 'b':
                    return f % 3 == 0
                return ((f - 11) * 3000000019).astype(descr)
            """;

    private static void assertElement(NdArray a, DType t, long flat, long[] idx, String line) {
        if (t.isFloating()) {
            assertEquals(value(t, flat), a.getDouble(idx), line);
        } else if (t == DType.BOOL) {
            assertEquals(integer(t, flat) == 1, a.getBoolean(idx), line);
        } else {
            assertEquals(integer(t, flat), a.getLong(idx), line);
        }
    }

    @Test
    void numpyLoadsWhatTessellaWritesAndWouldHaveWrittenTheSameBytes() throws IOException {
        NumPy.assumeAvailable();
        StringBuilder cases = new StringBuilder();
        long[][] shapes = {{3, 4}, {7}, {2, 3, 5}, {}, {0, 4}, {1000, 33}};
        int n = 0;
        for (DType t : DType.values()) {
            for (long[] shape : shapes) {
                Path p = dir.resolve("t" + (n++) + ".npy");
                try (NpyOutput out = NpyFile.create(p, t, shape)) {
                    fill(out.array());
                    out.commit();
                }
                cases.append(p).append(';').append(t.descr()).append(';')
                        .append(java.util.Arrays.stream(shape).mapToObj(Long::toString)
                                .collect(java.util.stream.Collectors.joining(","))).append('\n');
            }
        }
        String out = NumPy.run(PY_VALUES + """
                import sys, io
                ok = 0
                for line in sys.stdin:
                    path, descr, shape = line.strip().split(';')
                    shape = tuple(int(x) for x in shape.split(',')) if shape else ()
                    want = values(descr, shape)
                    for mode in (None, 'r'):
                        got = np.load(path, mmap_mode=mode)
                        assert got.dtype == np.dtype(descr), (path, got.dtype)
                        assert got.shape == shape, (path, got.shape)
                        assert np.array_equal(got, want), path
                    buf = io.BytesIO()
                    np.save(buf, want)
                    assert buf.getvalue() == open(path, 'rb').read(), 'bytes differ from np.save: ' + path
                    ok += 1
                print(ok)
                """, cases.toString());
        assertEquals(n, Integer.parseInt(out.strip()));
    }

    @Test
    void tessellaMapsWhatNumPyWrites() throws IOException {
        NumPy.assumeAvailable();
        String out = NumPy.run(PY_VALUES + """
                import sys
                from numpy.lib import format as npf
                d = sys.argv[1]
                n = 0
                for descr in DESCRS:
                    for shape in ((3, 4), (5,), (2, 3, 4), (), (0, 2), (300, 7)):
                        for order in ('C', 'F'):
                            for version in (None, (2, 0), (3, 0)):
                                a = np.asarray(values(descr, shape), order=order)
                                p = '%s/n%d.npy' % (d, n)
                                with open(p, 'wb') as f:
                                    npf.write_array(f, a, version=version)
                                print('%s;%s;%s;%s' % (p, descr, ','.join(map(str, shape)), order))
                                n += 1
                """, "", dir.toString());
        int checked = 0;
        for (String line : out.strip().split("\n")) {
            String[] f = line.split(";");
            DType t = DType.fromDescr(f[1]);
            long[] shape = f[2].isEmpty() ? new long[0]
                    : java.util.Arrays.stream(f[2].split(",")).mapToLong(Long::parseLong).toArray();
            try (NdArray a = NpyFile.open(Path.of(f[0]), NpyFile.Mode.READ_ONLY)) {
                assertEquals(t, a.dtype(), line);
                assertEquals(java.util.Arrays.toString(shape), java.util.Arrays.toString(a.shape()), line);
                if (f[3].equals("F") && shape.length > 1 && a.size() > 0) {
                    assertTrue(a.isFContiguous(), line);
                }
                long[] flat = {0};
                io.tessella.memory.TestIndices.forEachIndex(shape, idx -> assertElement(a, t, flat[0]++, idx, line));
            }
            checked++;
        }
        assertEquals(DType.values().length * 6 * 2 * 3, checked);
    }

    @Test
    void tessellaMapsBigEndianFilesNumPyWritesAndWritesThemInTheirOrder() throws IOException {
        NumPy.assumeAvailable();
        String out = NumPy.run(PY_VALUES + """
                import sys
                d = sys.argv[1]
                n = 0
                for descr in DESCRS:
                    if descr[0] == '|':
                        continue
                    for shape in ((3, 4), (5,), (2, 3, 4), (), (0, 2)):
                        for order in ('C', 'F'):
                            a = np.asarray(values(descr, shape), order=order).astype('>' + descr[1:], order='K')
                            p = '%s/b%d.npy' % (d, n)
                            np.save(p, a)
                            print('%s;%s;%s' % (p, descr, ','.join(map(str, shape))))
                            n += 1
                """, "", dir.toString());
        StringBuilder written = new StringBuilder();
        int checked = 0;
        for (String line : out.strip().split("\n")) {
            String[] f = line.split(";", -1);
            DType t = DType.fromDescr(f[1]);
            long[] shape = f[2].isEmpty() ? new long[0]
                    : java.util.Arrays.stream(f[2].split(",")).mapToLong(Long::parseLong).toArray();
            try (NdArray a = NpyFile.open(Path.of(f[0]), NpyFile.Mode.READ_WRITE)) {
                assertEquals(java.nio.ByteOrder.BIG_ENDIAN, a.byteOrder(), line);
                long[] flat = {0};
                io.tessella.memory.TestIndices.forEachIndex(shape, idx -> assertElement(a, t, flat[0]++, idx, line));
                if (a.size() > 0) {
                    long[] last = new long[shape.length];
                    for (int k = 0; k < shape.length; k++) {
                        last[k] = shape[k] - 1;
                    }
                    if (t.isFloating()) {
                        a.setDouble(-1.5, last);
                    } else {
                        a.setLong(Cast.toInteger(-123_456_789L, t), last);
                    }
                    written.append(f[0]).append('\n');
                }
            }
            checked++;
        }
        assertEquals(8 * 5 * 2, checked);
        String ok = NumPy.run("""
                import sys, numpy as np
                n = 0
                for line in sys.stdin:
                    a = np.load(line.strip())
                    assert a.dtype.byteorder == '>', a.dtype
                    want = -1.5 if a.dtype.kind == 'f' else np.array(-123456789).astype(a.dtype)
                    got = a[tuple(s - 1 for s in a.shape)]
                    assert got == want, (line, a)
                    n += 1
                print(n)
                """, written.toString());
        assertEquals(written.toString().split("\n").length, Integer.parseInt(ok.strip()));
    }

    @Test
    void numpyWritesThroughRPlusAreVisibleToTessella() throws IOException {
        NumPy.assumeAvailable();
        Path p = dir.resolve("shared.npy");
        try (NpyOutput out = NpyFile.create(p, DType.FLOAT64, 10, 10)) {
            fill(out.array());
            out.commit();
        }
        NumPy.run("""
                import sys, numpy as np
                m = np.load(sys.argv[1], mmap_mode='r+')
                m[2:4, ::3] = -1.0
                m.flush()
                """, "", p.toString());
        try (NdArray a = NpyFile.open(p, NpyFile.Mode.READ_ONLY)) {
            for (long i = 0; i < 10; i++) {
                for (long j = 0; j < 10; j++) {
                    double expected = i >= 2 && i < 4 && j % 3 == 0 ? -1.0 : value(DType.FLOAT64, i * 10 + j);
                    assertEquals(expected, a.getDouble(i, j));
                }
            }
        }
    }

    @Test
    void committedGoldenFilesAreWhatTheirScriptWritesToday() throws IOException {
        NumPy.assumeAvailable();
        String script;
        try (var in = NpyNumPyInteropTest.class.getResourceAsStream("/npy/make_golden.py")) {
            script = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        NumPy.run("import os, sys; os.chdir(sys.argv[1])\n" + script, "", dir.toString());
        int compared = 0;
        try (var files = java.nio.file.Files.list(dir)) {
            for (Path p : files.toList()) {
                try (var in = NpyNumPyInteropTest.class.getResourceAsStream("/npy/" + p.getFileName())) {
                    org.junit.jupiter.api.Assertions.assertNotNull(in, "not committed: " + p.getFileName());
                    org.junit.jupiter.api.Assertions.assertArrayEquals(in.readAllBytes(),
                            java.nio.file.Files.readAllBytes(p), p.getFileName().toString());
                }
                compared++;
            }
        }
        assertEquals(10, compared);
    }

    static void fill(NdArray a) {
        long[] flat = {0};
        DType t = a.dtype();
        io.tessella.memory.TestIndices.forEachIndex(a.shape(), idx -> {
            long f = flat[0]++;
            if (t.isFloating()) {
                a.setDouble(value(t, f), idx);
            } else if (t == DType.BOOL) {
                a.setBoolean(integer(t, f) == 1, idx);
            } else {
                a.setLong(integer(t, f), idx);
            }
        });
    }
}
