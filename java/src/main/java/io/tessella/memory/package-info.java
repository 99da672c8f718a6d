/**
 * Off-heap N-dimensional arrays: the memory every other part of Tessella works on.
 *
 * <p>{@link io.tessella.memory.NdArray} is a typed view ({@link io.tessella.memory.DType}) over a
 * {@link java.lang.foreign.MemorySegment} with {@code long} shape and byte strides; slices
 * ({@link io.tessella.memory.Slice}, NumPy's basic slicing) and boxes are views that share memory, so a
 * tile is a view. Memory is obtained zero-filled ({@code Arena.allocate}) or without the fill pass
 * ({@code mmap}, optionally with transparent huge pages): {@link io.tessella.memory.Allocation} says what
 * each costs. An array either owns its memory ({@code close()} releases it, idempotently) or borrows it
 * from an arena; use after release is an {@link java.lang.IllegalStateException}, never a crash.
 *
 * <p>Arrays come in every layout NumPy hands over: C and Fortran order, strided, reversed and transposed
 * views, 0-d and empty arrays, and either byte order ({@link io.tessella.memory.NdArray#byteOrder()}).
 * {@link io.tessella.memory.Staging} turns any of them into contiguous native-order doubles for the
 * kernels and back, and {@link io.tessella.memory.IterationOrder} says in which order NumPy's iterator
 * visits their axes, which fixes NumPy's summation order and the layout of its fresh results.
 *
 * <p>This package depends only on {@code io.tessella.os} (the kernel's mappings); {@code io}, {@code tiling}, {@code exec},
 * {@code kernel} and {@code jobs} build on it.
 *
 * <pre>{@code
 * try (NdArray r = NdArray.allocate(Allocation.HUGE_PAGES, DType.FLOAT64, 100_000, 10_000)) {
 *     NdArray tile = r.view(new long[] {0, 0}, new long[] {33_334, 5_000});
 *     // a kernel writes tile through tile.segment(), tile.byteOffset(), tile.byteStrides()
 * }
 * }</pre>
 */
package io.tessella.memory;
