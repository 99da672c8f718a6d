package io.tessella.jobs;

import io.tessella.exec.ProgressListener;
import io.tessella.exec.TileExecutor;
import io.tessella.io.GrowingNpyFile;
import io.tessella.io.NpyFile;
import io.tessella.io.OutputDirectory;
import io.tessella.io.WriteOption;
import io.tessella.kernel.Evaluation;
import io.tessella.kernel.Kernel;
import io.tessella.memory.Allocation;
import io.tessella.memory.DType;
import io.tessella.memory.NdArray;
import io.tessella.memory.Staging;
import io.tessella.tiling.Tile;
import io.tessella.tiling.Tiling;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.SequencedMap;
import java.util.function.Consumer;
import java.util.zip.CRC32C;

/**
 * The index builder of recipe 2: over a pair of same-shape float64 arrays, in row-major order, skip
 * elements with {@code a1 <= sentinel}, call {@code slow_computation(a2[i], a1[i])} on the rest, skip
 * (and count by code) the kernel's failures, and emit the coordinates and index of every success.
 * The reference is the serial loop; the outputs equal it exactly whatever the parallelism, tiling or
 * call mode.
 *
 * <p>How: the flattened element range is cut into tiles that run in parallel, and their results are
 * placed in the serial order as tiles finish in any order ({@code OrderedOutput}): no pre-pass, no
 * compaction pass, and the rate stays flat over a days-long run. Where the results go is chosen once:
 * <ul>
 *   <li><b>Files</b>, streamed as they are placed, when an {@linkplain #outputDirectory output
 *       directory} or a {@linkplain #checkpoint checkpoint} is given, or when the worst case (every
 *       element emitted) would not fit {@linkplain #inMemoryLimit in memory} (then into a
 *       {@linkplain #spillDirectory spill directory}). Written data goes to the page cache, which the
 *       kernel writes back and may evict: the run's own resident memory stays a few tiles of scratch
 *       whatever the input size, so an input larger than RAM gives outputs larger than RAM. The
 *       result's arrays are the finished files, mapped read-only.</li>
 *   <li><b>Memory</b> otherwise: anonymous memory reserved for the worst case, of which only the
 *       results' pages are ever touched.</li>
 * </ul>
 * With a checkpoint, the growing files live in the checkpoint directory and are the outputs
 * themselves: a journal records the tiles, from the first, that are wholly in them, so a run killed at
 * any moment resumes after the last journaled tile with identical bytes. Inputs are read ahead
 * ({@code MADV_WILLNEED} on the next tiles) and dropped behind ({@code MADV_DONTNEED} on mapped files),
 * so streaming through inputs larger than RAM does not crowd the page cache.
 *
 * <p>Immutable: each setter returns a new builder. {@link #run} may be called from any thread.
 *
 * <pre>{@code
 * try (NdArray a1 = NpyFile.open(Path.of("a1.npy"), NpyFile.Mode.READ_ONLY);
 *      NdArray a2 = NpyFile.open(Path.of("a2.npy"), NpyFile.Mode.READ_ONLY);
 *      IndexResult r = IndexBuilder.create().parallelism(2).checkpoint(Path.of("ckpt"))
 *                                  .outputDirectory(Path.of("out")).run(a1, a2)) {
 *     System.out.println(r.counts());
 * }
 * }</pre>
 */
public final class IndexBuilder {
    /** The recipe's sentinel: elements with {@code a1 <= -1.0e10} are skipped. */
    public static final double DEFAULT_SENTINEL = -1.0e10;

    /**
     * Tiles per thread that may wait in scratch for an earlier, slower tile; past that a thread waits
     * too, which bounds the memory a stalled tile can pin to a few tiles' outputs. Two: with four, a
     * stall (a slow first touch of fresh output pages, on a VM) let the other threads fill all of
     * them, and the 10^8-element build's peak memory varied by up to 12 MB from run to run.
     */
    private static final int SCRATCH_TILES_PER_THREAD = 2;
    /** Tiles per thread whose inputs are asked for ahead of the tile being worked on. */
    private static final int PREFETCH_TILES_PER_THREAD = 2;
    /** The largest tile {@link #tileElements} accepts (2^26): the scanner indexes within a tile by int. */
    public static final long MAX_TILE_ELEMENTS = 1L << 26;

