package io.tessella.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessella.io.NpyFile;
import io.tessella.io.NpyOutput;
import io.tessella.memory.DType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "Errors" table, row by row, for every command the row applies to: exit status 2, one
 * line on standard error naming the option and its value, no stack trace, and nothing written (no
 * output, no partial file).
 */
class ErrorTableTest {

    @TempDir
    static Path dir;
    static Path f, g, x, y, folder, empty, text, truncatedHeader, truncatedData, negativeDim, hugeDims, complex, out;
    static Path readOnly, full, yBig, xBig, aBig;
    static final List<Path> mounts = new ArrayList<>();

    @BeforeAll
    static void files() throws Exception {
        f = npy("f.npy", new long[] {4, 5});
        g = npy("g.npy", new long[] {4, 6});
        x = npy("x.npy", new long[] {5});
        y = npy("y.npy", new long[] {4});
        folder = Files.createDirectory(dir.resolve("folder.npy"));
        empty = Files.createFile(dir.resolve("empty.npy"));
        text = Files.writeString(dir.resolve("text.npy"), "a,b,c\n1,2,3\n");
        byte[] good = Files.readAllBytes(f);
        truncatedHeader = Files.write(dir.resolve("truncated-header.npy"), Arrays.copyOf(good, 40));
        truncatedData = Files.write(dir.resolve("truncated-data.npy"), Arrays.copyOf(good, good.length - 8));
        negativeDim = Files.write(dir.resolve("negative.npy"), crafted("{'descr': '<f8', 'fortran_order': False, 'shape': (-3, 5), }", 0));
        hugeDims = Files.write(dir.resolve("huge.npy"),
                crafted("{'descr': '<f8', 'fortran_order': False, 'shape': (4611686018427387904, 4611686018427387904), }", 0));
        complex = Files.write(dir.resolve("complex.npy"), crafted("{'descr': '<c16', 'fortran_order': False, 'shape': (4, 5), }", 320));
        out = dir.resolve("results");
        Files.createDirectory(out);
        aBig = npy("abig.npy", new long[] {600, 600});
        yBig = npy("ybig.npy", new long[] {1000});
        xBig = npy("xbig.npy", new long[] {2000});
        if (canMount()) {
            readOnly = mount("ro", "ro,size=1m");
            full = mount("full", "size=8m");
        }
    }

    @AfterAll
    static void unmount() throws Exception {
        for (Path m : mounts) {
            new ProcessBuilder("umount", m.toString()).inheritIO().start().waitFor();
        }
    }

    private static boolean canMount() {
        return "root".equals(System.getProperty("user.name")) && Files.isExecutable(Path.of("/bin/mount"));
    }

    private static Path mount(String name, String options) throws Exception {
        Path m = Files.createDirectory(dir.resolve(name));
        int rc = new ProcessBuilder("mount", "-t", "tmpfs", "-o", options, "tessella-test", m.toString()).inheritIO().start().waitFor();
        if (rc != 0) {
            return null;
        }
        mounts.add(m);
        return m;
    }

    static Path npy(String name, long[] shape) {
        Path p = dir.resolve(name);
        try (NpyOutput o = NpyFile.create(p, DType.FLOAT64, shape)) {
            var a = o.array().contiguousSegment();
            for (long i = 0; i < o.array().size(); i++) {
                a.setAtIndex(java.lang.foreign.ValueLayout.JAVA_DOUBLE, i, i + 0.5);
            }
            o.commit();
        }
        return p;
    }

    /** A version 1.0 file with this header dict and {@code dataBytes} zero bytes of data. */
    static byte[] crafted(String dict, int dataBytes) throws IOException {
        byte[] d = dict.getBytes(StandardCharsets.ISO_8859_1);
        int hlen = d.length + 1;
        int pad = (64 - (10 + hlen) % 64) % 64;
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        b.write((hlen + pad) & 0xff);
        b.write((hlen + pad) >> 8);
        b.write(d);
        b.write(" ".repeat(pad).getBytes(StandardCharsets.ISO_8859_1));
        b.write('\n');
        b.write(new byte[dataBytes]);
        return b.toByteArray();
    }

    static String lib(String dirName, String name) {
        return Path.of(System.getProperty("tessella.test.nativeDir"), dirName, "lib" + name + ".so").toString();
    }

