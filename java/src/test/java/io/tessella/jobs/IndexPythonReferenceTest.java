package io.tessella.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tessella.io.NpyFile;
import io.tessella.kernel.NativeKernel;
import io.tessella.memory.NdArray;
import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recipe's Python loop (ctypes over the same C library) is the reference a Python user trusts:
 * Tessella's outputs are byte-identical to the arrays it saves.
 */
class IndexPythonReferenceTest {

    static boolean pythonWithNumpy() {
        try {
            Process p = new ProcessBuilder("python3", "-c", "import numpy").redirectErrorStream(true).start();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    @Test
    void tessellaEqualsTheRecipesCtypesLoopByteForByte(@TempDir Path dir) throws Exception {
        assumeTrue(pythonWithNumpy(), "python3 with NumPy is not installed");
        Path a1p = dir.resolve("a1.npy"), a2p = dir.resolve("a2.npy");
        try (Arena arena = Arena.ofShared()) {
            NpyFile.save(a1p, IndexInputs.fill(arena, 31, true, 70, 90));
            NpyFile.save(a2p, IndexInputs.fill(arena, 32, false, 70, 90));
        }
        assertEqualsTheRecipe(dir, a1p, a2p);
    }

    /** The files a Fortran, MATLAB or NetCDF export gives, and a big-endian one: NumPy writes them, and both loops read them. */
    @Test
    void fortranOrderAndBigEndianFilesGiveTheRecipesOutputsToo(@TempDir Path dir) throws Exception {
        assumeTrue(pythonWithNumpy(), "python3 with NumPy is not installed");
        Path c1 = dir.resolve("c1.npy"), c2 = dir.resolve("c2.npy");
        try (Arena arena = Arena.ofShared()) {
            NpyFile.save(c1, IndexInputs.fill(arena, 33, true, 61, 47));
            NpyFile.save(c2, IndexInputs.fill(arena, 34, false, 61, 47));
        }
        Path a1p = dir.resolve("a1.npy"), a2p = dir.resolve("a2.npy");
        Process p = new ProcessBuilder("python3", "-c", """
                import sys, numpy as np
                c1, c2, a1, a2 = sys.argv[1:5]
                np.save(a1, np.asfortranarray(np.load(c1)).astype('>f8', order='K'))
                np.save(a2, np.asfortranarray(np.load(c2)))
                """, c1.toString(), c2.toString(), a1p.toString(), a2p.toString()).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), log);
        assertEquals(java.nio.ByteOrder.BIG_ENDIAN, NpyFile.readHeader(a1p).byteOrder());
        assertTrue(NpyFile.readHeader(a1p).fortranOrder() && NpyFile.readHeader(a2p).fortranOrder());
        assertEqualsTheRecipe(dir, a1p, a2p);
    }

    /** Integer and float32 files (counts, masks, images, climate fields): both loops read each element as float() does. */
    @Test
    void integerAndFloat32FilesGiveTheRecipesOutputsToo(@TempDir Path dir) throws Exception {
        assumeTrue(pythonWithNumpy(), "python3 with NumPy is not installed");
        Path c1 = dir.resolve("c1.npy"), c2 = dir.resolve("c2.npy");
        try (Arena arena = Arena.ofShared()) {
            NpyFile.save(c1, IndexInputs.fill(arena, 35, true, 53, 67));
            NpyFile.save(c2, IndexInputs.fill(arena, 36, false, 53, 67));
        }
        String[][] pairs = {{"float32", "int16"}, {"int64", "uint8"}, {"float32", "float32"}};
        for (String[] pair : pairs) {
            Path sub = Files.createDirectory(dir.resolve(pair[0] + "_" + pair[1]));
            Path a1p = sub.resolve("a1.npy"), a2p = sub.resolve("a2.npy");
            Process p = new ProcessBuilder("python3", "-c", """
                    import sys, numpy as np
                    c1, c2, a1, a2, t1, t2 = sys.argv[1:7]
                    x1, x2 = np.load(c1), np.load(c2)
                    if np.dtype(t1).kind in 'iu':
                        info = np.iinfo(t1)
                        x1 = np.where(x1 <= -1e10, info.min, np.clip(x1 * 1000, info.min, info.max))
                    if np.dtype(t2).kind in 'iu':
                        info = np.iinfo(t2)
                        x2 = np.clip(x2, info.min, info.max)
                    np.save(a1, x1.astype(t1))
                    np.save(a2, x2.astype(t2))
                    """, c1.toString(), c2.toString(), a1p.toString(), a2p.toString(), pair[0], pair[1]).redirectErrorStream(true).start();
            String log = new String(p.getInputStream().readAllBytes());
            assertEquals(0, p.waitFor(), log);
            assertEqualsTheRecipe(sub, a1p, a2p);
        }
    }

    private void assertEqualsTheRecipe(Path dir, Path a1p, Path a2p) throws Exception {
        Path script = dir.resolve("recipe_index_loop.py");
        try (InputStream in = getClass().getResourceAsStream("/python/recipe_index_loop.py")) {
            Files.copy(in, script);
        }
        Path lib = Path.of(System.getProperty("tessella.test.nativeDir"), "bundle", "libtessella_kernel.so");
        Path py = Files.createDirectory(dir.resolve("python"));
        Process p = new ProcessBuilder("python3", script.toString(), lib.toString(), a1p.toString(), a2p.toString(), "-1e10", py.toString())
                .redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), log);

        Path out = dir.resolve("tessella");
        try (NdArray a1 = NpyFile.open(a1p, NpyFile.Mode.READ_ONLY); NdArray a2 = NpyFile.open(a2p, NpyFile.Mode.READ_ONLY);
             IndexResult r = IndexBuilder.create().kernel(NativeKernel.bundled()).parallelism(2).tileElements(333).outputDirectory(out)
                     .run(a1, a2)) {
            List<String> counts = new ArrayList<>(List.of(Long.toString(r.counts().visited()), Long.toString(r.counts().skipped())));
            r.counts().failedByCode().forEach((code, n) -> counts.add(code + ":" + n));
            assertEquals(Files.readString(py.resolve("counts.txt")).strip(), String.join(" ", counts));
        }
        for (String name : new String[] {"xs.npy", "ys.npy", "idxs.npy"}) {
            try (NdArray mine = NpyFile.open(out.resolve(name), NpyFile.Mode.READ_ONLY);
                 NdArray theirs = NpyFile.open(py.resolve(name), NpyFile.Mode.READ_ONLY)) {
                assertEquals(-1, mine.contiguousSegment().mismatch(theirs.contiguousSegment()), name + " data differs from the recipe's");
            }
        }
    }
}
