/**
 * Tessella's edges to other processes and to disk: {@link io.tessella.io.NpyFile} maps NumPy
 * {@code .npy} files as arrays (NumPy's {@code mmap_mode} r, r+, w+, with headers byte-identical to
 * NumPy's; C or Fortran order, little- or big-endian), and {@link io.tessella.io.SharedMemory} creates and attaches named shared memory blocks that
 * Python's {@code multiprocessing.shared_memory} shares, with a registry to clean up abandoned blocks.
 *
 * <p>Everything here hands out {@link io.tessella.memory.NdArray}s; no data is copied into the heap.
 *
 * <pre>{@code
 * try (NdArray a = NpyFile.open(Path.of("a.npy"), NpyFile.Mode.READ_ONLY);
 *      SharedMemory out = SharedMemory.create("tsl_out", a.dtype(), a.shape(), false)) {
 *     out.array(a.dtype(), a.shape()).copyFrom(a);
 * }
 * }</pre>
 */
package io.tessella.io;
