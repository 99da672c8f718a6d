package io.tessella.spark.cli;

import io.tessella.cli.ArrayCommandSupport;
import io.tessella.cli.OpReport;
import io.tessella.io.NpyHeader;
import io.tessella.io.NpyOutput;
import io.tessella.io.OutputException;
import io.tessella.memory.DType;
import io.tessella.spark.NpySource;
import io.tessella.spark.SparkArrayJob;
import io.tessella.spark.SparkJobReport;
import io.tessella.jobs.OuterImpl;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tessella spark outer|add|rowsum}: the local array commands as Spark jobs, with their options and
 * their output file, byte for byte, reserved here before Spark starts and published when every block is
 * written.
 */
final class SparkArrayCommands {
    private SparkArrayCommands() {
    }

    /** Options every array command shares with its local twin. */
    static final class RunOptions {
        @Option(names = "--threads", paramLabel = "N", description = "Threads per task (default: spark.task.cpus).")
        Integer threads;

        @Option(names = "--json", description = "Print one JSON object instead of text.")
        boolean json;

        @Option(names = "--overwrite", description = "Replace an existing output (atomically, once the new one is complete).")
        boolean overwrite;

        SparkArrayJob job(SparkRun run, SparkOptions o) {
            if (threads != null && threads < 1) {
                throw new IllegalArgumentException("--threads " + threads + " must be at least 1");
            }
            SparkArrayJob job = SparkArrayJob.create(run.session()).partitionBytes(o.partitionMb << 20);
            if (o.rowsPerPartition != null) {
                job = job.rowsPerPartition(o.rowsPerPartition);
            }
            return threads == null ? job : job.threadsPerTask(threads);
        }
    }

    /** A local path's header before Spark starts (the local words), or null for a URI (checked once Spark is up). */
    static NpyHeader header(String option, String location) {
        return NpySource.hasScheme(location) ? null : ArrayCommandSupport.header(option, Path.of(location));
    }

    /** {@code tessella spark outer}. */
    @Command(name = "outer", mixinStandardHelpOptions = true, sortOptions = false,
            description = "tessella outer as a Spark job: R[i, j] = y[i] * x[j] into a new .npy file, one block of rows per partition.")
    static final class Outer implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--y", required = true, paramLabel = "Y.npy|URI", description = "1-d float64 or int64 row factors (M).")
        String y;

        @Option(names = "--x", required = true, paramLabel = "X.npy|URI", description = "1-d float64 column factors (N).")
        String x;

        @Option(names = "--out", required = true, paramLabel = "R.npy", description = "The M x N float64 result, on storage every executor writes to.")
        Path out;

        @Option(names = "--impl", paramLabel = "auto|vector|tiled|naive|native", defaultValue = "auto",
                description = "Implementation (default: ${DEFAULT-VALUE}, the fastest each executor has). The report says which the driver would run.")
        String impl;

        @Mixin
        RunOptions run;

        @Mixin
        SparkOptions sparkOptions;

        @Override
        public Integer call() throws Exception {
            OuterImpl implementation = OuterImpl.parse(impl);
            header("--y", y);
            header("--x", x);
            long t0 = System.nanoTime();
            try (SparkRun spark = SparkRun.start("outer", sparkOptions)) {
                NpySource ys = spark.input("--y", y), xs = spark.input("--x", x);
                // np.outer(y, x): factors of any shape are raveled.
                long m = ys.size(), n = xs.size();
                SparkJobReport report;
                try (NpyOutput r = ArrayCommandSupport.create("--out", out, run.overwrite, SparkArrayJob.outerType(ys, xs), new long[] {m, n})) {
                    report = commit(r, () -> run.job(spark, sparkOptions).outer(ys, xs, r, implementation));
                }
                OpReport.of("outer").put("rows", m).put("cols", n).put("impl", implementation.resolve().name().toLowerCase(Locale.ROOT))
                        .put("master", sparkOptions.master).put("partitions", report.partitions())
                        .timed(report.elapsed().toNanos() / 1e9, (System.nanoTime() - t0) / 1e9, m * n * 8)
                        .put("out", out.toAbsolutePath().toString()).print(spec.commandLine().getOut(), run.json);
            } catch (NoClassDefFoundError e) {
                throw SparkCommand.sparkMissing(e);
            }
            return 0;
        }

