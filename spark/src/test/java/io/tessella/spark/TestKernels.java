package io.tessella.spark;

import io.tessella.kernel.Evaluation;
import io.tessella.kernel.JavaKernel;
import io.tessella.kernel.Kernel;
import java.io.Serial;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.TaskContext;

/** Kernels and kernel libraries for the Spark tests. */
final class TestKernels {
    private TestKernels() {
    }

    /** A library CMake built for the tests ({@code java/target/native/testlibs}). */
    static Path testLibrary(String name) {
        Path p = Path.of(System.getProperty("tessella.test.nativeDir"), "testlibs", System.mapLibraryName(name));
        if (!Files.isRegularFile(p)) {
            throw new IllegalStateException(p + " was not built: run the tests through Maven, which runs CMake first");
        }
        return p;
    }

    /**
     * The heavy kernel (the bundled definition at 512 rounds, about 100 times the cost of a call), which
     * CMake builds for the benchmarks ({@code java/target/native/bundle/bench}), not into the jar.
     */
    static Path heavyLibrary() {
        Path p = Path.of(System.getProperty("tessella.test.nativeDir"), "bundle", "bench", System.mapLibraryName("tessella_kernel_heavy"));
        if (!Files.isRegularFile(p)) {
            throw new IllegalStateException(p + " was not built: run the tests through Maven, which runs CMake first");
        }
        return p;
    }

    /**
     * The Java twin of the bundled kernel, which fails every task's first attempt: a kernel whose
     * failure is a task's failure (an exception), which Spark retries.
     */
    record FailsFirstAttempt() implements KernelFactory {
        @Serial
        private static final long serialVersionUID = 1L;

        @Override
        public Kernel create() {
            return new Delegating(JavaKernel.STANDARD) {
                @Override
                void before() {
                    TaskContext ctx = TaskContext.get();
                    if (ctx != null && ctx.attemptNumber() == 0) {
                        throw new IllegalStateException("injected: the kernel fails attempt 0 of task " + ctx.partitionId());
                    }
                }
            };
        }
    }

    /**
     * The Java twin, which fails in every task of partition {@code from} on while {@code marker} exists,
     * after waiting until {@code waitFor} parts are in {@code partsDir} (so a run dies half done).
     */
    record FailsWhileMarked(String marker, String partsDir, int from, int waitFor) implements KernelFactory {
        @Serial
        private static final long serialVersionUID = 1L;

        @Override
        public Kernel create() {
            return new Delegating(JavaKernel.STANDARD) {
                @Override
                void before() {
                    TaskContext ctx = TaskContext.get();
                    if (ctx == null || ctx.partitionId() < from || !Files.exists(Path.of(marker))) {
                        return;
                    }
                    long deadline = System.nanoTime() + 20_000_000_000L;
                    try {
                        while (System.nanoTime() < deadline) {
                            try (var s = Files.list(Path.of(partsDir))) {
                                if (s.filter(p -> p.getFileName().toString().startsWith("part-")).count() >= waitFor) {
                                    break;
                                }
                            }
                            Thread.sleep(20);
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    throw new IllegalStateException("injected: a failure in partition " + ctx.partitionId());
                }
            };
        }
    }

    /**
     * The Java twin, which sleeps {@code millis} at its first call in the first attempt of partition
     * {@code partition}: a straggler for speculation to copy.
     */
    record SlowFirstAttempt(int partition, long millis) implements KernelFactory {
        @Serial
        private static final long serialVersionUID = 1L;

        @Override
        public Kernel create() {
            return new Delegating(JavaKernel.STANDARD) {
                private boolean slept;

                @Override
                void before() {
                    TaskContext ctx = TaskContext.get();
                    if (!slept && ctx != null && ctx.partitionId() == partition && ctx.attemptNumber() == 0) {
                        slept = true;
                        try {
                            Thread.sleep(millis);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            throw new IllegalStateException("the straggler was killed", e);
                        }
                    }
                }
            };
        }
    }

    /** Forwards to a kernel, calling {@link #before()} first on every entry point the index builder uses. */
    abstract static class Delegating implements Kernel {
        private final Kernel inner;

        Delegating(Kernel inner) {
            this.inner = inner;
        }

        abstract void before();

        @Override
        public int slowComputation(double a, double b, MemorySegment out) {
            before();
            return inner.slowComputation(a, b, out);
        }

        @Override
        public long slowComputationBatch(MemorySegment a, MemorySegment b, long n, MemorySegment out, MemorySegment status) {
            before();
            return inner.slowComputationBatch(a, b, n, out, status);
        }

        @Override
        public long slowComputationEach(double[] a, double[] b, int n, int[] status, long[] out) {
            before();
            return inner.slowComputationEach(a, b, n, status, out);
        }

        @Override
        public Evaluation evaluate(double a, double b) {
            return inner.evaluate(a, b);
        }

        @Override
        public boolean hasBatch() {
            return inner.hasBatch();
        }

        @Override
        public String description() {
            return inner.description();
        }
    }
}
