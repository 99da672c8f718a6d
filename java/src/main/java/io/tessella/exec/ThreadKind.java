package io.tessella.exec;

/**
 * Which threads work a job's tiles.
 *
 * <p>Example: {@code TileExecutor.create().withThreads(ThreadKind.PLATFORM)} for a kernel that blocks.
 */
public enum ThreadKind {
    /**
     * Virtual threads, the default: cheap to start, so each job gets fresh ones. Right for CPU-bound Java
     * code and for short native kernels. A virtual thread that is inside a native (FFM downcall) call,
     * or otherwise pinned, holds its carrier thread for the whole call: no more native calls run at once
     * than there are carriers ({@code jdk.virtualThreadScheduler.parallelism}, by default the core count),
     * and a kernel that blocks in native code starves every other virtual thread of that carrier.
     */
    VIRTUAL,
    /**
     * Platform threads, created for the job and joined at its end. Use them for kernels that block (in
     * native code, on I/O under a lock, or for long stretches) so that they cannot starve the virtual
     * thread scheduler; each costs an OS thread and tens of microseconds to start.
     */
    PLATFORM
}
