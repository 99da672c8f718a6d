package io.tessella.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessella.memory.NumPy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands on the dtypes real grids come in (float32 climate fields, uint8/uint16 images, int8-int64
 * masks and counts, bool), in any layout and byte order: each output file is byte for byte what
 * {@code np.save} writes for NumPy's own result, dtype included ({@code np.result_type}, {@code np.sum}'s
 * accumulator, integers wrapping), with {@code --dtype} as NumPy's {@code dtype=}. The index build on
 * integer and float32 inputs gives the files it gives on float64 copies of them.
 */
class DTypeCommandsNumPyTest {

    private static final String MAKE = """
            import sys, warnings, numpy as np
            warnings.simplefilter('ignore')
            d = sys.argv[1]
            rng = np.random.default_rng(15)
            save = lambda name, a: np.save(d + '/' + name, a)
            f4 = (rng.standard_normal((9, 20011)) * 1e4).astype('<f4')
            f4[2, :50] = -0.0
            f4[4, 9] = np.nan
            save('f4.npy', f4)
            save('f4_f.npy', np.asfortranarray(f4))
            save('f4_be.npy', f4.astype('>f4'))
            img = rng.integers(0, 256, (480, 640)).astype('|u1')
            save('u1.npy', img)
            save('u1_b.npy', rng.integers(0, 256, (480, 640)).astype('|u1'))
            save('i1.npy', rng.integers(-128, 128, (480, 640)).astype('|i1'))
            save('u2.npy', rng.integers(0, 65536, (300, 700)).astype('<u2'))
            i2 = rng.integers(-32768, 32768, (300, 700)).astype('<i2')
            save('i2.npy', i2)
            save('i2_be.npy', np.asfortranarray(i2.astype('>i2')))
            save('f4_300.npy', (rng.standard_normal((300, 700)) * 100).astype('<f4'))
            save('i4.npy', rng.integers(-2**31, 2**31, (50, 3000)).astype('<i4'))
            save('i8.npy', rng.integers(-2**62, 2**62, (50, 3000)).astype('<i8'))
            save('u8.npy', rng.integers(0, 2**63, (50, 3000), dtype=np.uint64) * 2)
            save('b1.npy', rng.random((480, 640)) < 0.3)
            save('f8_small.npy', rng.standard_normal((300, 700)) * 1000)
            save('y_u1.npy', np.arange(200, dtype='|u1'))
            save('x_u1.npy', np.arange(300, dtype=np.int64).astype('|u1')[::-1].copy())
            save('y_i2.npy', (np.arange(1000) * 37 - 9000).astype('<i2'))
            save('x_b1.npy', rng.random(77) < 0.5)
            load = lambda n: np.load(d + '/' + n + '.npy')
            for n in ['f4', 'f4_f', 'f4_be', 'u1', 'i1', 'u2', 'i2', 'i2_be', 'i4', 'i8', 'u8', 'b1']:
                save('sum_' + n + '.npy', load(n).sum(axis=-1))
            save('sum_f4_f8.npy', load('f4').sum(axis=-1, dtype=np.float64))
            save('sum_f4_be_f8.npy', load('f4_be').sum(axis=-1, dtype=np.float64))
            save('sum_i2_f4.npy', load('i2').sum(axis=-1, dtype=np.float32))
            save('sum_u1_u1.npy', load('u1').sum(axis=-1, dtype=np.uint8))
            save('add_f4_f4.npy', load('f4') + load('f4_be'))
            save('add_i2_f4.npy', load('i2') + load('f4_300'))
            save('add_u1_i1.npy', load('u1') + load('i1'))
            save('add_u1_u1.npy', load('u1') + load('u1_b'))
            save('add_b1_b1.npy', load('b1') + load('b1'))
            save('add_i8_u8.npy', load('i8') + load('u8'))
            save('add_u1_u1_u2.npy', np.add(load('u1'), load('u1_b'), dtype=np.uint16))
            save('add_f8_f8_i2.npy', np.add(load('f8_small'), load('f8_small'), dtype=np.int16, casting='unsafe'))
            save('outer_u1_u1.npy', np.outer(load('y_u1'), load('x_u1')))
            save('outer_i2_f4.npy', np.outer(load('y_i2'), load('f4_300')[0]))
            save('outer_b1_b1.npy', np.outer(load('x_b1'), load('x_b1')))
            save('outer_i2_i2_f8.npy', np.multiply(load('y_i2')[:, None], load('y_i2')[None, :300], dtype=np.float64))
            print('ok')
            """;

