package io.tessella.spark;

import io.tessella.exec.ProgressListener;
import io.tessella.io.NpyOutput;
import io.tessella.io.OutputDirectory;
import io.tessella.io.WriteOption;
import io.tessella.jobs.IndexBuilder;
import io.tessella.jobs.IndexCounts;
import io.tessella.jobs.IndexMode;
import io.tessella.jobs.IndexResult;
import io.tessella.memory.DType;
import io.tessella.memory.NdArray;
import java.io.IOException;
import java.io.Serial;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.SequencedMap;
import java.util.TreeMap;
import java.util.zip.CRC32C;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The index builder of recipe 2 as a Spark job: the inputs' rows are cut into blocks
 * ({@link RowBlocks}), one partition each, and each task runs Tessella's own {@link IndexBuilder} on
 * its block, its row coordinates shifted to the whole array's. Blocks follow each other in row-major
 * order, so the results in partition order are the serial loop's order.
 *
 * <ul>
 *   <li>{@link #rows} is a {@code Dataset<Row>} of {@code (x, y, ..., idx)} in that order.</li>
 *   <li>{@link #writeNpy} writes {@code xs.npy}, {@code ys.npy}, ..., {@code idxs.npy}, byte-identical
 *       to {@code tessella index --out}: each task leaves its block's results in a part file on shared
 *       storage; the driver, knowing every block's count, reserves the outputs at their final size and
 *       a second job copies them to their offsets with positioned writes, a run of consecutive parts per
 *       task (two tasks per slot at most); the directory appears whole,
 *       on the driver's commit, or not at all.</li>
 *   <li>{@link #writeParquet} writes the same rows as Parquet, published the same way.</li>
 * </ul>
 *
 * <p>Attempts are idempotent: a block's part is written under an attempt's name and renamed onto the
 * block's name in one step, with the same bytes whichever attempt lands, and the copies land at fixed
 * offsets; a retried, speculative or lost attempt never duplicates or drops a row. With a
 * {@link #checkpoint} on shared storage, the parts outlive the driver: a rerun skips every finished block.
 *
 * <p>Immutable; each setter returns a new job.
 *
 * <pre>{@code
 * SparkIndexResult r = SparkIndexJob.create(spark).kernel(KernelSource.library(Path.of("libmine.so")))
 *         .checkpoint(Path.of("/shared/ckpt")).writeNpy(NpySource.of(a1), NpySource.of(a2), Path.of("/shared/out"));
 * }</pre>
 */
public final class SparkIndexJob {
    /** Where parts go inside the result's partial directory when there is no checkpoint; removed before it is published. */
    static final String PARTS = ".tessella-spark-parts";

    private final SparkSession spark;
    private final KernelSource kernel;
    private final double sentinel;
    private final IndexMode mode;
    private final long tileElements;
    private final long rowsPerPartition;
    private final long partitionBytes;
    private final int threadsPerTask;
    private final Path checkpoint;
    private final ProgressListener progress;
    private final Duration interval;

    private SparkIndexJob(SparkSession spark, KernelSource kernel, double sentinel, IndexMode mode, long tileElements, long rowsPerPartition,
            long partitionBytes, int threadsPerTask, Path checkpoint, ProgressListener progress, Duration interval) {
        this.spark = spark;
        this.kernel = kernel;
        this.sentinel = sentinel;
        this.mode = mode;
        this.tileElements = tileElements;
        this.rowsPerPartition = rowsPerPartition;
        this.partitionBytes = partitionBytes;
        this.threadsPerTask = threadsPerTask;
        this.checkpoint = checkpoint;
        this.progress = progress;
        this.interval = interval;
    }

    /** The bundled kernel, the recipe's sentinel, automatic mode and blocks, {@code spark.task.cpus} threads per task. */
    public static SparkIndexJob create(SparkSession spark) {
        Objects.requireNonNull(spark, "spark");
        ExecutorCache.releaseAfterEachJob(spark.sparkContext());
        return new SparkIndexJob(spark, KernelSource.bundled(), IndexBuilder.DEFAULT_SENTINEL, IndexMode.AUTO, 0, 0,
                RowBlocks.DEFAULT_PARTITION_BYTES, spark.sparkContext().getConf().getInt("spark.task.cpus", 1), null, null, Duration.ofSeconds(1));
    }

    private SparkIndexJob with(KernelSource kernel, double sentinel, IndexMode mode, long tileElements, long rowsPerPartition,
            long partitionBytes, int threadsPerTask, Path checkpoint, ProgressListener progress, Duration interval) {
        return new SparkIndexJob(spark, kernel, sentinel, mode, tileElements, rowsPerPartition, partitionBytes, threadsPerTask, checkpoint,
                progress, interval);
    }

    /** Where executors get the kernel. */
    public SparkIndexJob kernel(KernelSource kernel) {
        return with(Objects.requireNonNull(kernel, "kernel"), sentinel, mode, tileElements, rowsPerPartition, partitionBytes, threadsPerTask,
                checkpoint, progress, interval);
    }

    /** Elements with {@code a1 <= sentinel} are skipped; NaN never is. */
    public SparkIndexJob sentinel(double sentinel) {
        if (Double.isNaN(sentinel)) {
            throw new IllegalArgumentException("sentinel NaN is not a threshold: a1 <= NaN is never true, so nothing would be skipped");
        }
        return with(kernel, sentinel, mode, tileElements, rowsPerPartition, partitionBytes, threadsPerTask, checkpoint, progress, interval);
    }

    /** How tasks call the kernel ({@link IndexBuilder#mode}). */
    public SparkIndexJob mode(IndexMode mode) {
        return with(kernel, sentinel, Objects.requireNonNull(mode, "mode"), tileElements, rowsPerPartition, partitionBytes, threadsPerTask,
                checkpoint, progress, interval);
    }

    /** Elements per tile inside a task ({@link IndexBuilder#tileElements}; 0 automatic). */
    public SparkIndexJob tileElements(long elements) {
        IndexBuilder.create().tileElements(elements); // the builder's own bounds and words, here on the driver
        return with(kernel, sentinel, mode, elements, rowsPerPartition, partitionBytes, threadsPerTask, checkpoint, progress, interval);
    }

    /** Rows per partition, instead of blocks sized by bytes. A checkpoint records it: resume with the same. */
    public SparkIndexJob rowsPerPartition(long rows) {
        if (rows < 1) {
            throw new IllegalArgumentException("rowsPerPartition = " + rows + " must be at least 1");
        }
        return with(kernel, sentinel, mode, tileElements, rows, partitionBytes, threadsPerTask, checkpoint, progress, interval);
    }

    /** Blocks of about {@code bytes} of inputs and worst-case outputs each. */
    public SparkIndexJob partitionBytes(long bytes) {
        if (bytes < 1) {
            throw new IllegalArgumentException("partitionBytes = " + bytes + " must be at least 1");
        }
        return with(kernel, sentinel, mode, tileElements, 0, bytes, threadsPerTask, checkpoint, progress, interval);
    }

    /** Threads each task's index builder runs on (match {@code spark.task.cpus}). */
    public SparkIndexJob threadsPerTask(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threadsPerTask = " + threads + " must be at least 1");
        }
        return with(kernel, sentinel, mode, tileElements, rowsPerPartition, partitionBytes, threads, checkpoint, progress, interval);
    }

    /**
     * Keeps every finished block's results in {@code dir} on storage every executor writes to: a rerun
     * with the same inputs and settings skips those blocks. Removed once the outputs are published.
     */
    public SparkIndexJob checkpoint(Path dir) {
        return with(kernel, sentinel, mode, tileElements, rowsPerPartition, partitionBytes, threadsPerTask, Objects.requireNonNull(dir, "dir"),
                progress, interval);
    }

    /** Partitions and elements done, rate and ETA on the driver, at most every {@code interval}. */
    public SparkIndexJob progress(ProgressListener listener, Duration interval) {
        return with(kernel, sentinel, mode, tileElements, rowsPerPartition, partitionBytes, threadsPerTask, checkpoint,
                Objects.requireNonNull(listener, "listener"), Objects.requireNonNull(interval, "interval"));
    }

    /** The column names: the local output files' stems without their plural {@code s} ({@code x, y, idx}). */
    public static StructType schema(int axes) {
        List<StructField> fields = new ArrayList<>();
        for (int axis = 0; axis < axes; axis++) {
            String file = IndexResult.coordinateName(axis, axes);
            fields.add(DataTypes.createStructField(file.substring(0, file.length() - 1), DataTypes.LongType, false));
        }
        fields.add(DataTypes.createStructField("idx", DataTypes.LongType, false));
        return DataTypes.createStructType(fields);
    }

    /**
     * The results as rows {@code (x, y, ..., idx)}, in the serial loop's order across partitions; lazy,
     * as any Dataset (each action computes the blocks again: cache it to keep them).
     */
    public Dataset<Row> rows(NpySource a1, NpySource a2) {
        Plan plan = plan(a1, a2);
        JavaSparkContext jsc = jsc();
        List<Integer> ids = plan.all();
        JavaRDD<Row> rdd = jsc.parallelize(ids, Math.max(1, ids.size())).mapPartitions(new RowsTask(plan.task()));
        return spark.createDataFrame(rdd, schema(a1.ndim()));
    }

    /**
     * Writes {@code xs.npy}, {@code ys.npy}, ..., {@code idxs.npy} into a new directory {@code out} that
     * appears whole when the job succeeds (byte-identical to {@code tessella index --out}'s files).
     */
    public SparkIndexResult writeNpy(NpySource a1, NpySource a2, Path out, WriteOption... options) {
        try (OutputDirectory dir = OutputDirectory.create(out, options)) {
            SparkIndexResult r = writeNpy(a1, a2, dir);
            dir.commit();
            return r;
        }
    }

    /**
     * Writes the {@code .npy} outputs into a result directory the caller owns and commits (after adding
     * what it wants, such as a summary), on storage every executor writes to.
     */
    public SparkIndexResult writeNpy(NpySource a1, NpySource a2, OutputDirectory out) {
        Plan plan = plan(a1, a2);
        long t0 = System.nanoTime();
        Parts parts = computeParts(plan, out);
        try {
            int axes = a1.ndim();
            long emitted = parts.counts().emitted();
            List<NpyOutput> files = new ArrayList<>();
            for (int axis = 0; axis <= axes; axis++) {
                String name = axis < axes ? IndexResult.coordinateName(axis, axes) + ".npy" : "idxs.npy";
                files.add(out.createNpy(name, DType.INT64, emitted));
            }
            String[] partials = new String[axes + 1];
            long dataOffset = files.getFirst().dataOffset();
            for (int i = 0; i <= axes; i++) {
                partials[i] = files.get(i).partialPath().toString();
            }
            long[] offsets = new long[plan.blocks().partitions()];
            long[] emittedBy = new long[offsets.length];
            long at = 0;
            for (int p = 0; p < offsets.length; p++) {
                offsets[p] = at;
                emittedBy[p] = parts.parts().get(p).counts().emitted();
                at += emittedBy[p];
            }
            // A copy is a few milliseconds of I/O, about what Spark spends launching a task: one task per
            // slot's share of the bytes, not one per part.
            int[][] groups = copyGroups(emittedBy, 2L * jsc().defaultParallelism());
            List<Integer> ids = new ArrayList<>();
            for (int g = 0; g < groups.length; g++) {
                ids.add(g);
            }
            PartitionRuns.run(jsc(), "tessella index: assemble " + out.path(), ids, new long[ids.size()],
                    new AssembleTask(parts.directory().toString(), axes, partials, dataOffset, offsets, groups), null, interval);
            for (NpyOutput f : files) {
                f.commit();
            }
            parts.dropWorkFiles();
            SparkIndexResult r = result(plan, parts, t0, out.path());
            parts.finished();
            return r;
        } finally {
            parts.close();
        }
    }

    /** Writes the rows as Parquet files into a new directory {@code out} that appears whole when the job succeeds. */
    public SparkIndexResult writeParquet(NpySource a1, NpySource a2, Path out, WriteOption... options) {
        try (OutputDirectory dir = OutputDirectory.create(out, options)) {
            SparkIndexResult r = writeParquet(a1, a2, dir);
            dir.commit();
            return r;
        }
    }

    /**
     * Writes the rows as Parquet files (Spark's writer, one file per non-empty block, in block order)
     * into a result directory the caller owns and commits, on storage every executor writes to.
     */
    public SparkIndexResult writeParquet(NpySource a1, NpySource a2, OutputDirectory out) {
        Plan plan = plan(a1, a2);
        long t0 = System.nanoTime();
        Parts parts = computeParts(plan, out);
        try {
            List<Integer> ids = plan.all();
            JavaRDD<Row> rdd = jsc().parallelize(ids, Math.max(1, ids.size())).mapPartitions(new PartRowsTask(parts.directory().toString(), a1.ndim()));
            spark.createDataFrame(rdd, schema(a1.ndim())).write().mode(SaveMode.Append).parquet(out.partialPath().toUri().toString());
            parts.dropWorkFiles();
            SparkIndexResult r = result(plan, parts, t0, out.path());
            parts.finished();
            return r;
        } finally {
            parts.close();
        }
    }

    /**
     * The non-empty parts cut into {@code min(non-empty parts, maxGroups)} runs of consecutive parts,
     * each copied by one task: a run ends before the part that would take it past its share of the
     * rows, or when each part left must start a run of its own.
     */
    static int[][] copyGroups(long[] emitted, long maxGroups) {
        long total = 0;
        int nonEmpty = 0;
        for (long n : emitted) {
            total += n;
            nonEmpty += n > 0 ? 1 : 0;
        }
        int count = (int) Math.min(nonEmpty, Math.max(1, maxGroups));
        List<int[]> groups = new ArrayList<>();
        List<Integer> current = new ArrayList<>();
        long done = 0;
        int left = nonEmpty;
        for (int p = 0; p < emitted.length; p++) {
            if (emitted[p] == 0) {
                continue;
            }
            int runsLeft = count - groups.size(); // the current run among them
            boolean overShare = Math.multiplyExact(done + emitted[p], count) > Math.multiplyExact(total, groups.size() + 1L);
            if (!current.isEmpty() && runsLeft > 1 && (overShare || left == runsLeft - 1)) {
                groups.add(current.stream().mapToInt(Integer::intValue).toArray());
                current.clear();
            }
            current.add(p);
            done += emitted[p];
            left--;
        }
        if (!current.isEmpty()) {
            groups.add(current.stream().mapToInt(Integer::intValue).toArray());
        }
        return groups.toArray(int[][]::new);
    }

    private SparkIndexResult result(Plan plan, Parts parts, long t0, Path out) {
        SparkJobReport report = new SparkJobReport("index", plan.blocks().partitions(), plan.blocks().rowsPerPartition(), parts.resumed(),
                Duration.ofNanos(System.nanoTime() - t0));
        return new SparkIndexResult(parts.counts(), report, plan.kernel().description(), Optional.ofNullable(out));
    }

    private JavaSparkContext jsc() {
        return JavaSparkContext.fromSparkContext(spark.sparkContext());
    }

    /** What the driver settled before any task: inputs checked, kernel checked and shipped, blocks. */
    private record Plan(NpySource a1, NpySource a2, KernelSource.Checked kernel, RowBlocks blocks, IndexTask task) {
        List<Integer> all() {
            List<Integer> ids = new ArrayList<>(blocks.partitions());
            for (int p = 0; p < blocks.partitions(); p++) {
                ids.add(p);
            }
            return ids;
        }
    }

    private Plan plan(NpySource a1, NpySource a2) {
        Objects.requireNonNull(a1, "a1");
        Objects.requireNonNull(a2, "a2");
        if (!Arrays.equals(a1.shape(), a2.shape())) {
            throw new IllegalArgumentException("a1 shape " + Arrays.toString(a1.shape()) + " != a2 shape " + Arrays.toString(a2.shape()));
        }
        for (NpySource in : List.of(a1, a2)) {
            if (in.isHadoop() && in.isFortranOnly()) {
                throw new IllegalArgumentException(in.location() + " is in Fortran order: its row blocks are not contiguous in the file, so they"
                        + " cannot be read block by block over a Hadoop file system; save it in C order (np.save(path, np.ascontiguousarray(a)))"
                        + " or give a mapped path");
            }
        }
        KernelSource.Checked checked = kernel.check(spark.sparkContext());
        long rowElements = a1.rowBytes() / a1.dtype().byteSize();
        int axes = a1.ndim();
        // Inputs (any real dtype each, read as Python's float() reads them) and worst-case outputs (every element emitted) per row.
        long bytesPerRow = Math.multiplyExact(rowElements, (long) a1.dtype().byteSize() + a2.dtype().byteSize() + (axes + 1L) * Long.BYTES);
        RowBlocks blocks = rowsPerPartition > 0 ? new RowBlocks(a1.rows(), rowsPerPartition) : RowBlocks.sized(a1.rows(), bytesPerRow, partitionBytes);
        long blockRows = Math.min(blocks.rowsPerPartition(), a1.rows());
        long blockElements = Math.multiplyExact(blockRows, rowElements);
        long tile = tileElements > 0 ? tileElements : Math.clamp(Math.ceilDiv(Math.max(blockElements, 1), 64), 256, 65536);
        long inputs = (a1.isHadoop() ? blockElements * a1.dtype().byteSize() : 0) + (a2.isHadoop() ? blockElements * a2.dtype().byteSize() : 0);
        long outputs = blockElements * (axes + 1L) * Long.BYTES;
        long scratch = 3L * threadsPerTask * Math.min(tile, Math.max(blockElements, 1)) * 32;
        MemoryBudget.check(spark.sparkContext().getConf(), inputs + outputs + scratch, "its block of " + blockRows + " rows: "
                + MemoryBudget.mib(outputs) + " of outputs if every element is emitted, " + MemoryBudget.mib(inputs) + " of inputs read from Hadoop, "
                + MemoryBudget.mib(scratch) + " of tile scratch");
        return new Plan(a1, a2, checked, blocks, new IndexTask(a1, a2, kernel, sentinel, mode, tileElements, threadsPerTask, blocks));
    }

    private SequencedMap<String, String> manifest(Plan plan) {
        SequencedMap<String, String> m = new LinkedHashMap<>();
        m.put("format", "1");
        m.put("shape", Arrays.toString(plan.a1().shape()));
        m.put("a1", plan.a1().identity());
        m.put("a2", plan.a2().identity());
        m.put("sentinel", sentinel + " (0x" + Long.toHexString(Double.doubleToRawLongBits(sentinel)) + ")");
        m.put("kernel.fingerprint", Long.toHexString(plan.kernel().fingerprint()));
        m.put("rowsPerPartition", Long.toString(plan.blocks().rowsPerPartition()));
        return m;
    }

    /** Every block's part, computed now or found in the checkpoint. */
    private Parts computeParts(Plan plan, OutputDirectory out) {
        SparkCheckpoint cp = checkpoint == null ? null : SparkCheckpoint.open(checkpoint, manifest(plan));
        boolean ok = false;
        try {
            Path dir;
            if (cp != null) {
                dir = cp.directory();
            } else {
                dir = out.partialPath().resolve(PARTS);
                Files.createDirectory(dir);
            }
            int n = plan.blocks().partitions();
            int axes = plan.a1().ndim();
            Map<Integer, IndexPart> done = cp == null ? new TreeMap<>() : new TreeMap<>(cp.done(n, axes));
            int resumed = done.size();
            List<Integer> todo = new ArrayList<>();
            List<Long> elements = new ArrayList<>();
            long rowElements = plan.a1().rowBytes() / plan.a1().dtype().byteSize();
            for (int p = 0; p < n; p++) {
                if (!done.containsKey(p)) {
                    todo.add(p);
                    elements.add((plan.blocks().stop(p) - plan.blocks().start(p)) * rowElements);
                }
            }
            List<int[]> finished = PartitionRuns.run(jsc(), "tessella index " + plan.a1().location(), todo,
                    elements.stream().mapToLong(Long::longValue).toArray(), new PartTask(plan.task(), dir.toString(), cp != null), progress, interval);
            if (finished.size() != todo.size()) {
                throw new IllegalStateException(todo.size() + " blocks ran but " + finished.size() + " reported");
            }
            for (int p : todo) {
                done.put(p, IndexPart.read(dir.resolve(IndexPart.fileName(p)), p, axes));
            }
            ok = true;
            return new Parts(dir, done, resumed, cp);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the index parts' directory", e);
        } finally {
            // Spark's failures reach Java as checked exceptions it never declares: release on any way out.
            if (!ok && cp != null) {
                cp.close();
            }
        }
    }

    /** The finished parts and where they live. */
    private record Parts(Path directory, Map<Integer, IndexPart> parts, int resumed, SparkCheckpoint checkpoint) implements AutoCloseable {
        IndexCounts counts() {
            long visited = 0, skipped = 0, emitted = 0;
            TreeMap<Integer, Long> failed = new TreeMap<>();
            for (IndexPart p : parts.values()) {
                visited += p.counts().visited();
                skipped += p.counts().skipped();
                emitted += p.counts().emitted();
                p.counts().failedByCode().forEach((code, n) -> failed.merge(code, n, Long::sum));
            }
            return new IndexCounts(visited, skipped, failed, emitted);
        }

        /** Without a checkpoint the parts are work files inside the result: they go before it is published. */
        void dropWorkFiles() {
            if (checkpoint != null) {
                return;
            }
            try (var entries = Files.list(directory)) {
                for (Path p : entries.toList()) {
                    Files.delete(p);
                }
                Files.delete(directory);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot remove the index parts in " + directory, e);
            }
        }

        /** The outputs are published: the checkpoint has done its work. */
        void finished() {
            if (checkpoint != null) {
                checkpoint.delete();
            }
        }

        @Override
        public void close() {
            if (checkpoint != null) {
                checkpoint.close();
            }
        }
    }

    /** One block's index build: the same {@link IndexBuilder} the local command runs, on the block's rows. */
    record IndexTask(NpySource a1, NpySource a2, KernelSource kernel, double sentinel, IndexMode mode, long tileElements, int threads,
            RowBlocks blocks) implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;

        /** Runs block {@code p}; the result's coordinates are the whole array's. The caller closes it. */
        Computed compute(int p) throws Exception {
            long r0 = blocks.start(p), r1 = blocks.stop(p);
            KernelSource.TaskKernel k = kernel.open();
            try (NpySource.Block b1 = a1.open(r0, r1); NpySource.Block b2 = a2.open(r0, r1)) {
                IndexBuilder b = IndexBuilder.create().kernel(k.kernel()).sentinel(sentinel).mode(mode).parallelism(threads);
                if (tileElements > 0) {
                    b = b.tileElements(tileElements);
                }
                IndexResult r = b.run(b1.array(), b2.array());
                if (r0 > 0 && !r.coordinates().isEmpty()) {
                    MemorySegment rows = r.coordinates().getFirst().contiguousSegment();
                    long n = r.counts().emitted();
                    for (long i = 0; i < n; i++) {
                        rows.setAtIndex(ValueLayout.JAVA_LONG, i, rows.getAtIndex(ValueLayout.JAVA_LONG, i) + r0);
                    }
                }
                return new Computed(r, k);
            } catch (Exception | Error e) {
                try {
                    k.close();
                } catch (Exception suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            }
        }
    }

    /** A block's results and the kernel it held. */
    record Computed(IndexResult result, KernelSource.TaskKernel kernel) implements AutoCloseable {
        MemorySegment[] arrays() {
            List<NdArray> coords = result.coordinates();
            MemorySegment[] a = new MemorySegment[coords.size() + 1];
            for (int i = 0; i < coords.size(); i++) {
                a[i] = coords.get(i).contiguousSegment();
            }
            a[coords.size()] = result.idxs().contiguousSegment();
            return a;
        }

        @Override
        public void close() throws Exception {
            try {
                result.close();
            } finally {
                kernel.close();
            }
        }
    }

    /**
     * Stage one: each block computed and left as a part; {@code durable} parts (a checkpoint's, which
     * must outlive a crash) are forced to disk, work files inside a result are not.
     */
    record PartTask(IndexTask task, String directory, boolean durable) implements FlatMapFunction<Iterator<Integer>, int[]>, Serializable {
        @Serial
        private static final long serialVersionUID = 1L;

        @Override
        public Iterator<int[]> call(Iterator<Integer> partitions) throws Exception {
            List<int[]> done = new ArrayList<>();
            TaskContext ctx = TaskContext.get();
            long attempt = ctx == null ? 0 : ctx.taskAttemptId();
            while (partitions.hasNext()) {
                int p = partitions.next();
                try (Computed c = task.compute(p)) {
                    IndexPart.write(Path.of(directory), p, c.result().counts(), c.arrays(), attempt, durable);
                }
                done.add(new int[] {p});
            }
            return done.iterator();
        }
    }

    /** Stage two: each group of non-empty parts copied to their offsets in every output file. */
    record AssembleTask(String directory, int axes, String[] partials, long dataOffset, long[] offsets, int[][] groups)
            implements FlatMapFunction<Iterator<Integer>, int[]>, Serializable {
        @Serial
        private static final long serialVersionUID = 1L;

        @Override
        public Iterator<int[]> call(Iterator<Integer> ids) throws Exception {
            List<int[]> done = new ArrayList<>();
            ByteBuffer buffer = ByteBuffer.allocateDirect(4 << 20);
            // Each output opened once per task and forced once, when its close ends the task's writes.
            List<PositionedWrites> outs = new ArrayList<>();
            try {
                for (String partial : partials) {
                    outs.add(PositionedWrites.open(Path.of(partial)));
                }
                while (ids.hasNext()) {
                    int[] group = groups[ids.next()];
                    for (int p : group) {
                        copy(p, outs, buffer);
                    }
                    done.add(group);
                }
            } finally {
                Closing.all(outs);
            }
            return done.iterator();
        }

        private void copy(int p, List<PositionedWrites> outs, ByteBuffer buffer) throws IOException {
            Path file = Path.of(directory).resolve(IndexPart.fileName(p));
            IndexPart part = IndexPart.read(file, p, axes);
            CRC32C crc = new CRC32C();
            try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
                for (int k = 0; k <= axes; k++) {
                    part.copyArray(in, k, outs.get(k), dataOffset + offsets[p] * Long.BYTES, crc, buffer);
                }
            }
            if (crc.getValue() != part.dataCrc()) {
                throw new IllegalStateException("index part " + file + " is corrupt (data CRC mismatch); delete it and run again");
            }
        }
    }

    /** The rows of each block, computed in the task (for {@link #rows}). */
    record RowsTask(IndexTask task) implements FlatMapFunction<Iterator<Integer>, Row>, Serializable {
        @Serial
        private static final long serialVersionUID = 1L;

        @Override
        public Iterator<Row> call(Iterator<Integer> partitions) throws Exception {
            if (!partitions.hasNext()) {
                return java.util.Collections.emptyIterator();
            }
            int p = partitions.next();
            Computed c = task.compute(p);
            TaskContext ctx = TaskContext.get();
            if (ctx != null) {
                // The iterator may be abandoned (a limit, a failure downstream): the task's end releases the block.
                ctx.addTaskCompletionListener((TaskContext t) -> {
                    try {
                        c.close();
                    } catch (Exception e) {
                        throw new IllegalStateException("releasing index block " + p + " failed", e);
                    }
                });
            }
            return new SegmentRows(c.arrays(), c.result().counts().emitted(), ctx == null ? c : null);
        }
    }

    /** The rows of each block, read back from its part (for Parquet after a checkpointed build). */
    record PartRowsTask(String directory, int axes) implements FlatMapFunction<Iterator<Integer>, Row>, Serializable {
        @Serial
        private static final long serialVersionUID = 1L;

        @Override
        public Iterator<Row> call(Iterator<Integer> partitions) throws Exception {
            if (!partitions.hasNext()) {
                return java.util.Collections.emptyIterator();
            }
            int p = partitions.next();
            Path file = Path.of(directory).resolve(IndexPart.fileName(p));
            IndexPart part = IndexPart.read(file, p, axes);
            java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofShared();
            try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
                MemorySegment all = in.map(FileChannel.MapMode.READ_ONLY, part.dataStart(), (axes + 1) * part.arrayBytes(), arena);
                CRC32C crc = new CRC32C();
                crc.update(all.asByteBuffer());
                if (crc.getValue() != part.dataCrc()) {
                    throw new IllegalStateException("index part " + file + " is corrupt (data CRC mismatch); delete it and run again");
                }
                MemorySegment[] arrays = new MemorySegment[axes + 1];
                for (int k = 0; k <= axes; k++) {
                    arrays[k] = all.asSlice(k * part.arrayBytes(), part.arrayBytes());
                }
                TaskContext ctx = TaskContext.get();
                if (ctx != null) {
                    ctx.addTaskCompletionListener((TaskContext t) -> arena.close());
                }
                return new SegmentRows(arrays, part.counts().emitted(), ctx == null ? arena::close : null);
            } catch (IOException | RuntimeException e) {
                arena.close();
                throw e;
            }
        }
    }

    /** Rows over int64 arrays in native memory; releases them after the last row when no task does. */
    private static final class SegmentRows implements Iterator<Row> {
        private final MemorySegment[] arrays;
        private final long n;
        private AutoCloseable release;
        private long i;

        SegmentRows(MemorySegment[] arrays, long n, AutoCloseable release) {
            this.arrays = arrays;
            this.n = n;
            this.release = release;
            releaseIfDone();
        }

        @Override
        public boolean hasNext() {
            return i < n;
        }

        @Override
        public Row next() {
            if (i >= n) {
                throw new NoSuchElementException();
            }
            Object[] values = new Object[arrays.length];
            for (int k = 0; k < arrays.length; k++) {
                // A part's arrays follow a header of any length: not 8-byte aligned in its mapping.
                values[k] = arrays[k].getAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, i);
            }
            i++;
            releaseIfDone();
            return RowFactory.create(values);
        }

        private void releaseIfDone() {
            if (i >= n && release != null) {
                AutoCloseable r = release;
                release = null;
                try {
                    r.close();
                } catch (Exception e) {
                    throw new IllegalStateException("releasing index rows failed", e);
                }
            }
        }
    }
}
