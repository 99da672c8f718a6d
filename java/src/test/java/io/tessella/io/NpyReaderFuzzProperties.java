package io.tessella.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessella.memory.DType;
import io.tessella.memory.NdArray;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;

/**
 * The {@code .npy} reader against files nobody meant to write: byte flips anywhere, truncations at
 * every length, and edits of the header's dict (descriptors, shapes, orders, keys, nesting, the length
 * field). Whatever the bytes, the reader gives an array whose every element can be read, or the
 * documented {@link IllegalArgumentException}: never another exception, never a read outside the
 * mapping, never a crash. The number of files tried is printed at the end ({@code fuzz cases}).
 */
class NpyReaderFuzzProperties {
    private static Path dir;
    private static final List<byte[]> SEEDS = new ArrayList<>();
    private static final AtomicLong CASES = new AtomicLong();

    @BeforeContainer
    static void makeSeeds() throws IOException {
        dir = Files.createTempDirectory("npy-fuzz-");
        long[][] shapes = {{3, 4}, {7}, {}, {0, 5}, {2, 3, 2}, {1, 70000}};
        int n = 0;
        for (DType t : DType.values()) {
            for (long[] shape : shapes) {
                Path p = dir.resolve("seed" + n++ + ".npy");
                try (NpyOutput out = NpyFile.create(p, t, shape)) {
                    out.commit();
                }
                SEEDS.add(Files.readAllBytes(p));
            }
        }
        // Version 2.0 and 3.0 headers, and Fortran order, as NumPy writes them.
        SEEDS.add(withVersion(SEEDS.getFirst(), 2));
        SEEDS.add(withVersion(SEEDS.getFirst(), 3));
        Path f = dir.resolve("fortran.npy");
        try (NpyOutput out = NpyFile.create(f, DType.FLOAT64, new long[] {3, 5}, WriteOption.FORTRAN_ORDER)) {
            out.commit();
        }
        SEEDS.add(Files.readAllBytes(f));
    }

    @AfterContainer
    static void report() throws IOException {
        System.out.println("npy reader fuzz cases: " + CASES.get());
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** The same header and data under a version-2/3 preamble (4-byte length). */
    private static byte[] withVersion(byte[] v1, int major) {
        int hlen = (v1[8] & 0xff) | (v1[9] & 0xff) << 8;
        byte[] out = new byte[v1.length + 2];
        System.arraycopy(v1, 0, out, 0, 6);
        out[6] = (byte) major;
        out[7] = 0;
        out[8] = (byte) hlen;
        out[9] = (byte) (hlen >> 8);
        System.arraycopy(v1, 10, out, 12, v1.length - 10);
        return out;
    }

    /** Reads the file both ways; any outcome but an array or the documented exception fails the property. */
    private static String check(byte[] bytes) throws IOException {
        CASES.incrementAndGet();
        Path p = Files.createTempFile(dir, "case", ".npy");
        try {
            Files.write(p, bytes);
            NpyHeader h;
            NdArray a;
            try {
                h = NpyFile.readHeader(p);
                a = NpyFile.open(p, NpyFile.Mode.READ_ONLY);
            } catch (IllegalArgumentException e) {
                assertTrue(e.getMessage() != null && !e.getMessage().isBlank(), "a message that says what is wrong");
                assertTrue(e.getMessage().lines().count() == 1, "one line: " + e.getMessage());
                assertTrue(e.getMessage().chars().allMatch(c -> c >= 0x20 && c < 0x7f), "no raw control bytes: " + e.getMessage());
                return "refused";
            }
            // An array that opened must be usable: any exception from here on fails the property.
            try (a) {
                assertEquals(h.dtype(), a.dtype());
                assertTrue(Arrays.equals(h.shape(), a.shape()));
                assertTrue(h.dataOffset() + h.dataBytes() <= bytes.length, "the header's data lies inside the file");
                readEvery(a);
            }
            return "read";
        } finally {
            Files.delete(p);
        }
    }

    private static void readEvery(NdArray a) {
        long[] shape = a.shape();
        long[] idx = new long[shape.length];
        for (long n = 0; n < a.size(); n++) {
            long r = n;
            for (int k = shape.length - 1; k >= 0; k--) {
                idx[k] = r % shape[k];
                r /= shape[k];
            }
            a.getAsDouble(idx);
        }
    }

    @Property(tries = 1500)
    void byteFlipsAnywhereAreReadOrRefused(@ForAll("seeds") int seed, @ForAll("flips") List<int[]> flips) throws IOException {
        byte[] b = SEEDS.get(seed).clone();
        for (int[] f : flips) {
            // Most flips land in the header, where they matter; some anywhere.
            int pos = f[0] % (f[2] == 0 ? b.length : Math.min(b.length, 140));
            b[pos] = (byte) f[1];
        }
        Statistics.collect(check(b));
    }

    @Example
    void truncationsAtEveryLengthAreReadOrRefused() throws IOException {
        for (byte[] seed : List.of(SEEDS.get(0), SEEDS.get(SEEDS.size() - 2), SEEDS.getLast())) {
            for (int len = 0; len <= seed.length; len++) {
                String outcome = check(Arrays.copyOf(seed, len));
                if (len < seed.length) {
                    assertEquals("refused", outcome, "a file cut at " + len + " of " + seed.length + " bytes is refused");
                }
            }
        }
    }

    @Property(tries = 1500)
    void editedHeaderDictsAreReadOrRefused(@ForAll("dicts") String dict, @ForAll("lengthSkew") int skew) throws IOException {
        // Padded to 64 bytes as NumPy pads; the skew then moves the length field off the true length.
        byte[] raw = dict.getBytes(StandardCharsets.ISO_8859_1);
        int pad = (64 - (10 + raw.length + 1) % 64) % 64;
        byte[] d = (dict + " ".repeat(pad)).getBytes(StandardCharsets.ISO_8859_1);
        int hlen = Math.max(0, d.length + 1 + skew);
        byte[] file = new byte[10 + d.length + 1 + 4096];
        System.arraycopy(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}, 0, file, 0, 8);
        file[8] = (byte) hlen;
        file[9] = (byte) (hlen >> 8);
        System.arraycopy(d, 0, file, 10, d.length);
        file[10 + d.length] = '\n';
        Statistics.collect(check(file));
    }

