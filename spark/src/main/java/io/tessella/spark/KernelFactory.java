package io.tessella.spark;

import io.tessella.kernel.Kernel;
import java.io.Serializable;

/**
 * Makes a {@link Kernel} on an executor, for kernels written in Java: serializable, so it travels in
 * the task closure; its class must be on the executors' classpath (the application jar).
 *
 * <p>Called once per task; a kernel that is also {@link AutoCloseable} is closed when the task ends.
 *
 * <pre>{@code KernelSource.java(() -> JavaKernel.STANDARD)}</pre>
 */
@FunctionalInterface
public interface KernelFactory extends Serializable {
    /** A kernel for one task. */
    Kernel create();
}
