package io.tessella.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessella.io.NpyFile;
import io.tessella.io.NpyOutput;
import io.tessella.memory.DType;
import java.io.IOException;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The rule users of week-long jobs rely on, checked on real processes: a command killed with SIGKILL
 * at any moment (JVM start, reading, computing, writing, publishing) leaves its output absent, or the
 * previous result, or the complete result equal to an undisturbed run's, never anything else; and the
 * next run sweeps what the killed one left. A killed checkpointed index build, run again, completes
 * with the undisturbed run's bytes.
 *
 * <p>Each try starts the command in a child JVM, kills it after a random delay drawn across the
 * command's whole undisturbed duration, and inspects the output. jqwik's statistics report, per
 * command, how many kills landed before the output appeared and how many after.
 */
class KillAnyMomentProperties {
    private static Path dir;
    private static Path y, x, a, b, m, a1, a2;
    /** The undisturbed results, and each command's undisturbed wall time (ms) to draw kill delays over. */
    private static Path outerRef, addRef, rowsumRef, indexRef;
    private static long outerMs, addMs, rowsumMs, indexMs, checkpointMs;

    @BeforeContainer
    static void inputsAndReferences() throws Exception {
        dir = Files.createTempDirectory("tessella-kill-");
        y = write("y.npy", new long[] {1500}, 1);
        x = write("x.npy", new long[] {10000}, 2);
        a = write("a.npy", new long[] {1500, 8000}, 3);
        b = write("b.npy", new long[] {1500, 8000}, 4);
        m = write("m.npy", new long[] {300, 40000}, 5);
        a1 = write("a1.npy", new long[] {400, 500}, 6);
        a2 = write("a2.npy", new long[] {400, 500}, 7);
        Files.createDirectory(dir.resolve("ref"));
        outerRef = dir.resolve("ref/r.npy");
        addRef = dir.resolve("ref/s.npy");
        rowsumRef = dir.resolve("ref/t.npy");
        indexRef = dir.resolve("ref/idx");
        outerMs = timed(outer(outerRef));
        addMs = timed(add(addRef));
        rowsumMs = timed(rowsum(rowsumRef));
        indexMs = timed(index(indexRef, null));
        checkpointMs = timed(index(dir.resolve("ref/idx-ckpt"), dir.resolve("ref/ckpt")));
        assertSameIndex(indexRef, dir.resolve("ref/idx-ckpt"));
    }

    @AfterContainer
    static void cleanUp() throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static Path write(String name, long[] shape, long seed) {
        Path p = dir.resolve(name);
        SplittableRandom rnd = new SplittableRandom(seed);
        try (NpyOutput out = NpyFile.create(p, DType.FLOAT64, shape)) {
            var s = out.array().contiguousSegment();
            for (long i = 0; i < out.array().size(); i++) {
                double v = rnd.nextInt(25) == 0 ? -1.0e10 : rnd.nextDouble(-500, 500);
                s.setAtIndex(ValueLayout.JAVA_DOUBLE, i, v);
            }
            out.commit();
        }
        return p;
    }

    private static List<String> outer(Path out) {
        return List.of("outer", "--y", y.toString(), "--x", x.toString(), "--out", out.toString(), "--threads", "2");
    }

    private static List<String> add(Path out) {
        return List.of("add", "--a", a.toString(), "--b", b.toString(), "--out", out.toString(), "--threads", "2");
    }

    private static List<String> rowsum(Path out) {
        return List.of("rowsum", "--in", m.toString(), "--out", out.toString(), "--threads", "2");
    }

    private static List<String> index(Path out, Path checkpoint) {
        List<String> args = new ArrayList<>(List.of("index", "--a1", a1.toString(), "--a2", a2.toString(), "--out", out.toString(),
                "--threads", "2", "--quiet", "--tile", "2048", "--kernel",
                Path.of(System.getProperty("tessella.test.nativeDir"), "bundle", "bench", "libtessella_kernel_heavy.so").toString()));
        if (checkpoint != null) {
            args.addAll(List.of("--checkpoint", checkpoint.toString()));
        }
        return args;
    }