    @Provide
    Arbitrary<Integer> seeds() {
        return Arbitraries.integers().between(0, SEEDS.size() - 1);
    }

    @Provide
    Arbitrary<List<int[]>> flips() {
        Arbitrary<int[]> flip = Combinators.combine(Arbitraries.integers().between(0, Integer.MAX_VALUE - 1),
                Arbitraries.integers().between(0, 255), Arbitraries.integers().between(0, 3)).as((p, v, w) -> new int[] {p, v, w});
        return flip.list().ofMinSize(1).ofMaxSize(6);
    }

    @Provide
    Arbitrary<Integer> lengthSkew() {
        return Arbitraries.<Integer>frequencyOf(Tuple2s.<Integer>of(8, Arbitraries.just(0)), Tuple2s.<Integer>of(1, Arbitraries.integers().between(-20, 5000)));
    }

    @Provide
    Arbitrary<String> dicts() {
        Arbitrary<String> descr = Arbitraries.<String>frequencyOf(Tuple2s.<String>of(6, Arbitraries.of("'<f8'", "'<i8'", "'<f4'", "'<i4'")),
                Tuple2s.<String>of(2, Arbitraries.of("'>f8'", "'|u1'", "'<c16'", "'<U3'", "'O'", "'<f2'", "'<M8[s]'",
                        "\"<f8\"", "''", "'<f8", "<f8", "None", "[('a', '<f8')]", "3", "'\\x1b[31m'", "'\u00e9'")),
                Tuple2s.<String>of(1, Arbitraries.strings().ofMaxLength(6).map(s -> "'" + s.replace("'", "") + "'")));
        Arbitrary<String> order = Arbitraries.<String>frequencyOf(Tuple2s.<String>of(6, Arbitraries.of("False", "True")),
                Tuple2s.<String>of(1, Arbitraries.of("false", "0", "'False'", "None", "Truee")));
        Arbitrary<String> dim = Arbitraries.<String>frequencyOf(Tuple2s.<String>of(8, Arbitraries.longs().between(0, 9).map(Object::toString)),
                Tuple2s.<String>of(1, Arbitraries.longs().between(-3, 12).map(Object::toString)),
                Tuple2s.<String>of(1, 
                Arbitraries.of("4611686018427387904", "9223372036854775807", "9223372036854775808", "-0", "3L", "1e3", "0x10", "", "(2,)")));
        Arbitrary<String> shape = dim.list().ofMaxSize(4).map(ds -> ds.size() == 1 ? "(" + ds.getFirst() + ",)" : "(" + String.join(", ", ds) + ")");
        Arbitrary<String> nesting = Arbitraries.integers().between(1, 4000).map(n -> "(".repeat(n) + ")".repeat(n));
        Arbitrary<String> wellFormed = Combinators.combine(descr, order,
                Arbitraries.<String>frequencyOf(Tuple2s.<String>of(9, shape), Tuple2s.<String>of(1, nesting))).as(
                (dsc, o, s) -> "{'descr': " + dsc + ", 'fortran_order': " + o + ", 'shape': " + s + ", }");
        Arbitrary<String> keyEdits = Combinators.combine(descr, shape).as((dsc, s) -> "{'descr': " + dsc + ", 'shape': " + s + "}");
        Arbitrary<String> extraKey = Combinators.combine(descr, shape).as(
                (dsc, s) -> "{'descr': " + dsc + ", 'fortran_order': False, 'shape': " + s + ", 'extra': 1}");
        Arbitrary<String> duplicate = shape.map(s -> "{'descr': '<f8', 'descr': '<i8', 'fortran_order': False, 'shape': " + s + "}");
        Arbitrary<String> garbage = Arbitraries.strings().withCharRange((char) 0, (char) 255).ofMaxLength(120);
        Arbitrary<String> cut = wellFormed.flatMap(w -> Arbitraries.integers().between(0, w.length()).map(i -> w.substring(0, i)));
        return Arbitraries.<String>frequencyOf(Tuple2s.<String>of(6, wellFormed), Tuple2s.<String>of(1, keyEdits), Tuple2s.<String>of(1, extraKey),
                Tuple2s.<String>of(1, duplicate), Tuple2s.<String>of(1, garbage), Tuple2s.<String>of(2, cut));
    }

    /** jqwik's frequency pairs, spelled once. */
    private static final class Tuple2s {
        static <T> net.jqwik.api.Tuple.Tuple2<Integer, Arbitrary<? extends T>> of(int weight, Arbitrary<T> a) {
            return net.jqwik.api.Tuple.of(weight, a);
        }
    }
}
