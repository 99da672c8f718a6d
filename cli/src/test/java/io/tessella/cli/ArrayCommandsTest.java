package io.tessella.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import io.tessella.io.NpyFile;
import io.tessella.io.NpyOutput;
import io.tessella.kernel.JavaKernel;
import io.tessella.kernel.NativeKernel;
import io.tessella.memory.DType;
import io.tessella.memory.NdArray;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The outer / add / rowsum / index commands: files NumPy can read, JSON lines, and exit 2 with one line on bad input. */
class ArrayCommandsTest {

    static KernelCommandTest.Run run(String... args) {
        return KernelCommandTest.run(args);
    }

    static Path npy(Path dir, String name, DType dtype, long[] shape, java.util.function.LongToDoubleFunction value) {
        Path p = dir.resolve(name);
        try (NpyOutput out = NpyFile.create(p, dtype, shape)) {
            var seg = out.array().contiguousSegment();
            for (long i = 0; i < out.array().size(); i++) {
                if (dtype == DType.INT64) {
                    seg.setAtIndex(java.lang.foreign.ValueLayout.JAVA_LONG, i, (long) value.applyAsDouble(i));
                } else {
                    seg.setAtIndex(java.lang.foreign.ValueLayout.JAVA_DOUBLE, i, value.applyAsDouble(i));
                }
            }
            out.commit();
        }
        return p;
    }

    @Test
    void outerWritesYTimesXAndReportsJson(@TempDir Path dir) throws Exception {
        Path y = npy(dir, "y.npy", DType.INT64, new long[] {50}, i -> i);
        Path x = npy(dir, "x.npy", DType.FLOAT64, new long[] {77}, i -> i * 0.37 - 3);
        for (String impl : new String[] {"tiled", "naive", "native"}) {
            Path out = dir.resolve("r-" + impl + ".npy");
            KernelCommandTest.Run r = run("outer", "--y", y.toString(), "--x", x.toString(), "--out", out.toString(), "--impl", impl, "--json");
            assertEquals(0, r.exit(), r.err());
            Map<String, Object> report = JSON.std.mapFrom(r.out());
            assertEquals(impl, report.get("impl"));
            assertEquals(50 * 77 * 8, ((Number) report.get("bytesWritten")).longValue());
            try (NdArray res = NpyFile.open(out, NpyFile.Mode.READ_ONLY)) {
                assertEquals(Double.doubleToRawLongBits(49 * (76 * 0.37 - 3)), Double.doubleToRawLongBits(res.getDouble(49, 76)));
            }
        }
    }

    @Test
    void outerAutoAboveTheCacheRunsNativeAndSaysSoWithTheSameBytes(@TempDir Path dir) throws Exception {
        Path y = npy(dir, "y.npy", DType.FLOAT64, new long[] {40}, i -> i * 1.25 - 7);
        Path x = npy(dir, "x.npy", DType.FLOAT64, new long[] {90}, i -> 1 / (i + 0.3));
        Path tiled = dir.resolve("tiled.npy"), auto = dir.resolve("auto.npy");
        assertEquals(0, run("outer", "--y", y.toString(), "--x", x.toString(), "--out", tiled.toString(), "--impl", "tiled").exit());
        boolean streams = io.tessella.kernel.NativeOuter.isAvailable()
                && !"plain".equals(io.tessella.kernel.NativeOuter.bundled().streamingIsa());
        System.setProperty("tessella.cacheBytes", "4096");    // 28.8 KB of result: larger than this "cache"
        try {
            KernelCommandTest.Run r = run("outer", "--y", y.toString(), "--x", x.toString(), "--out", auto.toString(), "--json");
            assertEquals(0, r.exit(), r.err());
            String expected = streams ? "native" : io.tessella.jobs.OuterImpl.AUTO.resolve().name().toLowerCase(java.util.Locale.ROOT);
            assertEquals(expected, JSON.std.mapFrom(r.out()).get("impl"), r.out());
        } finally {
            System.clearProperty("tessella.cacheBytes");
        }
        assertArrayEquals(Files.readAllBytes(tiled), Files.readAllBytes(auto), "the same file, bit for bit");
    }

