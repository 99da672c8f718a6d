package io.tessella.cli;

import io.tessella.io.NpyOutput;
import io.tessella.io.WriteOption;
import io.tessella.memory.IterationOrder;
import io.tessella.memory.DType;
import io.tessella.memory.NdArray;
import io.tessella.jobs.ArrayOps;
import io.tessella.vector.Reduction;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tessella rowsum}: recipe 3's row sums, {@code S = X.sum(axis=-1)} of any real dtype, into a
 * new {@code .npy} in NumPy's accumulator dtype (int64 for bool and signed integers, uint64 for unsigned
 * ones, float32 for float32) or the one {@code --dtype} forces ({@code X.sum(axis=-1, dtype=...)}).
 *
 * <pre>{@code tessella rowsum --in x.npy --out s.npy --dtype float64}</pre>
 */
@Command(name = "rowsum", mixinStandardHelpOptions = true, sortOptions = false,
        description = "S = X.sum(axis=-1) (any dtype; NumPy's np.sum dtype or --dtype) into a new .npy file, in NumPy's own summation order"
                + " (bit-identical to X.sum(axis=-1, dtype=...)).")
final class RowsumCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--in", required = true, paramLabel = "X.npy")
    Path in;

    @Option(names = "--out", required = true, paramLabel = "S.npy")
    Path out;


    @Mixin
    DtypeOptions dtypes;

    @Mixin
    RunOptions run;

    @Override
    public Integer call() throws Exception {
        ArrayOps ops = dtypes.apply(run.ops());
        long t0 = System.nanoTime();
        try (NdArray x = ArrayCommandSupport.open("--in", in)) {
            // NumPy sums a 0-d array along axis -1 too (to +0.0 + x); its result is 0-d.
            long[] lead = Arrays.copyOf(x.shape(), Math.max(0, x.ndim() - 1));
            DType dtype = ops.reductionType(Reduction.SUM, x.dtype());
            dtypes.checkInput("--in", in, x.dtype(), dtype);
            double compute;
            // The layout NumPy gives x.sum(axis=-1), so np.save of NumPy's result and this file agree to the byte.
            WriteOption[] layout = x.ndim() > 0 && IterationOrder.fortranReduction(x) ? new WriteOption[] {WriteOption.FORTRAN_ORDER} : new WriteOption[0];
            try (NpyOutput s = ArrayCommandSupport.create("--out", out, run.overwrite, dtype, lead, layout)) {
                long c0 = System.nanoTime();
                ops.reduceLastAxis(Reduction.SUM, x, s.array());
                compute = (System.nanoTime() - c0) / 1e9;
                s.commit();
            }
            double total = (System.nanoTime() - t0) / 1e9;
            // Throughput of a reduction is what it reads.
            OpReport.of("rowsum").put("shape", x.shape()).put("dtype", x.dtype().numpyName()).put("sumDtype", dtype.numpyName())
                    .put("threads", run.threads()).put("implementation", ops.implementation().name())
                    .timed(compute, total, x.size() * x.dtype().byteSize())
                    .put("out", out.toAbsolutePath().toString()).print(spec.commandLine().getOut(), run.json);
        }
        return 0;
    }
}
