package io.tessella.memory;

/**
 * How an array's memory is obtained, and so what its first touch costs.
 *
 * <p>Every fresh page costs a page fault on first touch, in which the kernel also clears it. What
 * differs is whether a separate fill pass runs before the caller's own writes, and how many faults
 * there are:
 * <ul>
 *   <li>{@link #ZEROED}: {@code Arena.allocate}. The JDK writes zeros over the whole block before
 *       returning, so allocation itself takes all the page faults plus a full write pass; an output that
 *       is then fully overwritten is written twice (an extra 8 GB of stores for a 10^9-element float64
 *       result).</li>
 *   <li>{@link #UNINITIALIZED}: private anonymous {@code mmap}. Allocation is nearly free (address space
 *       only); the caller's first write to each 4 KiB page takes one fault (about 2.5 µs a page on the
 *       development machine, ≈3.5 GB/s for a single thread). Contents are not specified by this API (Linux
 *       hands out zeroed pages, but do not rely on it: write every element before reading it).</li>
 *   <li>{@link #HUGE_PAGES}: like {@link #UNINITIALIZED}, but 2 MiB aligned and advised
 *       {@code madvise(MADV_HUGEPAGE)}, so with transparent huge pages in {@code madvise} or
 *       {@code always} mode one fault maps 2 MiB: first touch ran at ≈12–17 GB/s. The size is rounded up
 *       to a multiple of 2 MiB in address space. If the kernel has no THP support allocation fails with
 *       {@link IllegalStateException}, never silently.</li>
 * </ul>
 * The mmap modes are Linux only. Measure them with {@code io.tessella.bench.memory.AllocationBenchmark}.
 *
 * <p>Thread-safety: an enum; immutable.
 *
 * <pre>{@code
 * try (NdArray out = NdArray.allocate(Allocation.HUGE_PAGES, DType.FLOAT64, 100_000, 10_000)) {
 *     // every element is written before it is read
 * }
 * }</pre>
 */
public enum Allocation {
    /** {@code Arena.allocate}: zero-filled up front; pays a full write pass before first use. */
    ZEROED,
    /** Anonymous {@code mmap} without a fill pass; 4 KiB page faults on first touch; Linux only. */
    UNINITIALIZED,
    /** Anonymous {@code mmap}, 2 MiB aligned, {@code MADV_HUGEPAGE}; fewest faults; Linux only. */
    HUGE_PAGES
}
