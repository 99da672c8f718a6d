package io.tessella.spark.cli;

import com.fasterxml.jackson.jr.ob.JSON;
import io.tessella.cli.ArrayCommandSupport;
import io.tessella.cli.DoubleConverter;
import io.tessella.cli.ProgressBars;
import io.tessella.io.NpyHeader;
import io.tessella.io.OutputDirectory;
import io.tessella.io.OutputException;
import io.tessella.jobs.IndexMode;
import io.tessella.jobs.IndexResult;
import io.tessella.kernel.NativeKernel;
import io.tessella.spark.KernelSource;
import io.tessella.spark.NpySource;
import io.tessella.spark.SparkIndexJob;
import io.tessella.spark.SparkIndexResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tessella spark index}: {@code tessella index} as a Spark job. The same options and the same
 * {@code xs.npy}, {@code ys.npy}, {@code idxs.npy} (byte for byte) and {@code summary.json} in
 * {@code --out}, which appears whole when the job succeeds; {@code --format parquet} writes the rows as
 * Parquet instead. {@code --kernel} is opened here first (a library that cannot be used fails at once,
 * with the local command's line) and shipped to the executors.
 *
 * <pre>{@code tessella spark index --master local[2] --a1 a1.npy --a2 a2.npy --out result --checkpoint ckpt}</pre>
 */
@Command(name = "index", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"tessella index as a Spark job: slow_computation(a2[i], a1[i]) on every element with a1[i] > sentinel,",
                "one block of rows per partition; the coordinates and indices of the successes in row-major order."})
