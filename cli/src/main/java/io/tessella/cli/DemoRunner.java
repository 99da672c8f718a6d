package io.tessella.cli;

import io.tessella.io.OutputDirectory;
import io.tessella.memory.Allocation;
import io.tessella.memory.DType;
import io.tessella.memory.NdArray;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * What every demo step shares: timing one implementation with its progress bar and its peak memory,
 * allocating arrays, the test hook that corrupts one result, and saving results into the run
 * directory.
 *
 * <pre>{@code
 * DemoRunner.Measured<NdArray> m = runner.measure("outer/vector", rows * cols, bar -> compute(bar));
 * }</pre>
 *
 * <p>Not thread-safe: steps run one after another.
 */
final class DemoRunner {
    /** The body of one timed run; it moves the bar as it goes and returns its result. */
    interface Body<T> {
        T run(ProgressBars bar) throws Exception;
    }

    /** A run's result, its wall time and the process's peak resident bytes during it. */
    record Measured<T>(T value, double seconds, long peakBytes) {
    }

    /** Warm-ups run on about this many elements. */
    static final long WARM_UP_ELEMENTS = 1L << 18;
    private static final int WARM_UP_RUNS = 5;
    /**
     * C2 compiles in the background: on a busy two-core machine a Vector API loop can still be
     * interpreted (boxing every vector, 10-20x slower) well after it was hot, so warm-ups also last
     * this long.
     */
    static final long WARM_UP_NANOS = 400_000_000L;

    /** An untimed warm-up pass. */
    interface WarmUp {
        void run() throws Exception;
    }

    private final PeakMemory peak;
    private final boolean bars;
    private final String corrupt;
    private final OutputDirectory runDirectory;
    private final int threads;
    private final long warmUpNanos;

    /**
     * @param corrupt      a row key ({@code "step/implementation/threads"}) whose result is altered before
     *                     verification, so tests can see the verifier catch it; null in normal runs
     * @param runDirectory where results are saved ({@code --out}); null saves nothing: at full size the
     *                     results are about 10 GB, which a scratch disk should not be asked to hold unasked
     * @param warmUpNanos  the least time a warm-up lasts ({@link #WARM_UP_NANOS}; 0 where timings do not matter, as in tests)
     */
    DemoRunner(PeakMemory peak, boolean bars, String corrupt, OutputDirectory runDirectory, int threads, long warmUpNanos) {
        this.peak = peak;
        this.bars = bars;
        this.corrupt = corrupt;
        this.runDirectory = runDirectory;
        this.threads = threads;
        this.warmUpNanos = warmUpNanos;
    }

    /** Threads the parallel rows use ({@code --threads}, default all cores). */
    int threads() {
        return threads;
    }

    /** Runs {@code pass} at least {@value #WARM_UP_RUNS} times and for at least the warm-up time, so the row then times compiled code. */
    void warmUp(WarmUp pass) throws Exception {
        long t0 = System.nanoTime();
        for (int rep = 0; rep < WARM_UP_RUNS || System.nanoTime() - t0 < warmUpNanos; rep++) {
            pass.run();
        }
    }

    /** Times {@code body} alone, resetting the peak-memory window first, with a bar of {@code total} elements. */
    <T> Measured<T> measure(String task, long total, Body<T> body) throws Exception {
        peak.reset();
        T value;
        long t0;
        long t1;
        try (ProgressBars bar = bars ? ProgressBars.open(task, total) : ProgressBars.hidden()) {
            t0 = System.nanoTime();
            value = body.run(bar);
            t1 = System.nanoTime();
            bar.stepTo(total);
        }
        return new Measured<>(value, (t1 - t0) / 1e9, peak.peakBytes());
    }

    /**
     * Allocates an output or input array without a zero-fill pass: huge pages where the kernel offers
     * them (one fault per 2 MiB, so first touch does not dominate a memory-bound step), else 4 KiB pages.
     */
    static NdArray allocate(DType dtype, long... shape) {
        try {
            return NdArray.allocate(Allocation.HUGE_PAGES, dtype, shape);
        } catch (IllegalStateException | UnsupportedOperationException noHugePages) {
            return NdArray.allocate(Allocation.UNINITIALIZED, dtype, shape);
        }
    }

    /**
     * {@link #allocate} and write every byte once, untimed: how long first-touch page faults take
     * depends on the kernel's memory state (after gigabytes were just freed, finding huge pages can
     * mean compaction stalls of seconds), not on the implementation a row times.
     */
    static NdArray allocateTouched(DType dtype, long... shape) {
        NdArray a = allocate(dtype, shape);
        if (a.size() > 0) {
            a.contiguousSegment().fill((byte) 0);
        }
        return a;
    }

    /** The key of a row, as {@code --corrupt} names it: {@code "outer/vector/2"}. */
    static String key(String stepKey, String implementation, int threads) {
        return stepKey + "/" + implementation.replace(' ', '-') + "/" + threads;
    }

    /** The test hook: changes the first element of {@code result} if this row was named by {@code --corrupt}. */
    void tamper(String key, NdArray result) {
        if (corrupt == null || !corrupt.equals(key) || result.size() == 0) {
            return;
        }
        MemorySegment s = result.contiguousSegment();
        if (result.dtype() == DType.INT64) {
            s.set(ValueLayout.JAVA_LONG, 0, s.get(ValueLayout.JAVA_LONG, 0) + 1);
        } else {
            s.set(ValueLayout.JAVA_DOUBLE, 0, s.get(ValueLayout.JAVA_DOUBLE, 0) + 1.0);
        }
    }

    /** Saves {@code array} as {@code name} (a relative path such as {@code index/xs.npy}) in the run directory, if there is one. */
    void save(String name, NdArray array) {
        if (runDirectory != null) {
            runDirectory.save(name, array);
        }
    }
}
