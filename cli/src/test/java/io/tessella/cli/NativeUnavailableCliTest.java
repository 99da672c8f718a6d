package io.tessella.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessella.io.NpyFile;
import io.tessella.io.NpyOutput;
import io.tessella.memory.DType;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands on a machine where the bundled libraries cannot load (a JVM whose extraction directory
 * cannot be created): the ones with a Java path give the same files as here, with one log line saying
 * why; the ones that were asked for the native path say why in one line and exit 2.
 */
class NativeUnavailableCliTest {

    record Run(int exit, String out, String err) {
    }

    static Run child(Path dir, String... args) throws Exception {
        Path blocker = dir.resolve("a-file");
        if (!Files.exists(blocker)) {
            Files.writeString(blocker, "nothing can be extracted under a regular file");
        }
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "--add-modules", "jdk.incubator.vector",
                "-Dtessella.native.workdir=" + blocker.resolve("sub"), "-Djava.library.path=" + dir.resolve("empty"),
                "-cp", System.getProperty("java.class.path"), TessellaCli.class.getName()));
        cmd.addAll(List.of(args));
        Path out = dir.resolve("out.txt"), err = dir.resolve("err.txt");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        // The JDK's own line for the incubator module, printed before main; bin/tessella filters it for scripts.
        String stderr = Files.readString(err).replace("WARNING: Using incubator modules: jdk.incubator.vector\n", "");
        return new Run(p.exitValue(), Files.readString(out), stderr);
    }

    private static Path npy(Path dir, String name, long[] shape, double scale) {
        Path p = dir.resolve(name);
        try (NpyOutput o = NpyFile.create(p, DType.FLOAT64, shape)) {
            var s = o.array().contiguousSegment();
            for (long i = 0; i < o.array().size(); i++) {
                s.setAtIndex(ValueLayout.JAVA_DOUBLE, i, i % 17 == 0 ? -1e10 : (i - 300) * scale);
            }
            o.commit();
        }
        return p;
    }

    @Test
    void indexFallsBackToTheJavaTwinWithOneLineAndTheSameFiles(@TempDir Path dir) throws Exception {
        Path a1 = npy(dir, "a1.npy", new long[] {40, 50}, 0.37), a2 = npy(dir, "a2.npy", new long[] {40, 50}, -0.11);
        Path here = dir.resolve("here"), there = dir.resolve("there");
        assertEquals(0, KernelCommandTest.run("index", "--a1", a1.toString(), "--a2", a2.toString(), "--out", here.toString(), "--quiet").exit());
        Run r = child(dir, "index", "--a1", a1.toString(), "--a2", a2.toString(), "--out", there.toString(), "--quiet");
        assertEquals(0, r.exit(), r.err());
        for (String f : new String[] {"xs.npy", "ys.npy", "idxs.npy"}) {
            assertEquals(-1, Files.mismatch(here.resolve(f), there.resolve(f)), f);
        }
        List<String> warnings = r.err().lines().filter(l -> l.startsWith("tessella: WARNING: ")).toList();
        assertTrue(warnings.stream().anyMatch(l -> l.contains("Kernel.best() uses the Java kernel")), r.err());
        assertEquals(r.err().lines().count(), warnings.size(), "nothing on stderr but one-line warnings: " + r.err());
        assertTrue(!r.err().contains("\tat "), r.err());
    }

    @Test
    void theKernelCommandListsWhyEachLibraryIsUnavailableAndEvaluatesWithTheTwin(@TempDir Path dir) throws Exception {
        Run r = child(dir, "kernel", "--eval", "2.5", "1.5");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("kernel library   java:standard (the bundled library is unavailable: "), r.out());
        for (String lib : new String[] {"tessella_kernel", "tessella_outer", "tessella_loop"}) {
            assertTrue(r.out().lines().anyMatch(l -> l.startsWith("  " + lib) && l.contains("unavailable: ")
                    && l.contains("-Dtessella.native.workdir=DIR")), r.out());
        }
        assertTrue(r.out().contains("slow_computation(2.5, 1.5) = status 0, index "
                + io.tessella.kernel.JavaKernel.STANDARD.evaluate(2.5, 1.5).index()), r.out());
    }

    @Test
    void theNativeOuterProductAskedForSaysWhyInOneLine(@TempDir Path dir) throws Exception {
        Path y = npy(dir, "y.npy", new long[] {30}, 1), x = npy(dir, "x.npy", new long[] {20}, 1);
        Path out = dir.resolve("r.npy");
        Run r = child(dir, "outer", "--y", y.toString(), "--x", x.toString(), "--out", out.toString(), "--impl", "native");
        assertEquals(2, r.exit(), r.out() + r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("outer: ") && r.err().contains("tessella_outer") && r.err().contains("-Dtessella.native.workdir=DIR"),
                r.err());
        assertTrue(!Files.exists(out));
        Run tiled = child(dir, "outer", "--y", y.toString(), "--x", x.toString(), "--out", out.toString(), "--impl", "tiled");
        assertEquals(0, tiled.exit(), tiled.err());
    }
}
