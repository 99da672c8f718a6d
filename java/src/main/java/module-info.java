/**
 * Tessella: computing over numeric arrays too big to handle naively, in tiles worked in parallel over
 * shared off-heap memory, with native C kernels called through FFM and Vector API fast paths.
 *
 * <p>The exported packages are the API: {@link io.tessella.memory} (off-heap N-d arrays),
 * {@link io.tessella.io} ({@code .npy} files, shared memory, atomic outputs), {@link io.tessella.tiling},
 * {@link io.tessella.exec} (running tiles in parallel), {@link io.tessella.kernel} (kernel libraries and
 * their Java twins), {@link io.tessella.vector} (the typed kernels, one per dtype and operation family) and
 * {@link io.tessella.jobs} (the parallel jobs: array operations and the index builder).
 *
 * <p>On the module path, run with {@code --enable-native-access=io.tessella} (Tessella calls its C
 * libraries and libc through FFM) and, for the Vector API paths, {@code --add-modules
 * jdk.incubator.vector}; on the class path, {@code --enable-native-access=ALL-UNNAMED}. Without the
 * incubator module every operation takes its scalar twin, with the same results.
 */
module io.tessella {
    // Optional at run time: without --add-modules jdk.incubator.vector the module is not resolved and
    // io.tessella.vector takes its scalar paths (VectorOps looks the module up before it loads a class
    // that names the Vector API), as Lucene does.
    requires static jdk.incubator.vector;
    // Optional at run time: only asked whether C2 may compile (a JIT that cannot makes the Vector API
    // slower than scalar code); skipped where the module is not resolved.
    requires static jdk.management;

    exports io.tessella.exec;
    exports io.tessella.io;
    exports io.tessella.jobs;
    exports io.tessella.kernel;
    exports io.tessella.memory;
    exports io.tessella.tiling;
    // The typed kernels (Kernels, ElementwiseOps, OuterOps, ReductionOps per dtype, over MatrixSpan and
    // VectorSpan) are API: ArrayOps.using(Kernels) pins an implementation (the scalar twin, say), and a
    // caller with its own tiling can call a kernel on its own segments. Their implementations
    // (Panama*, Scalar*, the selection) are package-private.
    exports io.tessella.vector;

    // Not exported, and free to change:
    //   io.tessella.os               libc through FFM (files, mappings), ResourceLedger
    //   io.tessella.kernel.ffi       jextract's bindings of native/include/*.h
    //   io.tessella.kernel.internal  the index builder's C passes (NativeLoops)
}
