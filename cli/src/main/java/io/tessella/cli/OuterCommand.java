package io.tessella.cli;

import io.tessella.io.NpyOutput;
import io.tessella.memory.DType;
import io.tessella.memory.NdArray;
import io.tessella.jobs.ArrayOps;
import io.tessella.jobs.OuterImpl;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tessella outer}: recipe 1, {@code R = y[:, None] * x[None, :]} of factors of any real dtype,
 * in NumPy's result dtype ({@code np.result_type(y, x)}; integers wrap as NumPy's do) or the one
 * {@code --dtype} forces, into a new {@code .npy} file that NumPy opens as it is.
 *
 * <pre>{@code tessella outer --y y.npy --x x.npy --out r.npy --impl vector --threads 2 --json}</pre>
 */
@Command(name = "outer", mixinStandardHelpOptions = true, sortOptions = false,
        description = "R[i, j] = y[i] * x[j] (NumPy's x[None, :] * y[:, None], bit for bit, in its dtype or --dtype) into a new .npy file.")
final class OuterCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--y", required = true, paramLabel = "Y.npy", description = "Row factors (M, raveled), any real dtype.")
    Path y;

    @Option(names = "--x", required = true, paramLabel = "X.npy", description = "Column factors (N, raveled), any real dtype.")
    Path x;

    @Option(names = "--out", required = true, paramLabel = "R.npy", description = "The M x N result; appears when complete.")
    Path out;

    @Option(names = "--impl", paramLabel = "auto|vector|tiled|naive|native", defaultValue = "auto",
            description = "Implementation (default: ${DEFAULT-VALUE}: native, whose streaming stores bypass the cache, for a float64 result "
                    + "larger than the last-level cache, else the fastest this JVM has; vector without the Vector API runs tiled, "
                    + "with one log line). The report says which ran.")
    String impl;


    @Mixin
    DtypeOptions dtypes;

    @Mixin
    RunOptions run;

    @Override
    public Integer call() throws Exception {
        OuterImpl implementation = OuterImpl.parse(impl);
        ArrayOps ops = dtypes.apply(run.ops());
        long t0 = System.nanoTime();
        try (NdArray ya = ArrayCommandSupport.open("--y", y); NdArray xa = ArrayCommandSupport.open("--x", x)) {
            // np.outer(y, x): factors of any shape are raveled, so 1-d ones give x[None, :] * y[:, None].
            long m = ya.size(), n = xa.size();
            DType dtype = ops.outerType(ya.dtype(), xa.dtype());
            dtypes.checkInput("--y", y, ya.dtype(), dtype);
            dtypes.checkInput("--x", x, xa.dtype(), dtype);
            if (implementation == OuterImpl.NATIVE && dtype != DType.FLOAT64) {
                throw new IllegalArgumentException("--impl native computes float64 products only; this product is " + dtype.numpyName()
                        + ": use --impl auto, or --dtype float64");
            }
            double compute;
            OuterImpl ran;
            try (NpyOutput r = ArrayCommandSupport.create("--out", out, run.overwrite, dtype, new long[] {m, n})) {
                long c0 = System.nanoTime();
                ran = ops.outer(r.array(), ya, xa, implementation);
                compute = (System.nanoTime() - c0) / 1e9;
                r.commit();
            }
            double total = (System.nanoTime() - t0) / 1e9;
            OpReport.of("outer").put("rows", m).put("cols", n).put("dtype", dtype.numpyName()).put("impl", ran.name().toLowerCase(Locale.ROOT))
                    .put("threads", run.threads()).timed(compute, total, m * n * dtype.byteSize())
                    .put("out", out.toAbsolutePath().toString()).print(spec.commandLine().getOut(), run.json);
        }
        return 0;
    }
}
