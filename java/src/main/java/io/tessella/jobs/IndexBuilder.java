package io.tessella.jobs;

import io.tessella.exec.ProgressListener;
import io.tessella.io.OutputDirectory;
import io.tessella.io.WriteOption;
import io.tessella.exec.TileExecutor;
import io.tessella.kernel.Evaluation;
import io.tessella.kernel.Kernel;
import io.tessella.memory.Allocation;
import io.tessella.memory.DType;
import io.tessella.memory.NdArray;
import io.tessella.memory.Staging;
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
import java.util.List;
import java.util.Objects;
import java.util.LinkedHashMap;
import java.util.SequencedMap;
import java.util.zip.CRC32C;

/**
 * The index builder of recipe 2: over a pair of same-shape float64 arrays, in row-major order, skip
 * elements with {@code a1 <= sentinel}, call {@code slow_computation(a2[i], a1[i])} on the rest, skip
 * (and count by code) the kernel's failures, and emit the coordinates and index of every success.
 * The reference is the serial loop; the outputs equal it exactly whatever the parallelism, tiling or
 * call mode.
 *
 * <p>How: the flattened element range is cut into tiles that run in parallel. Outputs are reserved
 * once for the worst case (every element emitted) and filled in tile order: a tile that starts when
 * all earlier ones are published writes in place, any other into a bounded scratch buffer published
 * when its turn comes (see {@code OrderedOutput}). No growth, no boxing, no compaction pass, and only
 * the results' pages are ever touched, so the rate stays flat over a days-long run and resident
 * memory is inputs plus outputs. With a {@linkplain #checkpoint checkpoint}, a pre-pass counts each
 * tile's sentinel survivors, whose prefix sums fix every tile's region of work files that outlive the
 * process; finished tiles are journaled, a run killed at any moment resumes with only unfinished tiles
 * recomputed, and one parallel copy assembles the outputs.
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

    private final Kernel kernel;
    private final double sentinel;
    private final IndexMode mode;
    private final int parallelism;
    private final long tileElements;
    private final Path checkpoint;
    private final Path outputDirectory;
    private final WriteOption[] outputOptions;
    private final OutputDirectory output;
    private final ProgressListener progress;
    private final Duration progressInterval;
    private final boolean nativePasses;

    private IndexBuilder(Kernel kernel, double sentinel, IndexMode mode, int parallelism, long tileElements, Path checkpoint,
            Path outputDirectory, WriteOption[] outputOptions, OutputDirectory output, ProgressListener progress, Duration progressInterval,
            boolean nativePasses) {
        this.kernel = kernel;
        this.sentinel = sentinel;
        this.mode = mode;
        this.parallelism = parallelism;
        this.tileElements = tileElements;
        this.checkpoint = checkpoint;
        this.outputDirectory = outputDirectory;
        this.outputOptions = outputOptions;
        this.output = output;
        this.progress = progress;
        this.progressInterval = progressInterval;
        this.nativePasses = nativePasses;
    }

    /** The bundled kernel (or its Java twin), sentinel {@code -1e10}, {@link IndexMode#AUTO}, all cores. */
    public static IndexBuilder create() {
        return new IndexBuilder(null, DEFAULT_SENTINEL, IndexMode.AUTO, Runtime.getRuntime().availableProcessors(), 0, null, null,
                new WriteOption[0], null, null, TileExecutor.DEFAULT_PROGRESS_INTERVAL, true);
    }

    /** Any kernel with the ABI: a swapped-in {@code NativeKernel}, or a {@code JavaKernel}. */
    public IndexBuilder kernel(Kernel kernel) {
        return new IndexBuilder(Objects.requireNonNull(kernel, "kernel"), sentinel, mode, parallelism, tileElements, checkpoint,
                outputDirectory, outputOptions, output, progress, progressInterval, nativePasses);
    }

    /** Elements with {@code a1 <= sentinel} are skipped; NaN never is. */
    public IndexBuilder sentinel(double sentinel) {
        return new IndexBuilder(kernel, sentinel, mode, parallelism, tileElements, checkpoint, outputDirectory, outputOptions, output, progress, progressInterval, nativePasses);
    }

    /** Per-element calls, one batch call per tile, or {@link IndexMode#AUTO} (batch when the kernel has it). */
    public IndexBuilder mode(IndexMode mode) {
        return new IndexBuilder(kernel, sentinel, Objects.requireNonNull(mode, "mode"), parallelism, tileElements, checkpoint,
                outputDirectory, outputOptions, output, progress, progressInterval, nativePasses);
    }

    /** Tiles run at once; 1 runs serially in the caller's thread. */
    public IndexBuilder parallelism(int parallelism) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism = " + parallelism + " must be at least 1");
        }
        return new IndexBuilder(kernel, sentinel, mode, parallelism, tileElements, checkpoint, outputDirectory, outputOptions, output, progress, progressInterval, nativePasses);
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
        return new IndexBuilder(kernel, sentinel, mode, parallelism, tileElements, checkpoint, outputDirectory, outputOptions, output, progress, progressInterval, nativePasses);
    }

    /**
     * Makes the run resumable: work files and a journal of finished tiles in {@code dir}. Started
     * again with the same inputs and settings after a crash, the run recomputes only unfinished tiles
     * and its outputs are byte-identical; a checkpoint of other inputs or settings is refused. The
     * checkpoint is removed once the outputs are complete.
     */
    public IndexBuilder checkpoint(Path dir) {
        return new IndexBuilder(kernel, sentinel, mode, parallelism, tileElements, Objects.requireNonNull(dir, "checkpoint"),
                outputDirectory, outputOptions, output, progress, progressInterval, nativePasses);
    }

    /**
     * Writes {@code xs.npy}, {@code ys.npy} (one per axis) and {@code idxs.npy} into a new directory
     * {@code dir} that appears, with all of them, only when the run completes ({@link OutputDirectory}).
     * A non-empty directory there is refused before any work unless {@link WriteOption#OVERWRITE} is
     * given; then it is replaced in one step at the end.
     */
    public IndexBuilder outputDirectory(Path dir, WriteOption... options) {
        return new IndexBuilder(kernel, sentinel, mode, parallelism, tileElements, checkpoint, Objects.requireNonNull(dir, "outputDirectory"),
                options.clone(), null, progress, progressInterval, nativePasses);
    }

    /**
     * Writes {@code xs.npy}, {@code ys.npy} and {@code idxs.npy} into an output directory the caller
     * owns, and does not commit it: the caller adds what it wants (a summary) and commits, so the whole
     * set appears as a unit.
     */
    public IndexBuilder output(OutputDirectory directory) {
        return new IndexBuilder(kernel, sentinel, mode, parallelism, tileElements, checkpoint, null, new WriteOption[0],
                Objects.requireNonNull(directory, "directory"), progress, progressInterval, nativePasses);
    }

    /** Reports tiles and elements done, rate and ETA at most every {@code interval}. */
    public IndexBuilder progress(ProgressListener listener, Duration interval) {
        return new IndexBuilder(kernel, sentinel, mode, parallelism, tileElements, checkpoint, outputDirectory, outputOptions, output,
                Objects.requireNonNull(listener, "listener"), Objects.requireNonNull(interval, "interval"), nativePasses);
    }

    /**
     * The same job with the sentinel test and the output writes in Java even where Tessella's C
     * loops ({@link io.tessella.kernel.NativeLoops}) would run them: the path every platform without
     * the loop library takes, kept reachable so tests cover it here too.
     */
    IndexBuilder javaPasses() {
        return new IndexBuilder(kernel, sentinel, mode, parallelism, tileElements, checkpoint, outputDirectory, outputOptions, output,
                progress, progressInterval, false);
    }

    /**
     * Runs the job.
     *
     * @param a1 the array the sentinel test reads; passed to the kernel as its second argument
     * @param a2 the kernel's first argument
     * @throws IllegalArgumentException if the inputs are not float64, differ in shape, or the checkpoint belongs to another job
     * @throws io.tessella.exec.JobFailedException if a tile fails (it names the tile) or the job is cancelled
     * @throws InterruptedException if the calling thread is interrupted (the job is cancelled first)
     */
    public IndexResult run(NdArray a1, NdArray a2) throws InterruptedException {
        Objects.requireNonNull(a1, "a1");
        Objects.requireNonNull(a2, "a2");
        if (a1.dtype() != DType.FLOAT64) {
            throw new IllegalArgumentException("a1 dtype " + a1.dtype() + " is not FLOAT64");
        }
        if (a2.dtype() != DType.FLOAT64) {
            throw new IllegalArgumentException("a2 dtype " + a2.dtype() + " is not FLOAT64");
        }
        if (!Arrays.equals(a1.shape(), a2.shape())) {
            throw new IllegalArgumentException("a1 shape " + Arrays.toString(a1.shape()) + " != a2 shape " + Arrays.toString(a2.shape()));
        }
        Kernel k = kernel != null ? kernel : Kernel.best();
        IndexMode resolved = mode == IndexMode.AUTO ? (k.batchIsOneCall() ? IndexMode.BATCH : IndexMode.ELEMENT) : mode;
        int nd = a1.ndim();
        long size = a1.size();
        long tileSize = tileElements > 0 ? tileElements : Math.clamp(Math.ceilDiv(Math.max(size, 1), 64), 256, 65536);
        Tiling tiling = Tiling.blocks(new long[] {size}, tileSize);
        int tiles = Math.toIntExact(tiling.tileCount());
        long tileCapacity = Math.min(tileSize, Math.max(size, 1));
        // Reserved before any work, so an existing result or a busy target is refused at once.
        OutputDirectory ownedOutput = outputDirectory != null ? OutputDirectory.create(outputDirectory, outputOptions) : null;
        OutputDirectory out = ownedOutput != null ? ownedOutput : output;
        IndexScanner scanner = new IndexScanner(k, sentinel, a1, a2, tileCapacity, nativePasses);
        try {
            TileExecutor exec = TileExecutor.create().withParallelism(parallelism);

            // Only a checkpoint needs each tile's region fixed in advance (its work files outlive the
            // process); without one, tiles publish in order as they finish and need no pre-pass.
            long[] capOffset = null;
            long capacity = size;
            if (checkpoint != null) {
                List<Long> candidateList = exec.map(tiling, t -> scanner.countCandidates(t.start(0), t.stop(0)));
                capOffset = new long[tiles + 1];
                for (int t = 0; t < tiles; t++) {
                    capOffset[t + 1] = capOffset[t] + candidateList.get(t);
                }
                capacity = capOffset[tiles];
            }

            List<NdArray> owned = new ArrayList<>();
            IndexCheckpoint cp = null;
            OrderedOutput ordered = null;
            try {
                MemorySegment[] coords;
                MemorySegment idxs;
                if (checkpoint != null) {
                    cp = IndexCheckpoint.open(checkpoint, manifest(a1, a2, k, tileSize, capacity), nd, capacity);
                    coords = cp.coords();
                    idxs = cp.idxs();
                } else {
                    MemorySegment[] outputs = new MemorySegment[nd + 1];
                    for (int i = 0; i <= nd; i++) {
                        outputs[i] = allocate(owned, capacity).contiguousSegment();
                    }
                    ordered = new OrderedOutput(outputs, tileCapacity, SCRATCH_TILES_PER_THREAD * parallelism);
                    coords = null;
                    idxs = null;
                }

                IndexCheckpoint journal = cp;
                OrderedOutput sequence = ordered;
                long[] regions = capOffset;
                long resumed = cp == null ? 0 : cp.doneCount();
                boolean batch = resolved == IndexMode.BATCH;
                // When each tile was done, published included (-1: taken from the checkpoint): the decile rates.
                long[] finished = new long[tiles];
                TileExecutor runner = progress == null ? exec : exec.withProgress(progress, progressInterval);
                int ahead = PREFETCH_TILES_PER_THREAD * parallelism;
                for (int t = 0; t < Math.min(ahead, tiles); t++) {
                    scanner.prefetch(tiling.tile(t));
                }
                long t0 = System.nanoTime();
                List<TileOutcome> outcomes = runner.map(tiling, tile -> {
                    int t = (int) tile.index();
                    long start = tile.start(0), stop = tile.stop(0);
                    if (t + ahead < tiles) {
                        scanner.prefetch(tiling.tile(t + ahead));
                    }
                    if (sequence != null) {
                        OrderedOutput.Sink sink = sequence.open(t);
                        try {
                            TileOutcome o = scanner.scan(t, start, stop, stop - start, batch, sink.coords(), sink.idxs(), sink.position());
                            sequence.commit(sink, o.emitted());
                            finished[t] = System.nanoTime();
                            return o;
                        } catch (RuntimeException | Error e) {
                            sequence.abort();
                            throw e;
                        }
                    }
                    TileOutcome previous = journal.done(t);
                    if (previous != null) {
                        finished[t] = -1;
                        return previous;
                    }
                    TileOutcome o = scanner.scan(t, start, stop, regions[t + 1] - regions[t], batch, coords, idxs, regions[t]);
                    journal.finished(o, regions[t]);
                    finished[t] = System.nanoTime();
                    return o;
                });
                Duration elapsed = Duration.ofNanos(System.nanoTime() - t0);
                if (ordered != null) {
                    ordered.close();
                }
                if (cp != null) {
                    cp.commit();
                }

                long[] outOffset = new long[tiles + 1];
                for (int t = 0; t < tiles; t++) {
                    outOffset[t + 1] = outOffset[t] + outcomes.get(t).emitted();
                }
                long emitted = outOffset[tiles];
                IndexCounts counts = IndexCounts.sum(outcomes);

                List<NdArray> coordArrays = new ArrayList<>();
                NdArray idxArray;
                if (cp == null) {
                    if (ordered.size() != emitted || ordered.committedTiles() != tiles) {
                        throw new IllegalStateException("published " + ordered.size() + " elements of " + ordered.committedTiles()
                                + " tiles, but the tiles emitted " + emitted + " in " + tiles);
                    }
                    for (int axis = 0; axis < nd; axis++) {
                        coordArrays.add(owned.get(axis).view(new long[] {0}, new long[] {emitted}));
                    }
                    idxArray = owned.get(nd).view(new long[] {0}, new long[] {emitted});
                } else {
                    for (int axis = 0; axis < nd; axis++) {
                        coordArrays.add(gather(exec, tiling, owned, coords[axis], capOffset, outOffset, emitted));
                    }
                    idxArray = gather(exec, tiling, owned, idxs, capOffset, outOffset, emitted);
                }
                if (out != null) {
                    for (int i = 0; i < nd; i++) {
                        out.save(IndexResult.coordinateName(i, nd) + ".npy", coordArrays.get(i));
                    }
                    out.save("idxs.npy", idxArray);
                    if (ownedOutput != null) {
                        ownedOutput.commit();
                    }
                }
                if (cp != null) {
                    cp.delete();
                    cp = null;
                }
                long[] visited = new long[tiles];
                for (int t = 0; t < tiles; t++) {
                    visited[t] = outcomes.get(t).visited();
                }
                double[] deciles = deciles(t0, finished, visited);
                return new IndexResult(coordArrays, idxArray, counts, elapsed, resolved, parallelism, k.description(), tiles,
                        resumed, deciles[0], deciles[1], out == null ? null : out.path(), owned);
            } catch (RuntimeException | InterruptedException | Error e) {
                if (ordered != null) {
                    try {
                        ordered.close();
                    } catch (RuntimeException suppressed) {
                        e.addSuppressed(suppressed);
                    }
                }
                for (NdArray a : owned) {
                    try {
                        a.close();
                    } catch (RuntimeException suppressed) {
                        e.addSuppressed(suppressed);
                    }
                }
                if (cp != null) {
                    try {
                        cp.close();
                    } catch (RuntimeException suppressed) {
                        e.addSuppressed(suppressed);
                    }
                }
                throw e;
            }
        } finally {
            try {
                scanner.close();
            } finally {
                if (ownedOutput != null) {
                    ownedOutput.close();
                }
            }
        }
    }

    /**
     * Outputs are 8 bytes per element per array, and their first touch is part of every run: with
     * 4 KiB pages that alone costs about 15 ns per element for three arrays, so large outputs get
     * huge pages (one fault per 2 MiB). Small ones come from the zeroing allocator (mmap cannot map
     * zero bytes, and a fault is no saving there).
     */
    private static NdArray allocate(List<NdArray> owned, long length) {
        Allocation mode = !isMapped(length) ? Allocation.ZEROED : hugePages() ? Allocation.HUGE_PAGES : Allocation.UNINITIALIZED;
        NdArray a = NdArray.allocate(mode, DType.INT64, length);
        owned.add(a);
        return a;
    }

    /** Whether an int64 output of this length gets an anonymous mapping (else the zeroing allocator). */
    private static boolean isMapped(long length) {
        return length * Long.BYTES >= (1 << 20);
    }

    private static boolean hugePages() {
        return HugePages.AVAILABLE;
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

    /** One parallel copy of every tile's run from the work file to its place in a fresh array. */
    private static NdArray gather(TileExecutor exec, Tiling tiling, List<NdArray> owned, MemorySegment src, long[] capOffset,
            long[] outOffset, long emitted) throws InterruptedException {
        NdArray dst = allocate(owned, emitted);
        MemorySegment d = dst.contiguousSegment();
        exec.forEach(tiling, tile -> {
            int t = (int) tile.index();
            long n = outOffset[t + 1] - outOffset[t];
            MemorySegment.copy(src, capOffset[t] * Long.BYTES, d, outOffset[t] * Long.BYTES, n * Long.BYTES);
        });
        return dst;
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
    private SequencedMap<String, String> manifest(NdArray a1, NdArray a2, Kernel k, long tileSize, long capacity) {
        SequencedMap<String, String> p = new LinkedHashMap<>();
        p.put("format", Integer.toString(IndexCheckpoint.FORMAT));
        p.put("shape", Arrays.toString(a1.shape()));
        p.put("a1.crc32c", Long.toHexString(crc(a1)));
        p.put("a2.crc32c", Long.toHexString(crc(a2)));
        p.put("sentinel", Double.toString(sentinel) + " (0x" + Long.toHexString(Double.doubleToRawLongBits(sentinel)) + ")");
        p.put("kernel.fingerprint", Long.toHexString(kernelFingerprint(k)));
        p.put("tileElements", Long.toString(tileSize));
        p.put("capacity", Long.toString(capacity));
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
     * bytes, whatever its layout or byte order, so a checkpoint resumes from a Fortran-order or
     * big-endian copy of the same data (and only from the same data).
     */
    private static long crc(NdArray a) {
        CRC32C crc = new CRC32C();
        if (a.isCContiguous() && a.byteOrder() == ByteOrder.LITTLE_ENDIAN) {
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