final class SparkIndexCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--a1", required = true, paramLabel = "A1.npy|URI", description = "Array the sentinel test reads (kernel's 2nd argument), any real dtype, read as float(a1[i]) is: a path every executor sees, or hdfs://, s3a://, file:// ...")
    String a1;

    @Option(names = "--a2", required = true, paramLabel = "A2.npy|URI", description = "Array of the same shape (kernel's 1st argument), any real dtype.")
    String a2;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory every executor writes to: xs.npy, ys.npy, idxs.npy, summary.json.")
    Path out;

    @Option(names = "--format", paramLabel = "npy|parquet", defaultValue = "npy", description = "The local command's .npy files (default), or Parquet.")
    String format;

    @Option(names = "--sentinel", paramLabel = "V", defaultValue = "-1.0e10", converter = DoubleConverter.class,
            description = "Skip elements with a1 <= V (default: ${DEFAULT-VALUE}); NaN is never skipped.")
    double sentinel;

    @Option(names = "--kernel", paramLabel = "LIB.so|java",
            description = "A kernel library with the Tessella ABI, shipped to the executors, or java for the bundled kernel's Java twin (default: the bundled one).")
    Path kernel;

    @Option(names = "--threads", paramLabel = "N", description = "Threads per task (default: spark.task.cpus).")
    Integer threads;

    @Option(names = "--mode", paramLabel = "auto|element|batch", defaultValue = "auto", description = "Kernel calls per element, per tile (batch), or batch when available (default).")
    String mode;

    @Option(names = "--checkpoint", paramLabel = "DIR", description = "Resumable run on shared storage: run again with the same arguments after a failure.")
    Path checkpoint;

    @Option(names = "--tile", paramLabel = "ELEMENTS", description = "Elements per tile inside a task (default: automatic).")
    Long tile;

    @Option(names = "--progress", description = "Show a progress bar on standard error (default when it is a terminal).")
    boolean progress;

    @Option(names = "--quiet", description = "Print nothing but errors.")
    boolean quiet;

    @Option(names = "--overwrite", description = "Replace an existing result directory (in one step, once the new one is complete).")
    boolean overwrite;

    @Mixin
    SparkOptions sparkOptions;

    @Override
    public Integer call() throws Exception {
        IndexMode indexMode = switch (mode.toLowerCase(Locale.ROOT)) {
            case "auto" -> IndexMode.AUTO;
            case "element" -> IndexMode.ELEMENT;
            case "batch" -> IndexMode.BATCH;
            default -> throw new IllegalArgumentException("--mode " + mode + " is not one of auto, element, batch");
        };
        boolean parquet = switch (format.toLowerCase(Locale.ROOT)) {
            case "npy" -> false;
            case "parquet" -> true;
            default -> throw new IllegalArgumentException("--format " + format + " is not one of npy, parquet");
        };
        if (threads != null && threads < 1) {
            throw new IllegalArgumentException("--threads " + threads + " must be at least 1");
        }
        if (progress && quiet) {
            throw new IllegalArgumentException("--progress and --quiet exclude each other");
        }
        if (Double.isNaN(sentinel)) {
            throw new IllegalArgumentException("--sentinel NaN is not a threshold: a1 <= NaN is never true, so nothing would be skipped");
        }
        if (tile != null && tile < 1) {
            throw new IllegalArgumentException("--tile " + tile + " must be at least 1 element");
        }
        boolean javaTwin = kernel != null && kernel.toString().equals(ArrayCommandSupport.JAVA_KERNEL);
        if (kernel != null && !javaTwin) {
            // The local command's check and words, before Spark starts; the job checks again and ships it.
            try (NativeKernel k = ArrayCommandSupport.kernel("--kernel", kernel)) {
                k.abiVersion();
            }
        }
        checkLocalShapes();
        try {
            return run(indexMode, parquet, javaTwin);
        } catch (NoClassDefFoundError e) {
            throw SparkCommand.sparkMissing(e);
        }
    }

    /** Inputs given as paths are checked before Spark starts, with the local command's words. */
    private void checkLocalShapes() {
        NpyHeader h1 = NpySource.hasScheme(a1) ? null : ArrayCommandSupport.header("--a1", Path.of(a1));
        NpyHeader h2 = NpySource.hasScheme(a2) ? null : ArrayCommandSupport.header("--a2", Path.of(a2));
        if (h1 != null && h2 != null && !Arrays.equals(h1.shape(), h2.shape())) {
            throw new IllegalArgumentException("--a1 shape " + Arrays.toString(h1.shape()) + " != --a2 shape " + Arrays.toString(h2.shape()));
        }
    }

    private int run(IndexMode indexMode, boolean parquet, boolean javaTwin) throws Exception {
        try (OutputDirectory dir = ArrayCommandSupport.directory("--out", out, overwrite); SparkRun run = SparkRun.start("index", sparkOptions)) {
            NpySource x1 = run.input("--a1", a1), x2 = run.input("--a2", a2);
            if (!Arrays.equals(x1.shape(), x2.shape())) {
                throw new IllegalArgumentException("--a1 shape " + Arrays.toString(x1.shape()) + " != --a2 shape " + Arrays.toString(x2.shape()));
            }
            SparkIndexJob job = SparkIndexJob.create(run.session()).sentinel(sentinel).mode(indexMode)
                    .kernel(kernel == null ? KernelSource.bundled() : javaTwin ? KernelSource.java(new JavaTwin()) : KernelSource.library(kernel))
                    .partitionBytes(sparkOptions.partitionMb << 20);
            if (sparkOptions.rowsPerPartition != null) {
                job = job.rowsPerPartition(sparkOptions.rowsPerPartition);
            }
            if (threads != null) {
                job = job.threadsPerTask(threads);
            }
            if (tile != null) {
                job = job.tileElements(tile);
            }
            if (checkpoint != null) {
                job = job.checkpoint(checkpoint);
            }
            boolean bar = !quiet && (progress || System.console() != null);
            long t0 = System.nanoTime();
            SparkIndexResult r;
            try (ProgressBars pb = bar ? ProgressBars.open("spark index", x1.size()) : null) {
                if (pb != null) {
                    job = job.progress(pb.listener(), pb.interval());
                }
                r = parquet ? job.writeParquet(x1, x2, dir) : job.writeNpy(x1, x2, dir);
            } catch (OutputException e) {
                throw ArrayCommandSupport.named("--out", out, e);
            } catch (IllegalArgumentException e) {
                String prefix = checkpoint == null ? null : "checkpoint " + checkpoint.toAbsolutePath().normalize() + ": ";
                if (prefix != null && String.valueOf(e.getMessage()).startsWith(prefix)) {
                    throw new IllegalArgumentException("--checkpoint " + checkpoint + ": " + e.getMessage().substring(prefix.length()), e);
                }
                throw e;
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            dir.writeString("summary.json", JSON.std.with(JSON.Feature.PRETTY_PRINT_OUTPUT).asString(summary(r, x1, seconds, parquet)) + "\n");
            dir.commit();
            if (!quiet) {
                PrintWriter w = spec.commandLine().getOut();
                w.printf("index: %d visited, %d skipped (sentinel), %d failed %s, %d emitted%n", r.counts().visited(), r.counts().skipped(),
                        r.counts().failed(), r.counts().failedByCode(), r.counts().emitted());
                w.printf("index: %.3f s on %s, %.0f elements/s, %d partitions of %d rows%s%n", r.report().elapsed().toNanos() / 1e9,
                        sparkOptions.master, r.elementsPerSecond(), r.report().partitions(), r.report().rowsPerPartition(),
                        r.report().resumedPartitions() > 0 ? ", " + r.report().resumedPartitions() + " resumed from the checkpoint" : "");
                w.printf("index: wrote %s%n", out.toAbsolutePath());
            }
        }
        return 0;
    }

    /** {@code --kernel java}: the bundled kernel's Java twin on every executor, as the local command runs it. */
    record JavaTwin() implements io.tessella.spark.KernelFactory {
        @Override
        public io.tessella.kernel.Kernel create() {
            return io.tessella.kernel.JavaKernel.STANDARD;
        }
    }

    private Map<String, Object> summary(SparkIndexResult r, NpySource x1, double seconds, boolean parquet) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("a1", x1.location());
        s.put("a2", a2);
        s.put("shape", x1.shape());
        s.put("sentinel", sentinel);
        s.put("visited", r.counts().visited());
        s.put("skipped", r.counts().skipped());
        s.put("failed", r.counts().failed());
        Map<String, Long> byCode = new LinkedHashMap<>();
        r.counts().failedByCode().forEach((code, n) -> byCode.put(Integer.toString(code), n));
        s.put("failedByCode", byCode);
        s.put("emitted", r.counts().emitted());
        s.put("seconds", seconds);
        s.put("jobSeconds", r.report().elapsed().toNanos() / 1e9);
        s.put("elementsPerSecond", r.elementsPerSecond());
        s.put("mode", mode.toLowerCase(Locale.ROOT));
        s.put("kernel", r.kernel());
        s.put("master", sparkOptions.master);
        s.put("partitions", r.report().partitions());
        s.put("rowsPerPartition", r.report().rowsPerPartition());
        s.put("resumedPartitions", r.report().resumedPartitions());
        s.put("format", parquet ? "parquet" : "npy");
        if (!parquet) {
            Map<String, String> files = new LinkedHashMap<>();
            for (int axis = 0; axis < x1.ndim(); axis++) {
                String name = IndexResult.coordinateName(axis, x1.ndim());
                files.put(name, out.resolve(name + ".npy").toAbsolutePath().toString());
            }
            files.put("idxs", out.resolve("idxs.npy").toAbsolutePath().toString());
            s.put("outputs", files);
        }
        return s;
    }
}