    /** One row: the command line, the words the error line must contain, the outputs that must not appear. */
    record Case(String row, String[] args, List<String> expected, Path output, Path keeps) {
    }

    private static Case c(String row, Path output, List<String> expected, String... args) {
        return new Case(row, args, expected, output, null);
    }

    /** The four commands with one input replaced by {@code bad}: each must name its own option and the path. */
    private static List<Case> everyCommandReading(String row, Path bad, String why) {
        Path r = out.resolve("r.npy"), idx = out.resolve("idx");
        String b = bad.toString();
        return List.of(
                c(row, r, List.of("--y " + b, why), "outer", "--y", b, "--x", x.toString(), "--out", r.toString()),
                c(row, r, List.of("--b " + b, why), "add", "--a", f.toString(), "--b", b, "--out", r.toString()),
                c(row, r, List.of("--in " + b, why), "rowsum", "--in", b, "--out", r.toString()),
                c(row, idx, List.of("--a1 " + b, why), "index", "--a1", b, "--a2", f.toString(), "--out", idx.toString(), "--quiet"));
    }

    static List<Case> cases() throws IOException {
        Path r = out.resolve("r.npy"), idx = out.resolve("idx");
        List<Case> all = new ArrayList<>();
        all.addAll(everyCommandReading("missing file", dir.resolve("missing.npy"), "does not exist"));
        all.addAll(everyCommandReading("a directory given as a file", folder, "is a directory"));
        all.addAll(everyCommandReading("empty file", empty, "is empty (0 bytes)"));
        all.addAll(everyCommandReading("bytes that are not .npy", text, "is not a .npy file"));
        all.addAll(everyCommandReading("truncated header", truncatedHeader, "truncated header"));
        all.addAll(everyCommandReading("shape needs more bytes than the file has", truncatedData, "the data is truncated"));
        all.addAll(everyCommandReading("negative dimension", negativeDim, "shape[0] = -3 is not a non-negative integer"));
        all.addAll(everyCommandReading("overflowing dimensions", hugeDims, "needs more than Long.MAX_VALUE bytes"));
        all.addAll(everyCommandReading("unsupported dtype", complex, "astype("));
        all.add(c("shape mismatch", r, List.of("--a shape [4, 5] != --b shape [4, 6]"), "add", "--a", f.toString(), "--b", g.toString(),
                "--out", r.toString()));
        all.add(c("shape mismatch", idx, List.of("--a1 shape [4, 5] != --a2 shape [4, 6]"), "index", "--a1", f.toString(), "--a2",
                g.toString(), "--out", idx.toString()));
        Path nowhere = dir.resolve("no/such/dir/r.npy");
        all.add(c("output directory missing", nowhere, List.of("--out " + nowhere, "does not exist"), "rowsum", "--in", f.toString(),
                "--out", nowhere.toString()));
        all.add(c("output directory missing", nowhere.resolveSibling("idx"), List.of("--out " + nowhere.resolveSibling("idx"), "does not exist"),
                "index", "--a1", f.toString(), "--a2", f.toString(), "--out", nowhere.resolveSibling("idx").toString()));
        if (readOnly != null) {
            Path ro = readOnly.resolve("r.npy");
            all.add(c("output directory read-only", ro, List.of("--out " + ro, "Read-only file system"), "outer", "--y", y.toString(), "--x",
                    x.toString(), "--out", ro.toString()));
            all.add(c("output directory read-only", readOnly.resolve("idx"), List.of("--out " + readOnly.resolve("idx"), "Read-only file system"),
                    "index", "--a1", f.toString(), "--a2", f.toString(), "--out", readOnly.resolve("idx").toString()));
        }
        if (full != null) {
            Path big = full.resolve("r.npy");
            Path ry = yBig, rx = xBig;
            all.add(c("output on a full filesystem", big, List.of("--out " + big, "not enough space", "needs 16000128 bytes"), "outer", "--y",
                    ry.toString(), "--x", rx.toString(), "--out", big.toString()));
            // The index build's outputs are known only at the end: the space check comes when they are written.
            all.add(c("output on a full filesystem", full.resolve("idx"), List.of("--out " + full.resolve("idx") + ": ", ".npy: not enough space"),
                    "index", "--a1", aBig.toString(), "--a2", aBig.toString(), "--out", full.resolve("idx").toString()));
            // The checkpoint stays: what it journaled resumes once there is room.
            Case ck = c("checkpoint on a full filesystem", dir.resolve("idx-ck"), List.of("--checkpoint " + full.resolve("ckpt") + ": ",
                    ".npy.part: not enough space"), "index", "--a1", aBig.toString(), "--a2", aBig.toString(), "--out", dir.resolve("idx-ck").toString(),
                    "--checkpoint", full.resolve("ckpt").toString());
            all.add(new Case(ck.row(), ck.args(), ck.expected(), ck.output(), full.resolve("ckpt")));
        }
        Path exists = out.resolve("exists.npy");
        if (!Files.exists(exists)) {
            Files.writeString(exists, "an earlier result");
        }
        all.add(c("output exists", null, List.of("--out " + exists + " already exists; add --overwrite"), "rowsum", "--in", f.toString(),
                "--out", exists.toString()));
        String notElf = Files.writeString(dir.resolve("notelf.so"), "not a library").toString();
        String badAbi = lib("testlibs", "tessella_test_bad_abi"), noScalar = lib("testlibs", "tessella_test_no_scalar");
        for (String[] k : new String[][] {{"kernel library missing", dir.resolve("nope.so").toString(), "does not exist"},
                {"kernel library not ELF", notElf, "cannot be loaded as a shared library"},
                {"kernel library with the wrong ABI", badAbi, "reports ABI version 999"},
                {"kernel library missing a symbol", noScalar, "does not export required symbol 'slow_computation'"}}) {
            all.add(c(k[0], idx, List.of("--kernel " + k[1], k[2]), "index", "--a1", f.toString(), "--a2", f.toString(), "--out", idx.toString(),
                    "--kernel", k[1]));
        }
        for (String threads : new String[] {"0", "-3"}) {
            all.add(c("--threads " + threads, r, List.of("--threads " + threads), "outer", "--y", y.toString(), "--x", x.toString(), "--out",
                    r.toString(), "--threads", threads));
            all.add(c("--threads " + threads, r, List.of("--threads " + threads), "add", "--a", f.toString(), "--b", f.toString(), "--out",
                    r.toString(), "--threads", threads));
            all.add(c("--threads " + threads, r, List.of("--threads " + threads), "rowsum", "--in", f.toString(), "--out", r.toString(),
                    "--threads", threads));
            all.add(c("--threads " + threads, idx, List.of("--threads " + threads), "index", "--a1", f.toString(), "--a2", f.toString(),
                    "--out", idx.toString(), "--threads", threads));
        }
        all.add(c("--tile 0x4", r, List.of("--tile 0x4"), "add", "--a", f.toString(), "--b", f.toString(), "--out", r.toString(), "--tile",
                "0x4"));
        all.add(c("--tile 0", idx, List.of("--tile 0"), "index", "--a1", f.toString(), "--a2", f.toString(), "--out", idx.toString(),
                "--tile", "0"));
        all.add(c("NaN sentinel", idx, List.of("--sentinel NaN"), "index", "--a1", f.toString(), "--a2", f.toString(), "--out",
                idx.toString(), "--sentinel", "nan"));
        String sameKind = "from float64 to int16 with --casting same_kind; --casting unsafe allows it";
        all.add(c("unsafe cast", r, List.of("--dtype int16: cannot cast --a " + f + " " + sameKind), "add", "--a", f.toString(), "--b",
                f.toString(), "--out", r.toString(), "--dtype", "int16"));
        all.add(c("unsafe cast", r, List.of("--dtype int16: cannot cast --y " + y + " " + sameKind), "outer", "--y", y.toString(), "--x",
                x.toString(), "--out", r.toString(), "--dtype", "int16"));
        all.add(c("unsafe cast", r, List.of("--dtype int16: cannot cast --in " + f + " " + sameKind), "rowsum", "--in", f.toString(),
                "--out", r.toString(), "--dtype", "int16"));
        all.add(c("unsafe cast", r, List.of("--dtype float32: cannot cast --in " + f + " from float64 to float32 with --casting safe"),
                "rowsum", "--in", f.toString(), "--out", r.toString(), "--dtype", "float32", "--casting", "safe"));
        for (String[] cmd : new String[][] {{"add", "--a", f.toString(), "--b", f.toString()}, {"outer", "--y", y.toString(), "--x", x.toString()},
                {"rowsum", "--in", f.toString()}}) {
            List<String> dtype = new ArrayList<>(List.of(cmd));
            dtype.addAll(List.of("--out", r.toString(), "--dtype", "float16"));
            all.add(c("unknown dtype", r, List.of("--dtype float16 is not one of bool, int8"), dtype.toArray(String[]::new)));
            List<String> casting = new ArrayList<>(List.of(cmd));
            casting.addAll(List.of("--out", r.toString(), "--dtype", "float32", "--casting", "maybe"));
            all.add(c("unknown casting rule", r, List.of("--casting maybe is not one of no, equiv, safe, same_kind, unsafe"),
                    casting.toArray(String[]::new)));
        }
        all.add(c("native outer product of another dtype", r, List.of("--impl native computes float64 products only; this product is float32"),
                "outer", "--y", y.toString(), "--x", x.toString(), "--out", r.toString(), "--dtype", "float32", "--impl", "native"));
        return all;
    }