    @Test
    void everyOutputIsTheFileNumPyWritesForItsOwnResult(@TempDir Path dir) throws Exception {
        NumPy.assumeAvailable();
        assertEquals("ok", NumPy.run(MAKE, "", dir.toString()).strip());
        List<String[]> runs = new ArrayList<>();
        for (String n : new String[] {"f4", "f4_f", "f4_be", "u1", "i1", "u2", "i2", "i2_be", "i4", "i8", "u8", "b1"}) {
            runs.add(new String[] {"sum_" + n, "rowsum", "--in", file(dir, n)});
        }
        runs.add(new String[] {"sum_f4_f8", "rowsum", "--in", file(dir, "f4"), "--dtype", "float64"});
        runs.add(new String[] {"sum_f4_be_f8", "rowsum", "--in", file(dir, "f4_be"), "--dtype", "float64"});
        runs.add(new String[] {"sum_i2_f4", "rowsum", "--in", file(dir, "i2"), "--dtype", "float32"});
        runs.add(new String[] {"sum_u1_u1", "rowsum", "--in", file(dir, "u1"), "--dtype", "uint8"});
        runs.add(new String[] {"add_f4_f4", "add", "--a", file(dir, "f4"), "--b", file(dir, "f4_be")});
        runs.add(new String[] {"add_i2_f4", "add", "--a", file(dir, "i2"), "--b", file(dir, "f4_300")});
        runs.add(new String[] {"add_u1_i1", "add", "--a", file(dir, "u1"), "--b", file(dir, "i1"), "--tile", "4x4"});
        runs.add(new String[] {"add_u1_u1", "add", "--a", file(dir, "u1"), "--b", file(dir, "u1_b")});
        runs.add(new String[] {"add_b1_b1", "add", "--a", file(dir, "b1"), "--b", file(dir, "b1")});
        runs.add(new String[] {"add_i8_u8", "add", "--a", file(dir, "i8"), "--b", file(dir, "u8")});
        runs.add(new String[] {"add_u1_u1_u2", "add", "--a", file(dir, "u1"), "--b", file(dir, "u1_b"), "--dtype", "uint16"});
        runs.add(new String[] {"add_f8_f8_i2", "add", "--a", file(dir, "f8_small"), "--b", file(dir, "f8_small"), "--dtype", "int16",
                "--casting", "unsafe"});
        runs.add(new String[] {"outer_u1_u1", "outer", "--y", file(dir, "y_u1"), "--x", file(dir, "x_u1")});
        for (String impl : new String[] {"auto", "tiled", "naive"}) {
            runs.add(new String[] {"outer_i2_f4", "outer", "--y", file(dir, "y_i2"), "--x", dir.resolve("f4_row.npy").toString(), "--impl",
                    impl});
        }
        runs.add(new String[] {"outer_b1_b1", "outer", "--y", file(dir, "x_b1"), "--x", file(dir, "x_b1")});
        runs.add(new String[] {"outer_i2_i2_f8", "outer", "--y", file(dir, "y_i2"), "--x", dir.resolve("y_i2_300.npy").toString(), "--dtype",
                "float64", "--impl", "native"});
        NumPy.run("""
                import sys, numpy as np
                d = sys.argv[1]
                np.save(d + '/f4_row.npy', np.load(d + '/f4_300.npy')[0])
                np.save(d + '/y_i2_300.npy', np.load(d + '/y_i2.npy')[:300])
                """, "", dir.toString());
        LayoutCommandsNumPyTest.assertCommandsWriteNumPysFiles(dir, runs);
    }

    @Test
    void theIndexBuildOnIntegerAndFloat32InputsReadsThemAsFloatDoes(@TempDir Path dir) throws Exception {
        NumPy.assumeAvailable();
        NumPy.run("""
                import sys, numpy as np
                d = sys.argv[1]
                rng = np.random.default_rng(4)
                a1 = rng.integers(-300, 300, (53, 71)).astype(np.int16); a1[rng.random((53, 71)) < 0.1] = -32768
                a2 = rng.integers(0, 256, (53, 71)).astype(np.uint8)
                np.save(d + '/a1_i2.npy', a1)
                np.save(d + '/a2_u1.npy', a2)
                np.save(d + '/a1_f8.npy', a1.astype(np.float64))
                np.save(d + '/a2_f8.npy', a2.astype(np.float64))
                b1 = (rng.standard_normal((53, 71)) * 100).astype(np.float32)
                np.save(d + '/a1_f4.npy', np.asfortranarray(b1.astype('>f4')))
                np.save(d + '/a1_f4_f8.npy', b1.astype(np.float64))
                """, "", dir.toString());
        String[][] pairs = {{"a1_i2", "a2_u1", "a1_f8", "a2_f8"}, {"a1_f4", "a2_u1", "a1_f4_f8", "a2_f8"}};
        for (String[] p : pairs) {
            for (int k = 0; k < 2; k++) {
                KernelCommandTest.Run run = KernelCommandTest.run("index", "--a1", file(dir, p[2 * k]), "--a2", file(dir, p[2 * k + 1]),
                        "--out", dir.resolve("out_" + p[0] + "_" + k).toString(), "--quiet", "--tile", "300", "--sentinel", "-32767");
                assertEquals(0, run.exit(), run.err());
            }
            for (String f : new String[] {"xs.npy", "ys.npy", "idxs.npy"}) {
                Path typed = dir.resolve("out_" + p[0] + "_0").resolve(f), wide = dir.resolve("out_" + p[0] + "_1").resolve(f);
                assertTrue(Files.size(typed) > 128, f + " holds results");
                assertEquals(-1, Files.mismatch(typed, wide), p[0] + " " + f + ": the typed inputs gave other results than their float64 copies");
            }
        }
    }

    private static String file(Path dir, String name) {
        return dir.resolve(name + ".npy").toString();
    }
}
