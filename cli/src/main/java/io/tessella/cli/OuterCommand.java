package io.tessella.cli;

import io.tessella.io.NpyOutput;
import io.tessella.memory.DType;
import io.tessella.memory.NdArray;
import io.tessella.vector.ArrayOps;
import io.tessella.vector.OuterImpl;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tessella outer}: recipe 1, {@code R = y[:, None] * x[None, :]} into a new {@code .npy} file
 * that NumPy opens as it is.
 *
 * <pre>{@code tessella outer --y y.npy --x x.npy --out r.npy --impl vector --threads 2 --json}</pre>
 */
@Command(name = "outer", mixinStandardHelpOptions = true, sortOptions = false,
        description = "R[i, j] = y[i] * x[j] (NumPy's x[None, :] * y[:, None], bit for bit) into a new .npy file.")
final class OuterCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--y", required = true, paramLabel = "Y.npy", description = "1-d float64 or int64 row factors (M).")
    Path y;

    @Option(names = "--x", required = true, paramLabel = "X.npy", description = "1-d float64 column factors (N).")
    Path x;

    @Option(names = "--out", required = true, paramLabel = "R.npy", description = "The M x N float64 result; appears when complete.")
    Path out;

    @Option(names = "--impl", paramLabel = "auto|vector|tiled|naive|native", defaultValue = "auto",
            description = "Implementation (default: ${DEFAULT-VALUE}, the fastest this JVM has; vector without the Vector API runs tiled, "
                    + "with one log line). The report says which ran.")
    String impl;


    @Mixin
    RunOptions run;

    @Override
    public Integer call() throws Exception {
        OuterImpl implementation = OuterImpl.parse(impl);
        ArrayOps ops = run.ops();
        long t0 = System.nanoTime();
        try (NdArray ya = ArrayCommandSupport.open("--y", y); NdArray xa = ArrayCommandSupport.open("--x", x)) {
            // np.outer(y, x): factors of any shape are raveled, so 1-d ones give x[None, :] * y[:, None].
            long m = ya.size(), n = xa.size();
            double compute;
            OuterImpl ran;
            try (NpyOutput r = ArrayCommandSupport.create("--out", out, run.overwrite, DType.FLOAT64, new long[] {m, n})) {
                long c0 = System.nanoTime();
                ran = ops.outer(r.array(), ya, xa, implementation);
                compute = (System.nanoTime() - c0) / 1e9;
                r.commit();
            }
            double total = (System.nanoTime() - t0) / 1e9;
            OpReport.of("outer").put("rows", m).put("cols", n).put("impl", ran.name().toLowerCase(Locale.ROOT))
                    .put("threads", run.threads()).timed(compute, total, m * n * 8)
                    .put("out", out.toAbsolutePath().toString()).print(spec.commandLine().getOut(), run.json);
        }
        return 0;
    }
}
