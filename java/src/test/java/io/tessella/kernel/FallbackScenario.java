package io.tessella.kernel;

import io.tessella.jobs.IndexBuilder;
import io.tessella.jobs.IndexMode;
import io.tessella.jobs.IndexResult;
import io.tessella.memory.DType;
import io.tessella.memory.NdArray;
import io.tessella.jobs.ArrayOps;
import io.tessella.jobs.OuterImpl;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;

/**
 * The library's main native-backed operations on fixed inputs, each reduced to a digest of its
 * exact output bytes: {@link NativeUnavailableTest} computes them in its own JVM with the native
 * libraries, and in a child JVM where none of them loads, and requires the same digests.
 */
final class FallbackScenario {
    static final int N = 3000;
    static final long ROWS = 60, COLS = 50;

    private FallbackScenario() {
    }

    /** Recipe 2 on a ROWS x COLS grid with sentinels, NaN, ±Inf and out-of-domain values, in each mode. */
    static String index(Kernel kernel, IndexMode mode) throws InterruptedException {
        try (Arena arena = Arena.ofShared()) {
            NdArray a1 = inputs(arena, 1, true), a2 = inputs(arena, 2, false);
            IndexBuilder b = IndexBuilder.create().parallelism(2).tileElements(97).mode(mode);
            try (IndexResult r = (kernel == null ? b : b.kernel(kernel)).run(a1, a2)) {
                MessageDigest d = sha256();
                r.coordinates().forEach(c -> d.update(c.contiguousSegment().asByteBuffer()));
                d.update(r.idxs().contiguousSegment().asByteBuffer());
                d.update(r.counts().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                return HexFormat.of().formatHex(d.digest());
            }
        }
    }

    /** {@code slowComputationBatch} and {@code slowComputationEach} over N elements. */
    static String batchAndEach(Kernel kernel) {
        try (Arena arena = Arena.ofConfined()) {
            NdArray a = inputs(arena, 3, false), b = inputs(arena, 4, false);
            MemorySegment out = arena.allocate(ValueLayout.JAVA_LONG, ROWS * COLS);
            MemorySegment status = arena.allocate(ValueLayout.JAVA_INT, ROWS * COLS);
            long ok = kernel.slowComputationBatch(a.contiguousSegment(), b.contiguousSegment(), ROWS * COLS, out, status);
            int[] eachStatus = new int[N];
            long[] eachOut = new long[N];
            long okEach = kernel.slowComputationEach(a.contiguousSegment().toArray(ValueLayout.JAVA_DOUBLE),
                    b.contiguousSegment().toArray(ValueLayout.JAVA_DOUBLE), N, eachStatus, eachOut);
            MessageDigest d = sha256();
            d.update(out.asByteBuffer());
            d.update(status.asByteBuffer());
            d.update(MemorySegment.ofArray(eachOut).toArray(ValueLayout.JAVA_BYTE));
            d.update(MemorySegment.ofArray(eachStatus).toArray(ValueLayout.JAVA_BYTE));
            return ok + "/" + okEach + "/" + HexFormat.of().formatHex(d.digest());
        }
    }

    /** Recipe 1 into a ROWS x COLS float64 result. */
    static String outer(OuterImpl impl) throws InterruptedException {
        try (Arena arena = Arena.ofShared()) {
            NdArray r = NdArray.allocate(arena, DType.FLOAT64, ROWS, COLS);
            NdArray y = NdArray.allocate(arena, DType.FLOAT64, ROWS), x = NdArray.allocate(arena, DType.FLOAT64, COLS);
            SplittableRandom rnd = new SplittableRandom(5);
            for (long i = 0; i < ROWS; i++) {
                y.setDouble(rnd.nextDouble(-1e6, 1e6), i);
            }
            for (long j = 0; j < COLS; j++) {
                x.setDouble(rnd.nextDouble(-1, 1), j);
            }
            ArrayOps.create().parallelism(2).outer(r, y, x, impl);
            MessageDigest d = sha256();
            d.update(r.contiguousSegment().asByteBuffer());
            return HexFormat.of().formatHex(d.digest());
        }
    }

    private static NdArray inputs(Arena arena, long seed, boolean a1) {
        NdArray a = NdArray.allocate(arena, DType.FLOAT64, ROWS, COLS);
        SplittableRandom rnd = new SplittableRandom(seed);
        for (long i = 0; i < ROWS; i++) {
            for (long j = 0; j < COLS; j++) {
                double v = switch (rnd.nextInt(16)) {
                    case 0, 1 -> a1 ? -1.0e10 : rnd.nextDouble(-50, 50);   // the recipe's sentinel
                    case 2 -> Double.NaN;
                    case 3 -> Double.NEGATIVE_INFINITY;
                    case 4 -> 5e9;                                          // outside the kernel's domain
                    default -> rnd.nextDouble(-1000, 1000);
                };
                a.setDouble(v, i, j);
            }
        }
        return a;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
