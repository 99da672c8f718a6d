package io.tessella.spark;

import io.tessella.exec.ProgressListener;
import io.tessella.io.NpyFile;
import io.tessella.io.NpyOutput;
import io.tessella.io.WriteOption;
import io.tessella.memory.DType;
import io.tessella.memory.NdArray;
import io.tessella.jobs.ArrayOps;
import io.tessella.jobs.OuterImpl;
import java.io.Serial;
import java.io.Serializable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.SparkSession;

/**
 * Tessella's array jobs on Spark: the outer product (recipe 1), the tiled add (recipe 4) and row sums
 * (recipe 3). The output is cut into blocks along its slowest axis (axis 0 in C order, the last in the
 * Fortran order NumPy gives all-Fortran inputs) ({@link RowBlocks}), one partition each; each task reads
 * its block of the inputs, runs the same {@link ArrayOps} call as the local command on it, and writes
 * the block, one run of the file, into one pre-sized {@code .npy} on a shared file system with a positioned write. The
 * driver reserved that file ({@link NpyFile#create}) and publishes it only when every block is written:
 * the file is byte-identical to the local command's, and a failed job leaves nothing under its name.
 *
 * <p>Blocks are deterministic and land at fixed offsets, so a retried or speculative attempt rewrites
 * the same bytes: attempts are idempotent. The output must be on storage every executor writes to (a
 * local path for {@code local[N]}, a shared file system on a cluster); inputs may also be Hadoop URIs.
 *
 * <p>Immutable; each setter returns a new job. Runs on the calling thread, one Spark job at a time.
 *
 * <pre>{@code
 * SparkArrayJob jobs = SparkArrayJob.create(spark).progress(p -> log.info(p.toString()), Duration.ofSeconds(5));
 * jobs.outer(NpySource.of(Path.of("y.npy")), NpySource.of(Path.of("x.npy")), Path.of("/shared/r.npy"), OuterImpl.VECTOR);
 * }</pre>
 */
public final class SparkArrayJob {
    private final SparkSession spark;
    private final long rowsPerPartition;
    private final long partitionBytes;
    private final int threadsPerTask;
    private final ProgressListener progress;
    private final Duration interval;

    private SparkArrayJob(SparkSession spark, long rowsPerPartition, long partitionBytes, int threadsPerTask, ProgressListener progress,
            Duration interval) {
        this.spark = spark;
        this.rowsPerPartition = rowsPerPartition;
        this.partitionBytes = partitionBytes;
        this.threadsPerTask = threadsPerTask;
        this.progress = progress;
        this.interval = interval;
    }

    /** Blocks of about {@link RowBlocks#DEFAULT_PARTITION_BYTES}, as many threads per task as {@code spark.task.cpus}. */
    public static SparkArrayJob create(SparkSession spark) {
        Objects.requireNonNull(spark, "spark");
        ExecutorCache.releaseAfterEachJob(spark.sparkContext());
        return new SparkArrayJob(spark, 0, RowBlocks.DEFAULT_PARTITION_BYTES, spark.sparkContext().getConf().getInt("spark.task.cpus", 1),
                null, Duration.ofSeconds(1));
    }

    /** Rows per partition (instead of sizing blocks by bytes). */
    public SparkArrayJob rowsPerPartition(long rows) {
        if (rows < 1) {
            throw new IllegalArgumentException("rowsPerPartition = " + rows + " must be at least 1");
        }
        return new SparkArrayJob(spark, rows, partitionBytes, threadsPerTask, progress, interval);
    }

    /** Blocks of about {@code bytes} of inputs and outputs each (the default is {@link RowBlocks#DEFAULT_PARTITION_BYTES}). */
    public SparkArrayJob partitionBytes(long bytes) {
        if (bytes < 1) {
            throw new IllegalArgumentException("partitionBytes = " + bytes + " must be at least 1");
        }
        return new SparkArrayJob(spark, 0, bytes, threadsPerTask, progress, interval);
    }

