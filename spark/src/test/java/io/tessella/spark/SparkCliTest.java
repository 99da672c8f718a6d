package io.tessella.spark;

import static io.tessella.spark.SparkTestSupport.mixed;
import static io.tessella.spark.SparkTestSupport.npy;
import static io.tessella.spark.SparkTestSupport.sameBytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import io.tessella.cli.TessellaCli;
import io.tessella.memory.DType;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code tessella spark index|outer|add|rowsum} against the local commands, in one JVM: the same output
 * bytes, the same counts, and for bad input the same one line on standard error with exit status 2,
 * before any Spark job.
 */
class SparkCliTest {
    private static Path dir;
    private static int counter;

    @BeforeAll
    static void setUp() throws Exception {
        dir = SparkTestSupport.workDir("cli");
    }

    private static Path fresh(String name) {
        return dir.resolve((counter++) + "-" + name);
    }

    /** Exit status, standard output, standard error. */
    private record Run(int status, String out, String err) {
    }

    private static Run tessella(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int status = TessellaCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(status, out.toString(), err.toString());
    }

    private static String[] spark(String... args) {
        List<String> a = new ArrayList<>(List.of("spark"));
        a.addAll(List.of(args));
        a.addAll(List.of("--master", "local[2]", "--conf", "spark.driver.host=127.0.0.1", "--conf", "spark.ui.enabled=false"));
        return a.toArray(String[]::new);
    }

    @Test
    void sparkIndexWritesTheLocalCommandsFilesAndCounts() throws Exception {
        Path a1 = npy(dir, fresh("a1.npy").getFileName().toString(), DType.FLOAT64, new long[] {27, 19}, mixed(1, 0.3));
        Path a2 = npy(dir, fresh("a2.npy").getFileName().toString(), DType.FLOAT64, new long[] {27, 19}, mixed(2, 0));
        Path local = fresh("local"), distributed = fresh("spark");
        Run l = tessella("index", "--a1", a1.toString(), "--a2", a2.toString(), "--out", local.toString(), "--quiet");
        assertEquals(0, l.status(), l.err());
        Path twin = fresh("spark-java");
        Run j = tessella(spark("index", "--a1", a1.toString(), "--a2", a2.toString(), "--out", twin.toString(), "--kernel", "java", "--quiet"));
        assertEquals(0, j.status(), j.err());
        for (String f : List.of("xs.npy", "ys.npy", "idxs.npy")) {
            assertNull(sameBytes(local.resolve(f), twin.resolve(f)), "--kernel java: " + f);
        }
        Run s = tessella(spark("index", "--a1", a1.toString(), "--a2", a2.toUri().toString(), "--out", distributed.toString(),
                "--rows-per-partition", "4"));
        assertEquals(0, s.status(), s.err());
        for (String f : List.of("xs.npy", "ys.npy", "idxs.npy")) {
            assertNull(sameBytes(local.resolve(f), distributed.resolve(f)));
        }
        Map<String, Object> ls = JSON.std.mapFrom(Files.readString(local.resolve("summary.json")));
        Map<String, Object> ss = JSON.std.mapFrom(Files.readString(distributed.resolve("summary.json")));
        for (String k : List.of("visited", "skipped", "failed", "failedByCode", "emitted", "sentinel", "shape")) {
            assertEquals(ls.get(k), ss.get(k), k);
        }
        assertEquals(7, ((Number) ss.get("partitions")).intValue());
        assertTrue(s.out().startsWith("index: " + ls.get("visited") + " visited"), s.out());
    }