        private SparkJobReport commit(NpyOutput r, Job job) throws Exception {
            return SparkArrayCommands.commit("--out", out, r, job);
        }
    }

    /** {@code tessella spark add}. */
    @Command(name = "add", mixinStandardHelpOptions = true, sortOptions = false,
            description = "tessella add as a Spark job: OUT = A + B (float64, same shape) into a new .npy file; --tile RxC works in tiles over the last two axes.")
    static final class Add implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--a", required = true, paramLabel = "A.npy|URI")
        String a;

        @Option(names = "--b", required = true, paramLabel = "B.npy|URI")
        String b;

        @Option(names = "--out", required = true, paramLabel = "OUT.npy")
        Path out;

        @Option(names = "--tile", paramLabel = "RxC", description = "Tiles of R x C over the last two axes, as recipe 4 (e.g. 4x4).")
        String tile;

        @Mixin
        RunOptions run;

        @Mixin
        SparkOptions sparkOptions;

        @Override
        public Integer call() throws Exception {
            long[] tileSize = tile == null ? null : parseTile(tile);
            NpyHeader ha = header("--a", a), hb = header("--b", b);
            if (ha != null && hb != null && !Arrays.equals(ha.shape(), hb.shape())) {
                throw new IllegalArgumentException("--a shape " + Arrays.toString(ha.shape()) + " != --b shape " + Arrays.toString(hb.shape()));
            }
            long t0 = System.nanoTime();
            try (SparkRun spark = SparkRun.start("add", sparkOptions)) {
                NpySource as = spark.input("--a", a), bs = spark.input("--b", b);
                if (!Arrays.equals(as.shape(), bs.shape())) {
                    throw new IllegalArgumentException("--a shape " + Arrays.toString(as.shape()) + " != --b shape " + Arrays.toString(bs.shape()));
                }
                if (tileSize != null && as.ndim() < 2) {
                    throw new IllegalArgumentException("--tile " + tileSize[0] + "x" + tileSize[1] + " needs arrays of at least 2 axes; these have shape "
                            + Arrays.toString(as.shape()));
                }
                SparkJobReport report;
                // NumPy's a + b is Fortran-ordered when both inputs are: the file follows, as the local command's does.
                try (NpyOutput o = ArrayCommandSupport.create("--out", out, run.overwrite, SparkArrayJob.addType(as, bs), as.shape(), SparkArrayJob.addLayout(as, bs))) {
                    report = SparkArrayCommands.commit("--out", out, o, () -> run.job(spark, sparkOptions).add(as, bs, tileSize, o));
                }
                OpReport.of("add").put("shape", as.shape()).put("tile", tile == null ? "auto" : tile).put("master", sparkOptions.master)
                        .put("partitions", report.partitions()).timed(report.elapsed().toNanos() / 1e9, (System.nanoTime() - t0) / 1e9, as.size() * 8)
                        .put("out", out.toAbsolutePath().toString()).print(spec.commandLine().getOut(), run.json);
            } catch (NoClassDefFoundError e) {
                throw SparkCommand.sparkMissing(e);
            }
            return 0;
        }

        /** {@code RxC} as two positive whole numbers (the local command's rule and words). */
        static long[] parseTile(String spec) {
            String[] parts = spec.toLowerCase(Locale.ROOT).split("x", -1);
            try {
                if (parts.length == 2) {
                    long r = Long.parseLong(parts[0]), c = Long.parseLong(parts[1]);
                    if (r >= 1 && c >= 1) {
                        return new long[] {r, c};
                    }
                }
            } catch (NumberFormatException e) {
                // The message below says what is expected.
            }
            throw new IllegalArgumentException("--tile " + spec + " must be RxC with two positive whole numbers (e.g. 4x4)");
        }
    }

    /** {@code tessella spark rowsum}. */
    @Command(name = "rowsum", mixinStandardHelpOptions = true, sortOptions = false,
            description = "tessella rowsum as a Spark job: S = X.sum(axis=-1) (float64) into a new .npy file, in NumPy's pairwise order.")
    static final class Rowsum implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--in", required = true, paramLabel = "X.npy|URI")
        String in;

        @Option(names = "--out", required = true, paramLabel = "S.npy")
        Path out;

        @Mixin
        RunOptions run;

        @Mixin
        SparkOptions sparkOptions;

        @Override
        public Integer call() throws Exception {
            header("--in", in);
            long t0 = System.nanoTime();
            try (SparkRun spark = SparkRun.start("rowsum", sparkOptions)) {
                NpySource x = spark.input("--in", in);
                SparkJobReport report;
                // NumPy sums a 0-d array too (its result is 0-d); the result's layout is NumPy's, as the local command's.
                try (NpyOutput s = ArrayCommandSupport.create("--out", out, run.overwrite, SparkArrayJob.rowsumType(x), Arrays.copyOf(x.shape(), Math.max(0, x.ndim() - 1)),
                        SparkArrayJob.rowsumLayout(x))) {
                    report = SparkArrayCommands.commit("--out", out, s, () -> run.job(spark, sparkOptions).rowsum(x, s));
                }
                OpReport.of("rowsum").put("shape", x.shape()).put("master", sparkOptions.master).put("partitions", report.partitions())
                        .timed(report.elapsed().toNanos() / 1e9, (System.nanoTime() - t0) / 1e9, x.size() * 8)
                        .put("out", out.toAbsolutePath().toString()).print(spec.commandLine().getOut(), run.json);
            } catch (NoClassDefFoundError e) {
                throw SparkCommand.sparkMissing(e);
            }
            return 0;
        }
    }

    /** A job writing into a reserved output. */
    interface Job {
        SparkJobReport run() throws Exception;
    }

    /** Runs the job and publishes the output; a write failure names the option. */
    static SparkJobReport commit(String option, Path path, NpyOutput output, Job job) throws Exception {
        try {
            SparkJobReport r = job.run();
            output.commit();
            return r;
        } catch (OutputException e) {
            throw ArrayCommandSupport.named(option, path, e);
        }
    }
}