    /** Threads each task runs its block on (match {@code spark.task.cpus}). */
    public SparkArrayJob threadsPerTask(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threadsPerTask = " + threads + " must be at least 1");
        }
        return new SparkArrayJob(spark, rowsPerPartition, partitionBytes, threads, progress, interval);
    }

    /** Partitions and elements done, rate and ETA on the driver, at most every {@code interval}. */
    public SparkArrayJob progress(ProgressListener listener, Duration interval) {
        return new SparkArrayJob(spark, rowsPerPartition, partitionBytes, threadsPerTask, Objects.requireNonNull(listener, "listener"),
                Objects.requireNonNull(interval, "interval"));
    }

    /**
     * {@code r[i, j] = y[i] * x[j]} into a new {@code out}, which appears complete or not at all.
     *
     * @throws IllegalArgumentException as the local command: dtypes, shapes, an existing output
     */
    public SparkJobReport outer(NpySource y, NpySource x, Path out, OuterImpl impl, WriteOption... options) throws InterruptedException {
        checkOuter(y, x);
        prepare(new BlockOp.Outer(y, x, Objects.requireNonNull(impl, "impl")));
        try (NpyOutput r = NpyFile.create(out, outerType(y, x), new long[] {y.size(), x.size()}, options)) {
            SparkJobReport report = outer(y, x, r, impl);
            r.commit();
            return report;
        }
    }

    /**
     * {@code r[i, j] = y[i] * x[j]} into an output the caller reserved (and commits): an M × N float64
     * C-order {@link NpyOutput} on storage every executor writes to, {@code M = y.size()}, {@code N = x.size()}
     * (factors of any rank are raveled, as {@code np.outer} does).
     */
    public SparkJobReport outer(NpySource y, NpySource x, NpyOutput r, OuterImpl impl) throws InterruptedException {
        checkOuter(y, x);
        Objects.requireNonNull(impl, "impl");
        return run(new BlockOp.Outer(y, x, impl), r);
    }

    /** {@code out = a + b} into a new {@code out}; {@code tile} ({@code {rows, cols}} or null) cuts the last two axes as recipe 4 does. */
    public SparkJobReport add(NpySource a, NpySource b, long[] tile, Path out, WriteOption... options) throws InterruptedException {
        checkAdd(a, b, tile);
        prepare(new BlockOp.Add(a, b, tile == null ? 0 : tile[0], tile == null ? 0 : tile[1]));
        try (NpyOutput o = NpyFile.create(out, addType(a, b), a.shape(), with(options, addLayout(a, b)))) {
            SparkJobReport report = add(a, b, tile, o);
            o.commit();
            return report;
        }
    }

    /**
     * {@code out = a + b} into an output the caller reserved (and commits), laid out as
     * {@link #addLayout} says.
     */
    public SparkJobReport add(NpySource a, NpySource b, long[] tile, NpyOutput out) throws InterruptedException {
        checkAdd(a, b, tile);
        return run(new BlockOp.Add(a, b, tile == null ? 0 : tile[0], tile == null ? 0 : tile[1]), out);
    }

    /** {@code s = x.sum(axis=-1)} into a new {@code out}, bit-identical to NumPy's. */
    public SparkJobReport rowsum(NpySource in, Path out, WriteOption... options) throws InterruptedException {
        checkRowsum(in);
        prepare(new BlockOp.RowSum(in));
        try (NpyOutput s = NpyFile.create(out, rowsumType(in), Arrays.copyOf(in.shape(), Math.max(0, in.ndim() - 1)),
                with(options, rowsumLayout(in)))) {
            SparkJobReport report = rowsum(in, s);
            s.commit();
            return report;
        }
    }

    /** {@code s = x.sum(axis=-1)} into an output the caller reserved (and commits), laid out as {@link #rowsumLayout} says. */
    public SparkJobReport rowsum(NpySource in, NpyOutput out) throws InterruptedException {
        checkRowsum(in);
        return run(new BlockOp.RowSum(in), out);
    }

    /** The dtype of NumPy's {@code np.outer(y, x)}, {@code np.result_type(y, x)}, which the local command writes. */
    public static DType outerType(NpySource y, NpySource x) {
        return new BlockOp.Outer(y, x, OuterImpl.AUTO).outDType();
    }

    /** The dtype of NumPy's {@code a + b}, {@code np.result_type(a, b)}, which the local command writes. */
    public static DType addType(NpySource a, NpySource b) {
        return new BlockOp.Add(a, b, 0, 0).outDType();
    }

    /** The dtype of NumPy's {@code x.sum(axis=-1)}: int64 for bool and signed integers, uint64 for unsigned ones, else x's. */
    public static DType rowsumType(NpySource in) {
        return new BlockOp.RowSum(in).outDType();
    }

    /**
     * The layout of NumPy's {@code a + b}, which the local command writes: {@link WriteOption#FORTRAN_ORDER}
     * when both inputs are Fortran-ordered (and not also C-contiguous), else none (C order).
     */
    public static WriteOption[] addLayout(NpySource a, NpySource b) {
        return new BlockOp.Add(a, b, 0, 0).fortranOut() ? new WriteOption[] {WriteOption.FORTRAN_ORDER} : new WriteOption[0];
    }

    /** The layout of NumPy's {@code x.sum(axis=-1)}, which the local command writes: Fortran when the kept axes of a Fortran input are. */
    public static WriteOption[] rowsumLayout(NpySource in) {
        return new BlockOp.RowSum(in).fortranOut() ? new WriteOption[] {WriteOption.FORTRAN_ORDER} : new WriteOption[0];
    }

    private static WriteOption[] with(WriteOption[] options, WriteOption[] layout) {
        WriteOption[] all = Arrays.copyOf(options, options.length + layout.length);
        System.arraycopy(layout, 0, all, options.length, layout.length);
        return all;
    }

    private static void checkOuter(NpySource y, NpySource x) {
        Objects.requireNonNull(y, "y");
        Objects.requireNonNull(x, "x");
    }

    private static void checkAdd(NpySource a, NpySource b, long[] tile) {
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
        if (!Arrays.equals(a.shape(), b.shape())) {
            throw new IllegalArgumentException("a shape " + Arrays.toString(a.shape()) + " != b shape " + Arrays.toString(b.shape()));
        }
        if (tile != null) {
            if (tile.length != 2 || tile[0] < 1 || tile[1] < 1) {
                throw new IllegalArgumentException("tile = " + Arrays.toString(tile) + " must be two positive whole numbers {rows, cols}");
            }
            if (a.ndim() < 2) {
                throw new IllegalArgumentException("tile " + tile[0] + "x" + tile[1] + " needs arrays of at least 2 axes; these have shape "
                        + Arrays.toString(a.shape()));
            }
        }
    }

    private static void checkRowsum(NpySource in) {
        Objects.requireNonNull(in, "in");
    }

    private SparkJobReport run(BlockOp op, NpyOutput out) throws InterruptedException {
        if (!Arrays.equals(out.array().shape(), op.outShape()) || out.array().dtype() != op.outDType()) {
            throw new IllegalArgumentException("out " + out.array().dtype() + " " + Arrays.toString(out.array().shape()) + " != the " + op.name()
                    + "'s " + op.outDType() + " " + Arrays.toString(op.outShape()));
        }
        if (op.fortranOut() ? !out.array().isFContiguous() : !out.array().isCContiguous()) {
            throw new IllegalArgumentException("out " + out.path() + " is not in " + (op.fortranOut() ? "Fortran" : "C") + " order, the layout of"
                    + " NumPy's result of these inputs" + (op.fortranOut() ? " (create it with WriteOption.FORTRAN_ORDER)" : ""));
        }
        RowBlocks blocks = prepare(op);
        int n = blocks.partitions();
        List<Integer> ids = new ArrayList<>(n);
        long[] elements = new long[n];
        long perRow = op.outRowBytes() / op.outDType().byteSize();
        for (int p = 0; p < n; p++) {
            ids.add(p);
            elements[p] = (blocks.stop(p) - blocks.start(p)) * perRow;
        }
        long t0 = System.nanoTime();
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        PartitionRuns.run(jsc, "tessella " + op.name() + " -> " + out.path(), ids, elements,
                new BlockTask(op, blocks, out.partialPath().toString(), out.dataOffset(), threadsPerTask), progress, interval);
        if (Thread.interrupted()) {
            throw new InterruptedException("the " + op.name() + " job was interrupted");
        }
        return new SparkJobReport(op.name(), n, blocks.rowsPerPartition(), 0, Duration.ofNanos(System.nanoTime() - t0));
    }

    /**
     * Everything the driver settles before reserving an output or starting a job: what a task would trip
     * over (dtypes, strides, implementations, found on an empty block), the blocks, and whether a task's
     * off-heap memory fits the executors' overhead.
     */
    private RowBlocks prepare(BlockOp op) throws InterruptedException {
        dryRun(op);
        long bytesPerRow = Math.addExact(op.inRowBytes(), op.outRowBytes());
        RowBlocks blocks = rowsPerPartition > 0 ? new RowBlocks(op.rows(), rowsPerPartition) : RowBlocks.sized(op.rows(), bytesPerRow, partitionBytes);
        blocks = blocks.atLeast(op.minimumBlock());
        long blockRows = Math.min(blocks.rowsPerPartition(), op.rows());
        long held = Math.addExact(Math.multiplyExact(blockRows, op.outRowBytes() + op.heldInputBytesPerRow()), op.heldInputBytesFixed());
        MemoryBudget.check(spark.sparkContext().getConf(), held, "its block of " + blockRows + " rows: "
                + MemoryBudget.mib(blockRows * op.outRowBytes()) + " of output"
                + (op.heldInputBytesPerRow() + op.heldInputBytesFixed() > 0 ? " and its inputs read from Hadoop" : ""));
        return blocks;
    }

    private void dryRun(BlockOp op) throws InterruptedException {
        try (NdArray scratch = op.allocateBlock(0, 0)) {
            op.compute(ArrayOps.create().parallelism(1), scratch, 0, 0);
        } finally {
            // The driver is no executor (except in local mode, where the job's tasks open them again).
            ExecutorCache.closeIdleEverywhere();
        }
    }

    /** The task: each partition's block computed into off-heap memory and written at its offset. */
    record BlockTask(BlockOp op, RowBlocks blocks, String partial, long dataOffset, int threads)
            implements FlatMapFunction<Iterator<Integer>, long[]>, Serializable {
        @Serial
        private static final long serialVersionUID = 1L;

        @Override
        public Iterator<long[]> call(Iterator<Integer> partitions) throws Exception {
            List<long[]> done = new ArrayList<>();
            ArrayOps ops = ArrayOps.create().parallelism(threads);
            while (partitions.hasNext()) {
                int p = partitions.next();
                long t0 = System.nanoTime();
                long r0 = blocks.start(p), r1 = blocks.stop(p);
                long bytes = (r1 - r0) * op.outRowBytes();
                try (NdArray out = op.allocateBlock(r0, r1)) {
                    op.compute(ops, out, r0, r1);
                    // The block in the output's layout is one run of the file: the file's slowest axis is the one cut.
                    try (PositionedWrites w = PositionedWrites.open(Path.of(partial))) {
                        w.write(dataOffset + r0 * op.outRowBytes(), out.segment().asSlice(out.byteOffset(), bytes));
                    }
                }
                done.add(new long[] {p, System.nanoTime() - t0});
            }
            return done.iterator();
        }
    }
}
