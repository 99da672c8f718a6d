package io.tessella.jobs;

import io.tessella.memory.NdArray;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The outputs of an index build — one int64 coordinate array per input axis ({@code xs}, {@code ys}
 * for 2-D inputs) and the kernel's indices, all in the serial loop's row-major order — with the counts
 * and how the run went. Owns its arrays: {@link #close()} releases them (idempotent).
 *
 * <pre>{@code
 * try (IndexResult r = IndexBuilder.create().run(a1, a2)) {
 *     long first = r.idxs().getLong(0);
 *     System.out.println(r.counts() + " at " + r.elementsPerSecond() + " elements/s");
 * }
 * }</pre>
 *
 */
public final class IndexResult implements AutoCloseable {
    private final List<NdArray> coordinates;
    private final NdArray idxs;
    private final IndexCounts counts;
    private final Duration elapsed;
    private final IndexMode mode;
    private final int parallelism;
    private final String kernel;
    private final long tiles;
    private final long resumedTiles;
    private final double rateFirstDecile;
    private final double rateLastDecile;
    private final Path outputDirectory;
    private final List<NdArray> owned;

    IndexResult(List<NdArray> coordinates, NdArray idxs, IndexCounts counts, Duration elapsed, IndexMode mode, int parallelism,
            String kernel, long tiles, long resumedTiles, double rateFirstDecile, double rateLastDecile, Path outputDirectory,
            List<NdArray> owned) {
        this.coordinates = List.copyOf(coordinates);
        this.idxs = idxs;
        this.counts = counts;
        this.elapsed = elapsed;
        this.mode = mode;
        this.parallelism = parallelism;
        this.kernel = kernel;
        this.tiles = tiles;
        this.resumedTiles = resumedTiles;
        this.rateFirstDecile = rateFirstDecile;
        this.rateLastDecile = rateLastDecile;
        this.outputDirectory = outputDirectory;
        this.owned = List.copyOf(owned);
    }

    /** One int64 array per input axis, each of length {@code counts().emitted()}, in row-major order. */
    public List<NdArray> coordinates() {
        return coordinates;
    }

    /** The kernel's indices, aligned with {@link #coordinates()}. */
    public NdArray idxs() {
        return idxs;
    }

    /** Visited / skipped / failed by code / emitted. */
    public IndexCounts counts() {
        return counts;
    }

    /** Wall time of the kernel pass (not the sentinel pre-count or writing the outputs). */
    public Duration elapsed() {
        return elapsed;
    }

    /** How the kernel was called: {@link IndexMode#ELEMENT} or {@link IndexMode#BATCH}. */
    public IndexMode mode() {
        return mode;
    }

    /** Tiles run at once. */
    public int parallelism() {
        return parallelism;
    }

    /** The kernel's description: its library, or the Java twin. */
    public String kernel() {
        return kernel;
    }

    /** Tiles in the job. */
    public long tiles() {
        return tiles;
    }

    /** Tiles taken from a checkpoint instead of computed in this run. */
    public long resumedTiles() {
        return resumedTiles;
    }

    /**
     * Elements per second of wall-clock time over the first 10% of the tiles computed in this run, in
     * the order they were done (all threads together, everything a tile costs included).
     */
    public double rateFirstDecile() {
        return rateFirstDecile;
    }

    /** The same over the last 10% of tiles done: close to {@link #rateFirstDecile()} when nothing grows. */
    public double rateLastDecile() {
        return rateLastDecile;
    }

    /** Where the {@code .npy} outputs were written, when asked. */
    public Optional<Path> outputDirectory() {
        return Optional.ofNullable(outputDirectory);
    }

    /** Elements visited per second of {@link #elapsed()}. */
    public double elementsPerSecond() {
        double s = elapsed.toNanos() / 1e9;
        return s == 0 ? 0 : counts.visited() / s;
    }

    /** The conventional output file name of coordinate axis {@code axis} of {@code ndim}: xs, ys, zs, then axis3s... */
    public static String coordinateName(int axis, int ndim) {
        return axis < 3 && ndim <= 3 ? new String[] {"xs", "ys", "zs"}[axis] : "axis" + axis + "s";
    }

    /** Releases the arrays this result owns; views handed out become unusable. */
    @Override
    public void close() {
        RuntimeException failure = null;
        for (NdArray a : owned) {
            try {
                a.close();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
