package io.tessella.memory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against the real NumPy on this machine: the recorded dtype answers ({@link DTypeGoldenTest}) are what
 * NumPy says today, and random values of every dtype convert to every other exactly as NumPy's
 * {@code astype} converts them. Skipped where python3 with NumPy is absent.
 */
class DTypeNumPyTest {

    @TempDir
    Path dir;

    @Test
    void committedDTypeTablesAreWhatTheirScriptWritesToday() throws IOException {
        NumPy.assumeAvailable();
        String script;
        try (InputStream in = DTypeNumPyTest.class.getResourceAsStream("/dtypes/make_dtypes_golden.py")) {
            script = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        NumPy.run("import os, sys; os.chdir(sys.argv[1])\n" + script, "", dir.toString());
        for (String name : new String[] {"promotion.tsv", "casting.tsv", "casts.tsv"}) {
            try (InputStream in = DTypeNumPyTest.class.getResourceAsStream("/dtypes/" + name)) {
                assertNotNull(in, "not committed: " + name);
                assertArrayEquals(in.readAllBytes(), Files.readAllBytes(dir.resolve(name)), name);
            }
        }
    }

    @Test
    void randomValuesOfEveryDTypeConvertToEveryOtherAsNumPysAstype() throws IOException {
        NumPy.assumeAvailable();
        Random rnd = new Random(15);
        StringBuilder in = new StringBuilder();
        int perPair = 150;
        long[][][] values = new long[DType.values().length][DType.values().length][perPair];
        for (DType from : DType.values()) {
            for (DType to : DType.values()) {
                StringBuilder hex = new StringBuilder();
                for (int i = 0; i < perPair; i++) {
                    long v = TestValues.random(rnd, from);
                    values[from.ordinal()][to.ordinal()][i] = v;
                    hex.append(i == 0 ? "" : ",").append(Long.toHexString(rawBits(from, v)));
                }
                in.append(from.descr()).append(' ').append(to.descr()).append(' ').append(hex).append('\n');
            }
        }
        String out = NumPy.run("""
                import sys, warnings
                import numpy as np
                warnings.simplefilter('ignore')
                # All of stdin first: the test writes it all before it reads a line of the answer.
                for line in sys.stdin.read().splitlines():
                    a, b, hexes = line.split()
                    size = np.dtype(a).itemsize
                    raw = np.array([int(h, 16) for h in hexes.split(',')], dtype=np.uint64)
                    src = raw.astype('u%d' % size if size > 1 else np.uint8).view(a)
                    res = src.astype(b)
                    rb = res.view('u%d' % res.dtype.itemsize if res.dtype.itemsize > 1 else np.uint8)
                    print(' '.join('%x' % int(x) for x in rb))
                """, in.toString());
        String[] lines = out.strip().split("\n");
        assertEquals(DType.values().length * DType.values().length, lines.length);
        int line = 0;
        StringBuilder wrong = new StringBuilder();
        for (DType from : DType.values()) {
            for (DType to : DType.values()) {
                String[] got = lines[line++].split(" ");
                for (int i = 0; i < perPair; i++) {
                    long v = values[from.ordinal()][to.ordinal()][i];
                    long want = DTypeGoldenTest.fromNumPyBits(to, got[i]);
                    long mine = TestValues.cast(from, v, to);
                    if (want != mine && wrong.length() < 4000) {
                        wrong.append(from).append(' ').append(TestValues.show(from, v)).append(" -> ").append(to).append(": NumPy ")
                                .append(TestValues.show(to, want)).append(", Tessella ").append(TestValues.show(to, mine)).append('\n');
                    }
                }
            }
        }
        if (!wrong.isEmpty()) {
            fail("casts that differ from NumPy's astype:\n" + wrong);
        }
    }

    /** The element's bytes as an unsigned little-endian number, as NumPy's view('uN') shows them. */
    private static long rawBits(DType t, long bits) {
        return switch ((int) t.byteSize()) {
            case 8 -> bits;
            case 4 -> bits & 0xFFFF_FFFFL;
            case 2 -> bits & 0xFFFFL;
            default -> bits & 0xFFL;
        };
    }
}