    @TestFactory
    Stream<DynamicTest> everyRowExitsWith2OneLineAndWritesNothing() throws IOException {
        return cases().stream().map(k -> DynamicTest.dynamicTest(k.row() + ": " + k.args()[0], () -> {
            Set<String> before = listing();
            KernelCommandTest.Run run = KernelCommandTest.run(k.args());
            String cmd = String.join(" ", k.args());
            assertEquals(2, run.exit(), cmd + "\n" + run.err());
            assertEquals(1, run.err().strip().lines().count(), "one line: " + run.err());
            assertTrue(run.err().startsWith(k.args()[0] + ": "), run.err());
            for (String e : k.expected()) {
                assertTrue(run.err().contains(e), "expected '" + e + "' in: " + run.err());
            }
            assertTrue(!run.err().contains("\tat ") && !run.err().contains("Exception"), "no stack trace, no exception name: " + run.err());
            if (k.output() != null) {
                assertTrue(!Files.exists(k.output()), k.output() + " must not exist");
            }
            Set<String> after = listing();
            if (k.keeps() != null && Files.isDirectory(k.keeps())) {
                after.remove(dir.relativize(k.keeps()).toString());
                try (Stream<Path> s = Files.walk(k.keeps())) {
                    for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
            assertEquals(before, after, "nothing written, no partial file left");
        }));
    }

    @TestFactory
    Stream<DynamicTest> theTableCoversEveryRowOfTheIssue() throws IOException {
        Set<String> rows = new TreeSet<>();
        for (Case k : cases()) {
            rows.add(k.row());
        }
        List<String> required = new ArrayList<>(List.of("missing file", "a directory given as a file", "empty file", "bytes that are not .npy",
                "truncated header", "shape needs more bytes than the file has", "negative dimension", "overflowing dimensions",
                "unsupported dtype", "shape mismatch", "output directory missing", "kernel library missing", "kernel library not ELF",
                "kernel library with the wrong ABI", "kernel library missing a symbol", "--threads 0", "--threads -3", "--tile 0x4",
                "NaN sentinel", "output exists", "unsafe cast", "unknown dtype", "unknown casting rule",
                "native outer product of another dtype"));
        return required.stream().map(r -> DynamicTest.dynamicTest(r, () -> assertTrue(rows.contains(r), r)));
    }

    @TestFactory
    Stream<DynamicTest> filesystemRowsNeedAMountThisMachineMayNotAllow() {
        return Stream.of("output directory read-only", "output on a full filesystem").map(r -> DynamicTest.dynamicTest(r, () ->
                Assumptions.assumeTrue(readOnly != null && full != null,
                        "covered only where the test may mount a tmpfs (root with mount); skipped here")));
    }

    private static Set<String> listing() throws IOException {
        Set<String> names = new TreeSet<>();
        for (Path root : new Path[] {dir, out}) {
            try (Stream<Path> s = Files.walk(root, 2)) {
                s.forEach(p -> names.add(root.relativize(p).toString()));
            }
        }
        return names;
    }
}