    /** Everything a builder says; never changed once a builder holds it. */
    private static final class Settings implements Cloneable {
        Kernel kernel;
        double sentinel = DEFAULT_SENTINEL;
        IndexMode mode = IndexMode.AUTO;
        int parallelism = Runtime.getRuntime().availableProcessors();
        long tileElements;
        Path checkpoint;
        Path outputDirectory;
        WriteOption[] outputOptions = new WriteOption[0];
        OutputDirectory output;
        Path spillDirectory;
        long inMemoryLimit = -1;
        ProgressListener progress;
        Duration progressInterval = TileExecutor.DEFAULT_PROGRESS_INTERVAL;
        boolean nativePasses = true;

        Settings copy() {
            try {
                return (Settings) clone();
            } catch (CloneNotSupportedException e) {
                throw new AssertionError(e);
            }
        }
    }

    private final Settings s;

    private IndexBuilder(Settings s) {
        this.s = s;
    }

    private IndexBuilder with(Consumer<Settings> change) {
        Settings c = s.copy();
        change.accept(c);
        return new IndexBuilder(c);
    }

    /** The bundled kernel (or its Java twin), sentinel {@code -1e10}, {@link IndexMode#AUTO}, all cores. */
    public static IndexBuilder create() {
        return new IndexBuilder(new Settings());
    }

    /** Any kernel with the ABI: a swapped-in {@code NativeKernel}, or a {@code JavaKernel}. */
    public IndexBuilder kernel(Kernel kernel) {
        Objects.requireNonNull(kernel, "kernel");
        return with(c -> c.kernel = kernel);
    }

    /** Elements with {@code a1 <= sentinel} are skipped; NaN never is. */
    public IndexBuilder sentinel(double sentinel) {
        return with(c -> c.sentinel = sentinel);
    }

    /** Per-element calls, one batch call per tile, or {@link IndexMode#AUTO} (batch when the kernel has it). */
    public IndexBuilder mode(IndexMode mode) {
        Objects.requireNonNull(mode, "mode");
        return with(c -> c.mode = mode);
    }

