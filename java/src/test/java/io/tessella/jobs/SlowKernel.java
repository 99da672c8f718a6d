package io.tessella.jobs;

import io.tessella.kernel.Kernel;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/** Test kernel: another kernel's results, slowed down, and optionally failing after a number of calls. */
final class SlowKernel implements Kernel {
    private final Kernel inner;
    private final long nanosPer100Calls;
    private final long failAfterCalls;
    private final AtomicLong calls = new AtomicLong();

    SlowKernel(Kernel inner, long nanosPer100Calls, long failAfterCalls) {
        this.inner = inner;
        this.nanosPer100Calls = nanosPer100Calls;
        this.failAfterCalls = failAfterCalls;
    }

    @Override
    public int slowComputation(double a, double b, MemorySegment out) {
        long n = calls.incrementAndGet();
        if (n == failAfterCalls) {
            throw new IllegalStateException("injected failure at call " + n);
        }
        if (nanosPer100Calls > 0 && n % 100 == 0) {
            LockSupport.parkNanos(nanosPer100Calls);
        }
        return inner.slowComputation(a, b, out);
    }

    @Override
    public io.tessella.kernel.Evaluation evaluate(double a, double b) {
        return inner.evaluate(a, b);
    }

    @Override
    public long slowComputationBatch(MemorySegment a, MemorySegment b, long n, MemorySegment out, MemorySegment status) {
        throw new UnsupportedOperationException("element mode only");
    }

    @Override
    public boolean hasBatch() {
        return false;
    }

    /** Calls made so far. */
    long calls() {
        return calls.get();
    }

    @Override
    public String description() {
        return "slow " + inner.description();
    }
}
