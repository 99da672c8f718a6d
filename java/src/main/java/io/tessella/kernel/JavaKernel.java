package io.tessella.kernel;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The bundled C kernels written again in Java, bit for bit: the same definition as
 * {@code native/include/tessella_kernel.h} (plain IEEE-754 binary64 arithmetic, correctly rounded
 * {@link Math#sqrt}, wrapping 64-bit integer mixing). For tests, and for platforms where the native
 * library cannot be loaded.
 *
 * <p>Immutable and thread-safe.
 *
 * <pre>{@code
 * Evaluation e = JavaKernel.STANDARD.evaluate(2.5, 1.5);   // status 0 and the index
 * }</pre>
 */
public final class JavaKernel implements Kernel {

    /** Twin of {@code libtessella_kernel.so}: 8 rounds. */
    public static final JavaKernel STANDARD = new JavaKernel("java:standard", 8, 0x9E3779B97F4A7C15L);

    /** Twin of {@code libtessella_kernel_heavy.so}: 512 rounds, another mixing constant. */
    public static final JavaKernel HEAVY = new JavaKernel("java:heavy", 512, 0xD6E8FEB86659FD93L);

    // tessella_kernel.h's TESSELLA_DOMAIN_MAX, spelled here rather than read from the generated
    // bindings, whose classes need FFM's native linker: the Java twin must load where none exists.
    // GeneratedBindingsTest checks the two agree.
    private static final double DOMAIN_MAX = 1.0e9;

    private final String description;
    private final int rounds;
    private final long seedMul;

    private JavaKernel(String description, int rounds, long seedMul) {
        this.description = description;
        this.rounds = rounds;
        this.seedMul = seedMul;
    }

    @Override
    public Evaluation evaluate(double a, double b) {
        long r = value(a, b);
        return r >= 0 ? new Evaluation(0, r) : new Evaluation((int) -r, -1L);
    }

    /**
     * The kernel's value without any memory: the index ({@code >= 0}, below {@code 2^40}) on
     * success, or minus the status code (both fit one long for this kernel's statuses and indices).
     * This is the definition the other methods share.
     */
    long value(double a, double b) {
        if (!Double.isFinite(a) || !Double.isFinite(b)) {
            return -KernelStatus.NONFINITE.code();
        }
        if (Math.abs(a) > DOMAIN_MAX || Math.abs(b) > DOMAIN_MAX) {
            return -KernelStatus.DOMAIN.code();
        }
        double x = a;
        double y = b;
        long h = 0x243F6A8885A308D3L;
        for (int i = 0; i < rounds; i++) {
            // Separate statements in C's evaluation order; Java never contracts into FMA.
            double r = Math.sqrt(x * x + y * y + 1.0);
            double nx = (x * 0.75 + y) / r + 0.5 * (double) i;
            double ny = (y * 0.75 - x) / r + 0.5;
            x = nx;
            y = ny;
            h = (h ^ Double.doubleToRawLongBits(x)) * 0x100000001B3L;
            h ^= h >>> 29;
            h = (h ^ Double.doubleToRawLongBits(y)) * seedMul;
            h ^= h >>> 32;
        }
        if ((h & 63L) == 0) {
            return -KernelStatus.DIVERGED.code();
        }
        return h >>> 24;
    }

    @Override
    public int slowComputation(double a, double b, MemorySegment out) {
        KernelChecks.requireOut(out);
        long r = value(a, b);
        if (r < 0) {
            return (int) -r;
        }
        out.set(ValueLayout.JAVA_LONG_UNALIGNED, 0, r);
        return 0;
    }

    @Override
    public long slowComputationBatch(MemorySegment a, MemorySegment b, long n, MemorySegment out, MemorySegment status) {
        KernelChecks.requireBatch(a, b, n, out, status, false);
        long ok = 0;
        for (long i = 0; i < n; i++) {
            long r = value(a.getAtIndex(ValueLayout.JAVA_DOUBLE_UNALIGNED, i), b.getAtIndex(ValueLayout.JAVA_DOUBLE_UNALIGNED, i));
            boolean success = r >= 0;
            status.setAtIndex(ValueLayout.JAVA_INT_UNALIGNED, i, success ? 0 : (int) -r);
            out.setAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, i, success ? r : -1L);
            ok += success ? 1 : 0;
        }
        return ok;
    }

    @Override
    public boolean hasBatch() {
        return true;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public String toString() {
        return description;
    }
}