    private static Process start(List<String> args, Path log) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "--add-modules", "jdk.incubator.vector", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), TessellaCli.class.getName()));
        cmd.addAll(args);
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static long timed(List<String> args) throws Exception {
        long t0 = System.nanoTime();
        Path log = Files.createTempFile(dir, "run", ".log");
        Process p = start(args, log);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "undisturbed run timed out");
        assertEquals(0, p.exitValue(), Files.readString(log));
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    }

    /** Kills {@code args} after {@code fraction}/1000 of {@code fullMs} (up to 1.3 times it), returns whether it had exited by itself. */
    private static boolean killAfter(List<String> args, long fullMs, int permille, Path work) throws Exception {
        Process p = start(args, work.resolve("child.log"));
        long delay = fullMs * permille / 1000;
        boolean finished = p.waitFor(delay, TimeUnit.MILLISECONDS);
        if (!finished) {
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }
        return finished;
    }

    private static Path trialDir() throws IOException {
        return Files.createTempDirectory(dir, "trial");
    }

    private static List<String> partials(Path where) throws IOException {
        try (Stream<Path> s = Files.list(where)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.contains(".tessella-partial-")).toList();
        }
    }

    /** Output absent, or byte-identical to the reference; then the next run sweeps and completes. */
    private static void checkFile(String command, Path out, Path ref, boolean exitedByItself, List<String> rerun) throws Exception {
        boolean present = Files.exists(out);
        if (present) {
            assertEquals(-1, Files.mismatch(ref, out), command + ": a published output must be the complete result");
        }
        Statistics.label(command).collect(present ? "complete" : exitedByItself ? "absent, run ended" : "absent");
        if (!present) {
            assertEquals(0, timedQuiet(rerun), command + ": the next run completes");
            assertEquals(-1, Files.mismatch(ref, out));
        }
        assertEquals(List.of(), partials(out.getParent()), "the next run swept the killed run's partial files");
    }

    private static int timedQuiet(List<String> args) throws Exception {
        Process p = start(args, Files.createTempFile(dir, "rerun", ".log"));
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        return p.exitValue();
    }

    private static void assertSameIndex(Path expected, Path actual) throws IOException {
        for (String f : new String[] {"xs.npy", "ys.npy", "idxs.npy"}) {
            assertEquals(-1, Files.mismatch(expected.resolve(f), actual.resolve(f)), f);
        }
        assertTrue(Files.isRegularFile(actual.resolve("summary.json")), "summary.json is part of every published result");
    }

    @Property(tries = 6)
    void outerKilledAtAnyMoment(@ForAll @IntRange(min = 0, max = 1300) int permille) throws Exception {
        Path work = trialDir(), out = work.resolve("r.npy");
        boolean ended = killAfter(outer(out), outerMs, permille, work);
        checkFile("outer", out, outerRef, ended, outer(out));
    }

    @Property(tries = 6)
    void addKilledAtAnyMoment(@ForAll @IntRange(min = 0, max = 1300) int permille) throws Exception {
        Path work = trialDir(), out = work.resolve("s.npy");
        boolean ended = killAfter(add(out), addMs, permille, work);
        checkFile("add", out, addRef, ended, add(out));
    }

    @Property(tries = 6)
    void rowsumOverwritingKilledAtAnyMomentLeavesTheOldOrTheNewResult(@ForAll @IntRange(min = 0, max = 1300) int permille) throws Exception {
        Path work = trialDir(), out = work.resolve("t.npy");
        Files.writeString(out, "the previous result");
        List<String> args = new ArrayList<>(rowsum(out));
        args.add("--overwrite");
        killAfter(args, rowsumMs, permille, work);
        boolean old = Files.readString(out, java.nio.charset.StandardCharsets.ISO_8859_1).equals("the previous result");
        if (!old) {
            assertEquals(-1, Files.mismatch(rowsumRef, out), "rowsum: the old result or the complete new one");
        }
        Statistics.label("rowsum --overwrite").collect(old ? "previous result" : "complete");
        assertEquals(0, timedQuiet(args));
        assertEquals(-1, Files.mismatch(rowsumRef, out));
        assertEquals(List.of(), partials(work));
    }

    @Property(tries = 6)
    void indexKilledAtAnyMoment(@ForAll @IntRange(min = 0, max = 1300) int permille) throws Exception {
        Path work = trialDir(), out = work.resolve("idx");
        boolean ended = killAfter(index(out, null), indexMs, permille, work);
        boolean present = Files.exists(out);
        if (present) {
            assertSameIndex(indexRef, out);
        }
        Statistics.label("index").collect(present ? "complete" : ended ? "absent, run ended" : "absent");
        if (!present) {
            assertEquals(0, timedQuiet(index(out, null)));
            assertSameIndex(indexRef, out);
        }
        assertEquals(List.of(), partials(work));
    }

    @Property(tries = 6)
    void checkpointedIndexKilledAtAnyMomentResumesToTheSameBytes(@ForAll @IntRange(min = 0, max = 1300) int permille) throws Exception {
        Path work = trialDir(), out = work.resolve("idx"), ckpt = work.resolve("ckpt");
        boolean ended = killAfter(index(out, ckpt), checkpointMs, permille, work);
        boolean present = Files.exists(out);
        if (present) {
            assertSameIndex(indexRef, out);
        }
        // Killed after publishing, before removing its checkpoint: the result stands, the checkpoint is left over.
        Statistics.label("index --checkpoint").collect(present ? (Files.exists(ckpt) ? "complete, checkpoint left" : "complete")
                : ended ? "absent, run ended" : Files.exists(ckpt) ? "absent, checkpoint kept" : "absent");
        if (!present) {
            assertEquals(0, timedQuiet(index(out, ckpt)), "the same command again resumes and completes");
            assertSameIndex(indexRef, out);
            assertTrue(!Files.exists(ckpt), "a completed run removes its checkpoint");
        }
        assertEquals(List.of(), partials(work));
    }
}