    /** Tiles run at once; 1 runs serially in the caller's thread. */
    public IndexBuilder parallelism(int parallelism) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism = " + parallelism + " must be at least 1");
        }
        return with(c -> c.parallelism = parallelism);
    }

    /**
     * Elements per tile (0: automatic, {@code clamp(size / 64, 256, 65536)}, which does not depend on
     * the parallelism, so a checkpointed run may resume with another thread count).
     */
    public IndexBuilder tileElements(long tileElements) {
        if (tileElements < 0) {
            throw new IllegalArgumentException("tileElements = " + tileElements + " is negative");
        }
        if (tileElements > MAX_TILE_ELEMENTS) {
            throw new IllegalArgumentException("tileElements = " + tileElements + " is more than " + MAX_TILE_ELEMENTS
                    + ": each worker holds 32 bytes of scratch per tile element");
        }
        return with(c -> c.tileElements = tileElements);
    }

    /**
     * Makes the run resumable: the outputs, growing, and a journal of finished tiles in {@code dir}.
     * Started again with the same inputs and settings after a crash, the run recomputes only the tiles
     * after the last journaled one and its outputs are byte-identical; a checkpoint of other inputs or
     * settings is refused ({@link CheckpointException}). The checkpoint is removed once the outputs are
     * complete.
     */
    public IndexBuilder checkpoint(Path dir) {
        Objects.requireNonNull(dir, "checkpoint");
        return with(c -> c.checkpoint = dir);
    }

    /**
     * Writes {@code xs.npy}, {@code ys.npy} (one per axis) and {@code idxs.npy} into a new directory
     * {@code dir} that appears, with all of them, only when the run completes ({@link OutputDirectory}).
     * A non-empty directory there is refused before any work unless {@link WriteOption#OVERWRITE} is
     * given; then it is replaced in one step at the end. The files stream to disk as tiles finish.
     */
    public IndexBuilder outputDirectory(Path dir, WriteOption... options) {
        Objects.requireNonNull(dir, "outputDirectory");
        WriteOption[] o = options.clone();
        return with(c -> {
            c.outputDirectory = dir;
            c.outputOptions = o;
            c.output = null;
        });
    }

    /**
     * Writes {@code xs.npy}, {@code ys.npy} and {@code idxs.npy} into an output directory the caller
     * owns, and does not commit it: the caller adds what it wants (a summary) and commits, so the whole
     * set appears as a unit.
     */
    public IndexBuilder output(OutputDirectory directory) {
        Objects.requireNonNull(directory, "directory");
        return with(c -> {
            c.output = directory;
            c.outputDirectory = null;
        });
    }

    /**
     * Where results that go to files without an output directory are written while the run lasts (and
     * removed when the result is closed): default {@code java.io.tmpdir}.
     */
    public IndexBuilder spillDirectory(Path dir) {
        Objects.requireNonNull(dir, "spillDirectory");
        return with(c -> c.spillDirectory = dir);
    }

    /**
     * The most bytes the results may take in memory, counted for the worst case (every element
     * emitted: 8 bytes per coordinate axis and index); a larger run streams its results to files in the
     * {@linkplain #spillDirectory spill directory}. Default: a quarter of the machine's memory. 0 always
     * streams.
     */
    public IndexBuilder inMemoryLimit(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("inMemoryLimit = " + bytes + " is negative");
        }
        return with(c -> c.inMemoryLimit = bytes);
    }

    /** Reports tiles and elements done, rate and ETA at most every {@code interval}. */
    public IndexBuilder progress(ProgressListener listener, Duration interval) {
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(interval, "interval");
        return with(c -> {
            c.progress = listener;
            c.progressInterval = interval;
        });
    }

    /**
     * The same job with the sentinel test and the output writes in Java even where Tessella's C
     * loops ({@link io.tessella.kernel.internal.NativeLoops}) would run them: the path every platform without
     * the loop library takes, kept reachable so tests cover it here too.
     */
    IndexBuilder javaPasses() {
        return with(c -> c.nativePasses = false);
    }

    /**
     * Runs the job.
     *
     * <p>The inputs may have any real dtype (and differ): each element is converted to a double before
     * the sentinel test and the kernel call, exactly as Python's {@code float(a1[x, y])} converts a NumPy
     * scalar in the recipe's loop ({@link io.tessella.memory.Cast}: integers beyond 2^53 round to
     * nearest, bool is 0.0 or 1.0). Float64 inputs in C order and native byte order are read in place;
     * others are converted tile by tile.
     *
     * @param a1 the array the sentinel test reads; passed to the kernel as its second argument
     * @param a2 the kernel's first argument
     * @throws IllegalArgumentException if the inputs differ in shape, or the output directory exists
     * @throws CheckpointException if the checkpoint belongs to another job, is busy or cannot be written
     * @throws io.tessella.io.OutputException if the results cannot be written (a full disk, say)
     * @throws io.tessella.exec.JobFailedException if a tile fails (it names the tile) or the job is cancelled
     * @throws InterruptedException if the calling thread is interrupted (the job is cancelled first)
     */
    public IndexResult run(NdArray a1, NdArray a2) throws InterruptedException {
        Objects.requireNonNull(a1, "a1");
        Objects.requireNonNull(a2, "a2");
        if (!Arrays.equals(a1.shape(), a2.shape())) {
            throw new IllegalArgumentException("a1 shape " + Arrays.toString(a1.shape()) + " != a2 shape " + Arrays.toString(a2.shape()));
        }
        Kernel k = s.kernel != null ? s.kernel : Kernel.best();
        IndexMode resolved = s.mode == IndexMode.AUTO ? (k.batchIsOneCall() ? IndexMode.BATCH : IndexMode.ELEMENT) : s.mode;
        int nd = a1.ndim();
        long size = a1.size();
        long tileSize = s.tileElements > 0 ? s.tileElements : Math.clamp(Math.ceilDiv(Math.max(size, 1), 64), 256, 65536);
        Tiling tiling = Tiling.blocks(new long[] {size}, tileSize);
        int tiles = Math.toIntExact(tiling.tileCount());
        long tileCapacity = Math.min(tileSize, Math.max(size, 1));
        List<String> names = new ArrayList<>();
        for (int axis = 0; axis < nd; axis++) {
            names.add(IndexResult.coordinateName(axis, nd) + ".npy");
        }
        names.add("idxs.npy");

        // Reserved before any work, so an existing result or a busy target is refused at once.
        OutputDirectory ownedOutput = s.outputDirectory != null ? OutputDirectory.create(s.outputDirectory, s.outputOptions) : null;
        OutputDirectory out = ownedOutput != null ? ownedOutput : s.output;
        // Set as they are made, so a failure at any point releases exactly what exists.
        IndexScanner[] scannerHolder = {null};
        ResultStore[] storeHolder = {null};
        OrderedOutput[] orderedHolder = {null};
        List<NdArray> result = new ArrayList<>();
        try {
            IndexScanner scanner = scannerHolder[0] = new IndexScanner(k, s.sentinel, a1, a2, tileCapacity, s.nativePasses);
            ResultStore store = storeHolder[0] = openStore(out, names, size, a1, a2, k, tileSize);
            List<TileOutcome> resumed = store.resumed();
            int first = resumed.size();
            OrderedOutput ordered = orderedHolder[0] = new OrderedOutput(store, nd + 1, tileCapacity,
                    SCRATCH_TILES_PER_THREAD * s.parallelism, first, store.resumedElements());
            TileRun run = new TileRun(scanner, ordered, store, tiling, resolved == IndexMode.BATCH, PREFETCH_TILES_PER_THREAD * s.parallelism);

            TileExecutor exec = TileExecutor.create().withParallelism(s.parallelism);
            TileExecutor runner = s.progress == null ? exec : exec.withProgress(s.progress, s.progressInterval);
            run.prefetchAhead(first);
            long t0 = System.nanoTime();
            List<TileOutcome> outcomes;
            try {
                outcomes = runner.map(tiling, tile -> (int) tile.index() < first ? resumed.get((int) tile.index()) : run.tile(tile));
            } catch (io.tessella.exec.JobFailedException e) {
                // A full disk or a broken checkpoint is not a tile's failure: it is said as what it is.
                if (e.getCause() instanceof io.tessella.io.OutputException | e.getCause() instanceof CheckpointException) {
                    RuntimeException cause = (RuntimeException) e.getCause();
                    cause.addSuppressed(e);
                    throw cause;
                }
                throw e;
            }
            Duration elapsed = Duration.ofNanos(System.nanoTime() - t0);

            long emitted = 0;
            for (TileOutcome o : outcomes) {
                emitted += o.emitted();
            }
            if (ordered.size() != emitted || ordered.committedTiles() != tiles) {
                throw new IllegalStateException("placed " + ordered.size() + " elements of " + ordered.committedTiles()
                        + " tiles, but the tiles emitted " + emitted + " in " + tiles);
            }
            ordered.close();
            result.addAll(store.finish(emitted, out, ownedOutput));
            long[] visited = new long[tiles];
            for (int t = 0; t < tiles; t++) {
                visited[t] = outcomes.get(t).visited();
            }
            double[] deciles = deciles(t0, run.finished(), visited);
            return new IndexResult(result.subList(0, nd), result.get(nd), IndexCounts.sum(outcomes), elapsed, resolved, s.parallelism,
                    k.description(), tiles, first, deciles[0], deciles[1], out == null ? null : out.path(), result);
        } catch (RuntimeException | InterruptedException | Error e) {
            OrderedOutput ordered = orderedHolder[0];
            ResultStore store = storeHolder[0];
            if (ordered != null) {
                ordered.abort();
            }
            closeAll(e, ordered, store == null ? null : () -> store.abandon(ordered), () -> result.forEach(NdArray::close));
            throw e;
        } finally {
            closeAll(null, scannerHolder[0], ownedOutput);
        }
    }

    /** Closes each in turn; a failure is added to {@code primary} when there is one, else the first is thrown. */
    private static void closeAll(Throwable primary, AutoCloseable... resources) {
        RuntimeException first = null;
        for (AutoCloseable r : resources) {
            if (r == null) {
                continue;
            }
            try {
                r.close();
            } catch (Exception e) {
                if (primary != null) {
                    primary.addSuppressed(e);
                } else if (first == null) {
                    first = e instanceof RuntimeException re ? re : new IllegalStateException(e);
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** One tile's work: read ahead, scan into a sink, place, journal, drop the inputs behind. */
    private static final class TileRun {
        private final IndexScanner scanner;
        private final OrderedOutput ordered;
        private final ResultStore store;
        private final Tiling tiling;
        private final boolean batch;
        private final int ahead;
        private final int tiles;
        private final long[] finished;
        private final BitSet scanned = new BitSet();
        private int scannedPrefix;

        TileRun(IndexScanner scanner, OrderedOutput ordered, ResultStore store, Tiling tiling, boolean batch, int ahead) {
            this.scanner = scanner;
            this.ordered = ordered;
            this.store = store;
            this.tiling = tiling;
            this.batch = batch;
            this.ahead = ahead;
            this.tiles = Math.toIntExact(tiling.tileCount());
            this.finished = new long[tiles];
            Arrays.fill(finished, -1);
        }

        void prefetchAhead(int first) {
            for (int t = first; t < Math.min(first + ahead, tiles); t++) {
                scanner.prefetch(tiling.tile(t));
            }
            synchronized (scanned) {
                scannedPrefix = first;
            }
        }

        TileOutcome tile(Tile tile) throws InterruptedException {
            int t = (int) tile.index();
            long start = tile.start(0), stop = tile.stop(0);
            if (t + ahead < tiles) {
                scanner.prefetch(tiling.tile(t + ahead));
            }
            OrderedOutput.Sink sink = ordered.open(t);
            TileOutcome o;
            try {
                o = scanner.scan(t, start, stop, stop - start, batch, sink.coords(), sink.idxs(), sink.position());
            } catch (RuntimeException | Error e) {
                ordered.abort();
                throw e;
            }
            dropBehind(t);
            store.outcome(o);
            ordered.commit(sink, o.emitted());
            store.placed(ordered.writtenPrefix());
            finished[t] = System.nanoTime();
            return o;
        }

        /** Gives back the input pages of every tile below the first one not yet scanned: no tile reads them again. */
        private void dropBehind(int t) {
            long from, to;
            synchronized (scanned) {
                scanned.set(t);
                int p = scanned.nextClearBit(scannedPrefix);
                if (p == scannedPrefix) {
                    return;
                }
                from = tiling.tile(scannedPrefix).start(0);
                to = tiling.tile(p - 1).stop(0);
                scannedPrefix = p;
            }
            scanner.dropBehind(from, to);
        }

        long[] finished() {
            return finished;
        }
    }

    /**
     * Where the results go, chosen once per run: memory, files (in an output directory or a spill
     * directory), or a checkpoint's files. Each places tiles for {@link OrderedOutput} and, at the end,
     * makes the outputs and hands back the result's arrays (coordinates per axis, then indices).
     */
    private sealed interface ResultStore extends OrderedOutput.Destination permits InMemory, InFiles, InCheckpoint {
        /** Tiles an earlier run finished (a checkpoint's); empty otherwise. */
        default List<TileOutcome> resumed() {
            return List.of();
        }

        default long resumedElements() {
            return 0;
        }

        /** A computed tile's counts, before it is placed. */
        default void outcome(TileOutcome o) {
        }

        /** The tiles below {@code prefix} are wholly written. */
        default void placed(long prefix) {
        }

        /** The finished outputs' arrays; publishes them into {@code out} when given (committing it when it is {@code owned}). */
        List<NdArray> finish(long emitted, OutputDirectory out, OutputDirectory owned);

        /** After a failure: release, keeping what is worth keeping (a checkpoint's journaled tiles). */
        void abandon(OrderedOutput ordered);
    }

    private ResultStore openStore(OutputDirectory out, List<String> names, long size, NdArray a1, NdArray a2, Kernel k, long tileSize) {
        if (s.checkpoint != null) {
            return new InCheckpoint(IndexCheckpoint.open(s.checkpoint, manifest(a1, a2, k, tileSize), names), names);
        }
        if (out != null) {
            return InFiles.in(out, names, false);
        }
        long worstCase = Math.multiplyExact(Math.multiplyExact(size, Long.BYTES), names.size());
        if (worstCase <= inMemoryLimit()) {
            return InMemory.allocate(names.size(), size);
        }
        Path spill = s.spillDirectory != null ? s.spillDirectory : Path.of(System.getProperty("java.io.tmpdir"));
        OutputDirectory dir = OutputDirectory.create(spill.resolve("tessella-index-spill-" + ProcessHandle.current().pid() + "-"
                + Long.toHexString(System.nanoTime())));
        return InFiles.in(dir, names, true);
    }

    private long inMemoryLimit() {
        if (s.inMemoryLimit >= 0) {
            return s.inMemoryLimit;
        }
        var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getTotalMemorySize() / 4 : Long.MAX_VALUE;
    }

    /**
     * Anonymous memory reserved for the worst case; tiles write into it directly. The arrays are
     * thirds (for a 2-d input) of one allocation: one mapping and one release, since releasing
     * shared memory is a handshake with every thread of the JVM, which in a Spark executor of a
     * hundred and more threads costs more than an empty block's whole build.
     */
    private record InMemory(NdArray owner, long length, MemorySegment[] segments) implements ResultStore {
        /**
         * Outputs are 8 bytes per element per array, and their first touch is part of every run: with
         * 4 KiB pages that alone costs about 15 ns per element for three arrays, so large outputs get
         * huge pages (one fault per 2 MiB). Small ones come from the zeroing allocator (mmap cannot map
         * zero bytes, and a fault is no saving there).
         */
        static InMemory allocate(int arrays, long length) {
            long total = Math.multiplyExact(length, arrays);
            boolean mapped = total * Long.BYTES >= (1 << 20);
            Allocation mode = !mapped ? Allocation.ZEROED : HugePages.AVAILABLE ? Allocation.HUGE_PAGES : Allocation.UNINITIALIZED;
            NdArray owner = NdArray.allocate(mode, DType.INT64, total);
            MemorySegment all = owner.contiguousSegment();
            MemorySegment[] segments = new MemorySegment[arrays];
            for (int i = 0; i < arrays; i++) {
                segments[i] = all.asSlice(i * length * Long.BYTES, length * Long.BYTES);
            }
            return new InMemory(owner, length, segments);
        }

        @Override
        public MemorySegment[] direct() {
            return segments;
        }

        @Override
        public void write(int array, long at, MemorySegment src, long count) {
            MemorySegment.copy(src, 0, segments[array], at * Long.BYTES, count * Long.BYTES);
        }

        @Override
        public List<NdArray> finish(long emitted, OutputDirectory out, OutputDirectory owned) {
            List<NdArray> all = new ArrayList<>();
            for (int i = 0; i < segments.length; i++) {
                all.add(owner.view(new long[] {i * length}, new long[] {i * length + emitted}));
            }
            // The views borrow from the owner, which the result closes.
            all.add(owner);
            return all;
        }

        @Override
        public void abandon(OrderedOutput ordered) {
            owner.close();
        }
    }

    /**
     * Growing {@code .npy} files in an output directory (published with it) or a spill directory (never
     * published: mapped, then removed, the mappings keeping the data until the result is closed).
     */
    private record InFiles(OutputDirectory dir, List<String> names, GrowingNpyFile[] files, boolean spill) implements ResultStore {
        static InFiles in(OutputDirectory dir, List<String> names, boolean spill) {
            GrowingNpyFile[] files = new GrowingNpyFile[names.size()];
            try {
                for (int i = 0; i < files.length; i++) {
                    files[i] = dir.createGrowing(names.get(i), DType.INT64);
                }
            } catch (RuntimeException | Error e) {
                closeAll(e, files);
                if (spill) {
                    closeAll(e, dir);
                }
                throw e;
            }
            return new InFiles(dir, names, files, spill);
        }

        @Override
        public MemorySegment[] direct() {
            return null;
        }

        @Override
        public void write(int array, long at, MemorySegment src, long count) {
            files[array].write(at, src.asSlice(0, count * Long.BYTES));
        }

        @Override
        public List<NdArray> finish(long emitted, OutputDirectory out, OutputDirectory owned) {
            List<Path> paths = new ArrayList<>();
            for (GrowingNpyFile f : files) {
                f.finish(emitted);
                paths.add(f.path());
            }
            closeAll(null, files);
            if (owned != null) {
                owned.commit();
                paths.replaceAll(p -> owned.path().resolve(p.getFileName()));
            }
            // A spill directory goes once its files are mapped: the mappings keep the data until the result closes.
            List<NdArray> arrays = mapAll(paths, spill ? dir : null);
            return withViews(arrays);
        }

        @Override
        public void abandon(OrderedOutput ordered) {
            closeAll(null, files);
            if (spill) {
                dir.close();
            }
        }
    }

    /** The checkpoint's growing files; finished, then moved into the output directory or mapped where they are. */
    private record InCheckpoint(IndexCheckpoint cp, List<String> names, GrowingNpyFile[] files) implements ResultStore {
        InCheckpoint(IndexCheckpoint cp, List<String> names) {
            this(cp, names, cp.files());
        }

        @Override
        public List<TileOutcome> resumed() {
            return cp.resumed();
        }

        @Override
        public long resumedElements() {
            return cp.resumedElements();
        }

        @Override
        public MemorySegment[] direct() {
            return null;
        }

        @Override
        public void write(int array, long at, MemorySegment src, long count) {
            try {
                files[array].write(at, src.asSlice(0, count * Long.BYTES));
            } catch (io.tessella.io.OutputException e) {
                throw new CheckpointException(cp.directory(), files[array].path().getFileName() + ": " + e.reason(), e);
            }
        }

        @Override
        public void outcome(TileOutcome o) {
            cp.outcome(o);
        }

        @Override
        public void placed(long prefix) {
            cp.advance(prefix, false);
        }

        @Override
        public List<NdArray> finish(long emitted, OutputDirectory out, OutputDirectory owned) {
            List<Path> paths = new ArrayList<>();
            for (GrowingNpyFile f : files) {
                f.finish(emitted);
                paths.add(f.path());
            }
            if (out != null) {
                // The files become the result: moved into it, it is published, and then the checkpoint goes.
                for (int i = 0; i < files.length; i++) {
                    paths.set(i, out.adopt(names.get(i), files[i].path()));
                }
                if (owned != null) {
                    owned.commit();
                    paths.replaceAll(p -> owned.path().resolve(p.getFileName()));
                }
            }
            List<NdArray> arrays = mapAll(paths, null);
            try {
                cp.delete();
            } catch (RuntimeException | Error e) {
                closeAll(e, arrays.toArray(AutoCloseable[]::new));
                throw e;
            }
            return withViews(arrays);
        }

        @Override
        public void abandon(OrderedOutput ordered) {
            if (ordered != null) {
                try {
                    cp.advance(ordered.writtenPrefix(), true);
                } finally {
                    cp.close();
                }
            } else {
                cp.close();
            }
        }
    }

    /** Maps each finished file read-only; then closes {@code after} (a spill directory, removing the files under the mappings). */
    private static List<NdArray> mapAll(List<Path> paths, AutoCloseable after) {
        List<NdArray> arrays = new ArrayList<>();
        try {
            for (Path p : paths) {
                arrays.add(NpyFile.open(p, NpyFile.Mode.READ_ONLY));
            }
            closeAll(null, after);
        } catch (RuntimeException | Error e) {
            closeAll(e, arrays.toArray(AutoCloseable[]::new));
            throw e;
        }
        return arrays;
    }

    /** The result's arrays twice: as views (what the result hands out) and as owners (what it closes). */
    private static List<NdArray> withViews(List<NdArray> owners) {
        List<NdArray> all = new ArrayList<>();
        for (NdArray a : owners) {
            all.add(a.view(new long[] {0}, a.shape()));
        }
        all.addAll(owners);
        return all;
    }

    /** Whether transparent huge pages can be asked for here; checked once. */
    private static final class HugePages {
        static final boolean AVAILABLE = probe();

        private static boolean probe() {
            try (NdArray probe = NdArray.allocate(Allocation.HUGE_PAGES, DType.INT64, 1)) {
                return true;
            } catch (RuntimeException e) {
                return false;
            }
        }
    }

    /**
     * Elements per second of wall-clock time over the first and the last 10% of the tiles computed in
     * this run, in the order they were done: from the start to the moment the first tenth was done, and
     * from the moment all but the last tenth were done to the end. Everything a tile costs counts
     * (waiting, publishing, page faults), which a sum of the tiles' own scan times would miss.
     *
     * @param finished per tile, {@code System.nanoTime()} when it was done, or {@code -1} if it came from a checkpoint
     * @return {@code {first, last}}, zeros when no tile was computed
     */
    static double[] deciles(long t0, long[] finished, long[] visited) {
        int n = 0;
        for (long f : finished) {
            n += f >= 0 ? 1 : 0;
        }
        if (n == 0) {
            return new double[] {0, 0};
        }
        long[][] done = new long[n][];
        int i = 0;
        for (int t = 0; t < finished.length; t++) {
            if (finished[t] >= 0) {
                done[i++] = new long[] {finished[t], visited[t]};
            }
        }
        Arrays.sort(done, (x, y) -> Long.compare(x[0], y[0]));
        int tenth = Math.max(1, n / 10);
        long first = 0, last = 0;
        for (int k = 0; k < tenth; k++) {
            first += done[k][1];
            last += done[n - 1 - k][1];
        }
        long lastStart = n - tenth - 1 >= 0 ? done[n - tenth - 1][0] : t0;
        return new double[] {rate(first, done[tenth - 1][0] - t0), rate(last, done[n - 1][0] - lastStart)};
    }

    private static double rate(long elements, long nanos) {
        return nanos <= 0 ? 0 : elements * 1e9 / nanos;
    }

    /** What makes a checkpoint this job's: inputs, sentinel, kernel behaviour, tiling. Not threads or mode (results are the same). */
    private SequencedMap<String, String> manifest(NdArray a1, NdArray a2, Kernel k, long tileSize) {
        SequencedMap<String, String> p = new LinkedHashMap<>();
        p.put("format", Integer.toString(IndexCheckpoint.FORMAT));
        p.put("shape", Arrays.toString(a1.shape()));
        p.put("a1.crc32c", Long.toHexString(crc(a1)));
        p.put("a2.crc32c", Long.toHexString(crc(a2)));
        p.put("sentinel", Double.toString(s.sentinel) + " (0x" + Long.toHexString(Double.doubleToRawLongBits(s.sentinel)) + ")");
        p.put("kernel.fingerprint", Long.toHexString(kernelFingerprint(k)));
        p.put("tileElements", Long.toString(tileSize));
        return p;
    }

    /** The kernel's answers on fixed probes: a path can change between runs (extraction), behaviour must not. */
    private static long kernelFingerprint(Kernel k) {
        CRC32C crc = new CRC32C();
        ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 64; i++) {
            double a = i * 7.25 - 200, bb = i * 3.5 - 100;
            Evaluation e = k.evaluate(a, bb);
            b.clear();
            b.putLong(e.succeeded() ? e.index() : -(long) e.status()).flip();
            crc.update(b);
        }
        return crc.getValue();
    }

    /**
     * CRC32C of an input's logical content: its elements in row-major order as little-endian float64
     * bytes (the values the kernel sees), whatever its layout, byte order or dtype, so a checkpoint
     * resumes from a Fortran-order, big-endian or float64 copy of the same data (and only from the same
     * values).
     */
    private static long crc(NdArray a) {
        CRC32C crc = new CRC32C();
        if (a.dtype() == DType.FLOAT64 && a.isCContiguous() && a.byteOrder() == ByteOrder.LITTLE_ENDIAN) {
            MemorySegment s = a.contiguousSegment();
            for (long off = 0; off < s.byteSize(); off += 1 << 26) {
                crc.update(s.asSlice(off, Math.min(1 << 26, s.byteSize() - off)).asByteBuffer());
            }
            return crc.getValue();
        }
        long chunk = 1 << 16;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(chunk * Double.BYTES, Double.BYTES);
            for (long start = 0; start < a.size(); start += chunk) {
                long n = Math.min(chunk, a.size() - start);
                Staging.gatherFlat(a, start, start + n, buf, 0);
                if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
                    for (long i = 0; i < n; i++) {
                        buf.setAtIndex(ValueLayout.JAVA_LONG, i, Long.reverseBytes(buf.getAtIndex(ValueLayout.JAVA_LONG, i)));
                    }
                }
                crc.update(buf.asSlice(0, n * Double.BYTES).asByteBuffer());
            }
        }
        return crc.getValue();
    }
}
