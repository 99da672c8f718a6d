package io.tessella.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tessella.memory.NumPy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands on the files NumPy writes in every layout (C, Fortran, strided copies saved as they are,
 * big-endian, 0-d, empty): each output file is byte for byte what {@code np.save} writes for NumPy's own
 * result, header (dtype, fortran_order, shape) included. The index build on Fortran and big-endian
 * files gives the same files as on their C-order twin.
 */
class LayoutCommandsNumPyTest {

    private static final String MAKE = """
            import sys, numpy as np
            d = sys.argv[1]
            rng = np.random.default_rng(7)
            m = rng.standard_normal((37, 20011))
            m[3, :100] = -0.0
            m[5, 7] = np.nan
            cube = rng.standard_normal((6, 9, 301))
            save = lambda name, a: np.save(d + '/' + name, a)
            save('m_c.npy', m)
            save('m_f.npy', np.asfortranarray(m))
            save('m_be.npy', m.astype('>f8'))
            save('m_fbe.npy', np.asfortranarray(m.astype('>f8')))
            save('cube_f.npy', np.asfortranarray(cube))
            save('cube_c.npy', cube)
            save('zero_d.npy', np.array(-2.5))
            save('empty.npy', np.zeros((4, 0)))
            save('y_be.npy', np.arange(50, dtype='>f8') * 0.5 - 3)
            save('x_rev.npy', np.ascontiguousarray(rng.standard_normal(77)[::-1]))
            save('x_2d.npy', rng.standard_normal((7, 11)))
            # NumPy's own results, saved as np.save writes them.
            for name in ['m_c', 'm_f', 'm_be', 'm_fbe', 'cube_f', 'cube_c', 'zero_d', 'empty']:
                a = np.load(d + '/' + name + '.npy')
                save('sum_' + name + '.npy', a.sum(axis=-1))
            load = lambda n: np.load(d + '/' + n + '.npy')
            save('add_ff.npy', load('cube_f') + load('cube_f'))
            save('add_fc.npy', load('cube_f') + load('cube_c'))
            save('add_be_f.npy', load('m_be') + load('m_f'))
            save('add_0d.npy', load('zero_d') + load('zero_d'))
            save('outer_be_rev.npy', np.outer(load('y_be'), load('x_rev')))
            save('outer_2d.npy', np.outer(load('x_2d'), load('y_be')))
            print('ok')
            """;

    @Test
    void everyOutputIsTheFileNumPyWritesForItsOwnResult(@TempDir Path dir) throws Exception {
        NumPy.assumeAvailable();
        assertEquals("ok", NumPy.run(MAKE, "", dir.toString()).strip());
        List<String[]> runs = new ArrayList<>();
        for (String name : new String[] {"m_c", "m_f", "m_be", "m_fbe", "cube_f", "cube_c", "zero_d", "empty"}) {
            runs.add(new String[] {"sum_" + name, "rowsum", "--in", dir.resolve(name + ".npy").toString()});
        }
        runs.add(new String[] {"add_ff", "add", "--a", dir.resolve("cube_f.npy").toString(), "--b", dir.resolve("cube_f.npy").toString()});
        runs.add(new String[] {"add_fc", "add", "--a", dir.resolve("cube_f.npy").toString(), "--b", dir.resolve("cube_c.npy").toString()});
        runs.add(new String[] {"add_be_f", "add", "--a", dir.resolve("m_be.npy").toString(), "--b", dir.resolve("m_f.npy").toString()});
        runs.add(new String[] {"add_0d", "add", "--a", dir.resolve("zero_d.npy").toString(), "--b", dir.resolve("zero_d.npy").toString()});
        runs.add(new String[] {"outer_be_rev", "outer", "--y", dir.resolve("y_be.npy").toString(), "--x", dir.resolve("x_rev.npy").toString()});
        runs.add(new String[] {"outer_2d", "outer", "--y", dir.resolve("x_2d.npy").toString(), "--x", dir.resolve("y_be.npy").toString()});
        assertCommandsWriteNumPysFiles(dir, runs);
    }

    /**
     * Runs each command ({@code {name, command, options...}}) with {@code --out} and 2 threads, and
     * checks its file is byte for byte {@code DIR/name.npy}, the file np.save wrote of NumPy's result.
     */
    static void assertCommandsWriteNumPysFiles(Path dir, List<String[]> runs) throws Exception {
        int n = 0;
        for (String[] r : runs) {
            Path out = dir.resolve("tessella_" + r[0] + "_" + (n++) + ".npy");
            List<String> args = new ArrayList<>(List.of(r).subList(1, r.length));
            args.addAll(List.of("--out", out.toString(), "--threads", "2"));
            KernelCommandTest.Run run = KernelCommandTest.run(args.toArray(String[]::new));
            assertEquals(0, run.exit(), String.join(" ", args) + ": " + run.err());
            assertEquals(-1, Files.mismatch(dir.resolve(r[0] + ".npy"), out), r[0] + ": Tessella's file differs from np.save of NumPy's result");
        }
    }

    @Test
    void theIndexBuildGivesTheSameFilesWhateverTheInputLayout(@TempDir Path dir) throws Exception {
        NumPy.assumeAvailable();
        NumPy.run("""
                import sys, numpy as np
                d = sys.argv[1]
                rng = np.random.default_rng(3)
                a1 = rng.uniform(-300, 300, (53, 71)); a1[rng.random((53, 71)) < 0.1] = -1e10
                a2 = rng.uniform(-300, 300, (53, 71))
                for tag, f in [('c', lambda a: a), ('f', np.asfortranarray), ('be', lambda a: a.astype('>f8')),
                               ('fbe', lambda a: np.asfortranarray(a.astype('>f8')))]:
                    np.save(d + '/a1_' + tag + '.npy', f(a1))
                    np.save(d + '/a2_' + tag + '.npy', f(a2))
                """, "", dir.toString());
        for (String tag : new String[] {"c", "f", "be", "fbe"}) {
            KernelCommandTest.Run run = KernelCommandTest.run("index", "--a1", dir.resolve("a1_" + tag + ".npy").toString(), "--a2",
                    dir.resolve("a2_" + tag + ".npy").toString(), "--out", dir.resolve("out_" + tag).toString(), "--quiet", "--tile", "300");
            assertEquals(0, run.exit(), run.err());
        }
        for (String tag : new String[] {"f", "be", "fbe"}) {
            for (String f : new String[] {"xs.npy", "ys.npy", "idxs.npy"}) {
                assertEquals(-1, Files.mismatch(dir.resolve("out_c").resolve(f), dir.resolve("out_" + tag).resolve(f)), tag + " " + f);
            }
        }
    }
}