    @Test
    void sparkOuterAddRowsumWriteTheLocalCommandsFiles() throws Exception {
        Path y = npy(dir, fresh("y.npy").getFileName().toString(), DType.INT64, new long[] {37}, mixed(3, 0));
        Path x = npy(dir, fresh("x.npy").getFileName().toString(), DType.FLOAT64, new long[] {23}, mixed(4, 0));
        Path a = npy(dir, fresh("a.npy").getFileName().toString(), DType.FLOAT64, new long[] {30, 16, 16}, mixed(5, 0));
        Path b = npy(dir, fresh("b.npy").getFileName().toString(), DType.FLOAT64, new long[] {30, 16, 16}, mixed(6, 0));
        Path m = npy(dir, fresh("m.npy").getFileName().toString(), DType.FLOAT64, new long[] {9, 1003}, SparkTestSupport.mixedFinite(7));
        // Other dtypes: NumPy's result dtype, as the local commands write it (float32 + int32 is float64;
        // int32 outer products wrap in int32; int32 row sums are int64; float32 ones stay float32).
        Path i32 = npy(dir, fresh("i32.npy").getFileName().toString(), DType.INT32, new long[] {41}, k -> (k * 2654435761L) % 100000 - 50000);
        Path f32 = npy(dir, fresh("f32.npy").getFileName().toString(), DType.FLOAT32, new long[] {30, 16, 16}, mixed(8, 0));
        Path b32 = npy(dir, fresh("b32.npy").getFileName().toString(), DType.INT32, new long[] {30, 16, 16}, k -> k % 1000 - 500);
        Path m32 = npy(dir, fresh("m32.npy").getFileName().toString(), DType.INT32, new long[] {9, 1003}, k -> (k * 40503) % 2000000000L);
        Path mf = npy(dir, fresh("mf.npy").getFileName().toString(), DType.FLOAT32, new long[] {9, 1003}, SparkTestSupport.mixedFinite(9));
        List<String[]> commands = List.of(new String[] {"outer", "--y", y.toString(), "--x", x.toString(), "--impl", "tiled"},
                new String[] {"add", "--a", a.toString(), "--b", b.toString(), "--tile", "4x4"}, new String[] {"rowsum", "--in", m.toString()},
                new String[] {"outer", "--y", i32.toString(), "--x", i32.toString()},
                new String[] {"add", "--a", f32.toString(), "--b", b32.toString()},
                new String[] {"rowsum", "--in", m32.toString()}, new String[] {"rowsum", "--in", mf.toString()});
        for (String[] c : commands) {
            Path local = fresh(c[0] + "-local.npy"), distributed = fresh(c[0] + "-spark.npy");
            List<String> la = new ArrayList<>(List.of(c));
            la.addAll(List.of("--out", local.toString(), "--threads", "2"));
            Run l = tessella(la.toArray(String[]::new));
            assertEquals(0, l.status(), l.err());
            List<String> sa = new ArrayList<>(List.of(c));
            sa.addAll(List.of("--out", distributed.toString(), "--rows-per-partition", "4", "--json"));
            Run s = tessella(spark(sa.toArray(String[]::new)));
            assertEquals(0, s.status(), s.err());
            assertNull(sameBytes(local, distributed), c[0]);
            Map<String, Object> report = JSON.std.mapFrom(s.out());
            assertEquals(c[0], report.get("op"));
        }
    }

    @Test
    void badInputGetsTheLocalCommandsLineAndExitStatus() throws Exception {
        Path a = npy(dir, fresh("a.npy").getFileName().toString(), DType.FLOAT64, new long[] {4, 5}, mixed(8, 0));
        Path b = npy(dir, fresh("b.npy").getFileName().toString(), DType.FLOAT64, new long[] {4, 6}, mixed(9, 0));
        Path csv = Files.writeString(fresh("data.npy"), "a,b,c\n1,2,3\n");
        Path existing = Files.writeString(fresh("exists.npy"), "an older result");
        Path badAbi = io.tessella.spark.TestKernels.testLibrary("tessella_test_bad_abi");
        Path missing = dir.resolve("missing.npy");
        List<String[]> cases = List.of(
                new String[] {"add", "--a", missing.toString(), "--b", b.toString(), "--out", fresh("o.npy").toString()},
                new String[] {"add", "--a", a.toString(), "--b", b.toString(), "--out", fresh("o.npy").toString()},
                new String[] {"rowsum", "--in", csv.toString(), "--out", fresh("o.npy").toString()},
                new String[] {"outer", "--y", csv.toString(), "--x", a.toString(), "--out", fresh("o.npy").toString()},
                new String[] {"rowsum", "--in", a.toString(), "--out", existing.toString()},
                new String[] {"index", "--a1", a.toString(), "--a2", a.toString(), "--out", fresh("o").toString(), "--kernel", badAbi.toString()},
                new String[] {"index", "--a1", a.toString(), "--a2", a.toString(), "--out", fresh("o").toString(), "--sentinel", "nan"},
                new String[] {"add", "--a", a.toString(), "--b", a.toString(), "--out", fresh("o.npy").toString(), "--tile", "0x4"});
        for (String[] c : cases) {
            Run l = tessella(c);
            Run s = tessella(spark(c));
            assertEquals(2, l.status(), String.join(" ", c) + ": " + l.err());
            assertEquals(l.err(), s.err(), String.join(" ", c));
            assertEquals(2, s.status());
            assertEquals(1, s.err().lines().count(), s.err());
        }
        assertEquals("an older result", Files.readString(existing));
    }

    @Test
    void aCheckpointOfAnotherJobIsNamedByItsOption() throws Exception {
        Path a1 = npy(dir, fresh("a1.npy").getFileName().toString(), DType.FLOAT64, new long[] {6, 6}, mixed(10, 0.2));
        Path ckpt = Files.createDirectory(fresh("ckpt"));
        Files.writeString(ckpt.resolve("manifest.properties"), "format=1\nshape=[1]\n");
        Path out = fresh("o");
        Run s = tessella(spark("index", "--a1", a1.toString(), "--a2", a1.toString(), "--out", out.toString(), "--checkpoint", ckpt.toString()));
        assertEquals(2, s.status(), s.err());
        assertTrue(s.err().startsWith("index: --checkpoint " + ckpt + ": belongs to another job: shape was [1], now [6, 6]"), s.err());
        assertFalse(Files.exists(out));
    }
}
