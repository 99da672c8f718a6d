package io.tessella.io;

/**
 * How a result is written, passed to {@link NpyFile#create(java.nio.file.Path, io.tessella.memory.DType,
 * long[], WriteOption...)}, {@link NpyFile#save(java.nio.file.Path, io.tessella.memory.NdArray,
 * WriteOption...)} and {@link OutputDirectory#create(java.nio.file.Path, WriteOption...)}, the way
 * {@link java.nio.file.StandardOpenOption}s are passed to {@code Files.newOutputStream}.
 *
 * <p>Thread-safety: an enum; immutable.
 *
 * <pre>{@code NpyFile.save(Path.of("r.npy"), r, WriteOption.OVERWRITE);}</pre>
 */
public enum WriteOption {
    /**
     * Replace a result already at the path. Without it, an existing file (or a non-empty directory) is
     * refused before anything is computed, and again at publication if one appeared meanwhile. The
     * replacement is atomic: readers see the old result or the new one, never a mix or a gap (a
     * directory is exchanged with {@code renameat2(RENAME_EXCHANGE)} where the file system has it).
     */
    OVERWRITE,
    /** Lay a new {@code .npy} file out in Fortran (column-major) order, with {@code 'fortran_order': True}. */
    FORTRAN_ORDER
}