    @Test
    void addInFourByFourTilesAndRowsum(@TempDir Path dir) throws Exception {
        long[] shape = {365, 16, 16};
        Path a = npy(dir, "a.npy", DType.FLOAT64, shape, i -> i * 0.5);
        Path b = npy(dir, "b.npy", DType.FLOAT64, shape, i -> 1.0 / (i + 1));
        Path out = dir.resolve("out.npy");
        KernelCommandTest.Run r = run("add", "--a", a.toString(), "--b", b.toString(), "--out", out.toString(), "--tile", "4x4");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith("add: shape=[365,16,16] dtype=float64 tile=4x4 tiles=16"), r.out());
        try (NdArray o = NpyFile.open(out, NpyFile.Mode.READ_ONLY)) {
            long f = 100L * 256 + 7 * 16 + 9;
            assertEquals(f * 0.5 + 1.0 / (f + 1), o.getDouble(100, 7, 9));
        }
        Path m = npy(dir, "m.npy", DType.FLOAT64, new long[] {3, 1000}, i -> 1.0);
        Path s = dir.resolve("s.npy");
        assertEquals(0, run("rowsum", "--in", m.toString(), "--out", s.toString()).exit());
        try (NdArray sums = NpyFile.open(s, NpyFile.Mode.READ_ONLY)) {
            assertEquals(1000.0, sums.getDouble(2));
        }
    }

    @Test
    void indexWritesTheIssuesFilesAndSummary(@TempDir Path dir) throws Exception {
        Path a1 = npy(dir, "a1.npy", DType.FLOAT64, new long[] {30, 40}, i -> i % 9 == 0 ? -1e10 : i * 0.25 - 100);
        Path a2 = npy(dir, "a2.npy", DType.FLOAT64, new long[] {30, 40}, i -> i % 13 == 0 ? Double.NaN : 50 - i * 0.1);
        Path out = dir.resolve("out");
        KernelCommandTest.Run r = run("index", "--a1", a1.toString(), "--a2", a2.toString(), "--out", out.toString(), "--threads", "2",
                "--mode", "element", "--quiet");
        assertEquals(0, r.exit(), r.err());
        assertEquals("", r.out());
        Map<String, Object> summary = JSON.std.mapFrom(Files.readString(out.resolve("summary.json")));
        assertEquals(1200, ((Number) summary.get("visited")).longValue());
        assertEquals(134, ((Number) summary.get("skipped")).longValue());
        assertEquals("element", summary.get("mode"));
        assertEquals(2, ((Number) summary.get("threads")).intValue());
        long emitted = ((Number) summary.get("emitted")).longValue();
        for (String f : new String[] {"xs.npy", "ys.npy", "idxs.npy"}) {
            assertEquals(emitted, NpyFile.readHeader(out.resolve(f)).shape()[0], f);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> byCode = (Map<String, Object>) summary.get("failedByCode");
        assertTrue(((Number) byCode.get("1")).longValue() > 0, "NaN inputs fail with code 1: " + byCode);
    }

    @Test
    void indexWithTheJavaKernelWritesTheBundledLibrarysFilesByteForByte(@TempDir Path dir) throws Exception {
        Path a1 = npy(dir, "a1.npy", DType.FLOAT64, new long[] {30, 40}, i -> i % 9 == 0 ? -1e10 : i * 0.25 - 100);
        Path a2 = npy(dir, "a2.npy", DType.FLOAT64, new long[] {30, 40}, i -> i % 13 == 0 ? Double.NaN : 50 - i * 0.1);
        for (String kernel : new String[] {"bundled", "java"}) {
            String[] args = {"index", "--a1", a1.toString(), "--a2", a2.toString(), "--out", dir.resolve(kernel).toString(), "--quiet"};
            KernelCommandTest.Run r = kernel.equals("java") ? run(concat(args, "--kernel", "java")) : run(args);
            assertEquals(0, r.exit(), r.err());
        }
        assertTrue(NativeKernel.isAvailable(), "the comparison is with the C kernel");
        for (String f : new String[] {"xs.npy", "ys.npy", "idxs.npy"}) {
            assertArrayEquals(Files.readAllBytes(dir.resolve("bundled").resolve(f)), Files.readAllBytes(dir.resolve("java").resolve(f)), f);
        }
        Map<String, Object> java = JSON.std.mapFrom(Files.readString(dir.resolve("java").resolve("summary.json")));
        assertEquals(JavaKernel.STANDARD.description(), java.get("kernel"), "the summary names the kernel that ran");
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    @Test
    void badInputExitsWith2AndOneLine(@TempDir Path dir) throws Exception {
        Path f64 = npy(dir, "f.npy", DType.FLOAT64, new long[] {4, 5}, i -> i);
        Path other = npy(dir, "g.npy", DType.FLOAT64, new long[] {4, 6}, i -> i);
        Path i64 = npy(dir, "i.npy", DType.INT64, new long[] {4, 5}, i -> i);
        String out = dir.resolve("o").toString();
        String[][] cases = {
            {"index", "--a1", dir.resolve("missing.npy").toString(), "--a2", f64.toString(), "--out", out},
            {"index", "--a1", f64.toString(), "--a2", other.toString(), "--out", out},
            {"outer", "--y", i64.toString(), "--x", f64.toString(), "--out", dir.resolve("r.npy").toString(), "--dtype", "uint8"},
            {"index", "--a1", f64.toString(), "--a2", f64.toString(), "--out", "/proc/forbidden/out"},
            {"index", "--a1", f64.toString(), "--a2", f64.toString(), "--out", out, "--mode", "fast"},
            {"outer", "--y", i64.toString(), "--x", i64.toString(), "--out", dir.resolve("r.npy").toString(), "--impl", "native"},
            {"outer", "--y", i64.toString(), "--x", f64.toString(), "--out", dir.resolve("r.npy").toString(), "--impl", "gpu"},
            {"add", "--a", f64.toString(), "--b", other.toString(), "--out", dir.resolve("s.npy").toString()},
            {"add", "--a", f64.toString(), "--b", f64.toString(), "--out", dir.resolve("s.npy").toString(), "--tile", "4by4"},
            {"rowsum", "--in", dir.resolve("nope.npy").toString(), "--out", dir.resolve("t.npy").toString()},
        };
        String[] expected = {"does not exist", "--a1 shape [4, 5] != --a2 shape [4, 6]", "--dtype uint8: cannot cast --y " + i64 + " from int64 to uint8", "/proc/forbidden/out",
            "--mode fast", "--impl native computes float64 products only; this product is int64", "impl = gpu", "--a shape [4, 5] != --b shape [4, 6]", "--tile 4by4", "does not exist"};
        for (int i = 0; i < cases.length; i++) {
            KernelCommandTest.Run r = run(cases[i]);
            assertEquals(2, r.exit(), String.join(" ", cases[i]) + ": " + r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertTrue(r.err().contains(expected[i]), "expected '" + expected[i] + "' in: " + r.err());
        }
    }
}
