package io.tessella.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import io.tessella.io.NpyFile;
import io.tessella.kernel.JavaKernel;
import io.tessella.memory.NdArray;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tessella demo}: every row verified, results kept only when asked, mismatches caught, bad input refused. */
class DemoCommandTest {

    private static KernelCommandTest.Run demo(String... args) {
        List<String> all = new ArrayList<>(List.of("demo", "--size", "tiny", "--no-progress", "--threads", "2"));
        all.addAll(List.of(args));
        return KernelCommandTest.run(all.toArray(String[]::new));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> rows(String json) throws IOException {
        return (List<Map<String, Object>>) (List<?>) JSON.std.mapFrom(json).get("rows");
    }

    @Test
    void everyRowOfEveryRecipeIsVerifiedAndNothingIsSavedWithoutOut() throws Exception {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        List<Path> before;
        try (Stream<Path> s = Files.list(tmp)) {
            before = s.toList();
        }
        KernelCommandTest.Run r = demo("--json");
        assertEquals(0, r.exit(), r.err());
        List<Map<String, Object>> rows = rows(r.out());
        Set<String> steps = new TreeSet<>();
        for (Map<String, Object> row : rows) {
            assertEquals(Boolean.TRUE, row.get("verified"), row.toString());
            steps.add((String) row.get("step"));
        }
        assertEquals(Set.of("outer product", "index builder", "4x4 tile add", "row sums"), steps);
        // naive, tiled, vector?, native; serial loop + 2 modes x 2 thread counts; 3 adds; 3 row sums.
        assertTrue(rows.size() >= 14, r.out());
        try (Stream<Path> after = Files.list(tmp)) {
            assertEquals(List.of(), after.filter(p -> !before.contains(p) && p.getFileName().toString().contains("npy")).toList(),
                    "without --out no .npy file may be written");
        }
    }

    @Test
    void theTextTableSaysEveryResultWasVerified() {
        KernelCommandTest.Run r = demo();
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("Every result equals its reference"), r.out());
        assertFalse(r.out().contains(" NO"), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("index builder  serial loop *") && l.endsWith("reference")), r.out());
    }

    @Test
    void outKeepsResultsThatReadBackEqualToTheReference(@TempDir Path dir) throws Exception {
        KernelCommandTest.Run r = demo("--out", dir.toString());
        assertEquals(0, r.exit(), r.err());
        try (NdArray out = open(dir, "outer.npy"); NdArray y = open(dir, "outer_y.npy"); NdArray x = open(dir, "outer_x.npy")) {
            assertEquals(List.of(37L, 53L), List.of(out.length(0), out.length(1)));
            for (long i = 0; i < 37; i++) {
                for (long j = 0; j < 53; j++) {
                    assertEquals(Double.doubleToRawLongBits((double) y.getLong(i) * x.getDouble(j)), Double.doubleToRawLongBits(out.getDouble(i, j)));
                }
            }
        }
        try (NdArray out = open(dir, "add/out.npy"); NdArray a = open(dir, "add/a.npy"); NdArray b = open(dir, "add/b.npy")) {
            for (long d = 0; d < out.length(0); d++) {
                for (long i = 0; i < out.length(1); i++) {
                    for (long j = 0; j < out.length(2); j++) {
                        assertEquals(a.getDouble(d, i, j) + b.getDouble(d, i, j), out.getDouble(d, i, j));
                    }
                }
            }
        }
        try (NdArray s = open(dir, "rowsum/sums.npy"); NdArray m = open(dir, "rowsum/m.npy")) {
            for (long row = 0; row < m.length(0); row++) {
                double plain = 0;
                for (long j = 0; j < m.length(1); j++) {
                    plain += m.getDouble(row, j);
                }
                // Pairwise and left-to-right sums of 1001 values in [-1, 1) agree to far better than this.
                assertEquals(plain, s.getDouble(row), 1e-9);
            }
        }
        try (NdArray a1 = open(dir, "index/a1.npy"); NdArray a2 = open(dir, "index/a2.npy"); NdArray xs = open(dir, "index/xs.npy");
                NdArray ys = open(dir, "index/ys.npy"); NdArray idxs = open(dir, "index/idxs.npy")) {
            long k = 0;
            for (long i = 0; i < a1.length(0); i++) {
                for (long j = 0; j < a1.length(1); j++) {
                    double b = a1.getDouble(i, j);
                    if (b <= -1.0e10) {
                        continue;
                    }
                    // The bundled C kernel and its Java twin are bit-identical by contract.
                    var e = JavaKernel.STANDARD.evaluate(a2.getDouble(i, j), b);
                    long v = e.succeeded() ? e.index() : -(long) e.status();
                    if (v >= 0) {
                        assertEquals(List.of(i, j, v), List.of(xs.getLong(k), ys.getLong(k), idxs.getLong(k)), "emitted #" + k);
                        k++;
                    }
                }
            }
            assertEquals(k, idxs.length(0));
            assertTrue(k > 0 && k < a1.size(), "the tiny data must take both branches: " + k);
        }
    }

    @Test
    void numpyLoadsTheKeptResultsAndAgreesBitForBit(@TempDir Path dir) throws Exception {
        assumeTrue(pythonWithNumpy(), "python3 with NumPy is not installed");
        assertEquals(0, demo("--out", dir.toString()).exit());
        String script = String.join("\n",
                "import numpy as np, sys",
                "d = sys.argv[1]",
                "r = np.load(d + '/outer.npy'); y = np.load(d + '/outer_y.npy'); x = np.load(d + '/outer_x.npy')",
                "assert y.dtype == np.int64 and r.dtype == np.float64",
                "assert np.array_equal(r, x[None, :] * y[:, None])",
                "a = np.load(d + '/add/a.npy'); b = np.load(d + '/add/b.npy')",
                "assert np.array_equal(np.load(d + '/add/out.npy'), a + b)",
                "m = np.load(d + '/rowsum/m.npy')",
                "assert np.array_equal(np.load(d + '/rowsum/sums.npy'), m.sum(axis=-1))",
                "xs = np.load(d + '/index/xs.npy'); a1 = np.load(d + '/index/a1.npy')",
                "assert xs.dtype == np.int64 and np.all(a1[xs, np.load(d + '/index/ys.npy')] > -1e10)",
                "print('ok')");
        Process p = new ProcessBuilder("python3", "-c", script, dir.toString()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), output);
        assertEquals("ok", output.strip());
    }

    @Test
    void aCorruptedResultFailsVerificationNamesTheRowAndExitsOne() throws Exception {
        KernelCommandTest.Run r = demo("--json", "--corrupt", "outer/tiled/2");
        assertEquals(DemoCommand.EXIT_MISMATCH, r.exit(), r.err());
        assertTrue(r.err().contains("outer product / tiled / 2 threads: first difference at [0, 0]"), r.err());
        long failed = rows(r.out()).stream().filter(row -> row.get("verified") == Boolean.FALSE).count();
        assertEquals(1, failed, r.out());
        assertEquals(Boolean.FALSE, JSON.std.mapFrom(r.out()).get("verified"));
    }

    @Test
    void aCorruptedIndexResultIsCaughtToo() {
        KernelCommandTest.Run r = demo("--corrupt", "index/batch/2");
        assertEquals(DemoCommand.EXIT_MISMATCH, r.exit(), r.err());
        assertTrue(r.err().contains("index builder / batch / 2 threads: idxs first difference at [0]"), r.err());
        assertTrue(r.out().contains("VERIFICATION FAILED"), r.out());
    }

    @Test
    void anUnknownSizeExitsTwoWithOneLine() {
        KernelCommandTest.Run r = KernelCommandTest.run("demo", "--size", "huge");
        assertEquals(TessellaCli.EXIT_BAD_INPUT, r.exit());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("--size huge is not one of small, medium, full"), r.err());
    }

    @Test
    void anOutThatCannotBeCreatedExitsTwoWithOneLine(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        KernelCommandTest.Run r = KernelCommandTest.run("demo", "--size", "tiny", "--out", file.resolve("sub").toString());
        assertEquals(TessellaCli.EXIT_BAD_INPUT, r.exit());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("demo: --out " + file.resolve("sub")), r.err());
    }

    @Test
    void zeroThreadsExitsTwo() {
        KernelCommandTest.Run r = KernelCommandTest.run("demo", "--size", "tiny", "--threads", "0");
        assertEquals(TessellaCli.EXIT_BAD_INPUT, r.exit());
        assertTrue(r.err().contains("--threads 0"), r.err());
    }

    private static NdArray open(Path dir, String name) {
        return NpyFile.open(dir.resolve(name), NpyFile.Mode.READ_ONLY);
    }

    private static boolean pythonWithNumpy() {
        try {
            Process p = new ProcessBuilder("python3", "-c", "import numpy").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
