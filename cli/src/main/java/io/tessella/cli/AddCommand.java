package io.tessella.cli;

import io.tessella.io.NpyOutput;
import io.tessella.io.WriteOption;
import io.tessella.memory.IterationOrder;
import io.tessella.memory.DType;
import io.tessella.memory.NdArray;
import io.tessella.tiling.Cut;
import io.tessella.tiling.Tiling;
import io.tessella.jobs.ArrayOps;
import io.tessella.vector.BinaryOp;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tessella add}: recipe 4, {@code out = a + b} over same-shape arrays of any real dtype, in
 * NumPy's result dtype ({@code np.result_type(a, b)}, integers wrapping as NumPy's do) or the one
 * {@code --dtype} forces, optionally in tiles over the last two axes ({@code --tile 4x4}:
 * {@code out[:, i:i+4, j:j+4] = a[...] + b[...]}).
 *
 * <pre>{@code tessella add --a a.npy --b b.npy --out out.npy --tile 4x4 --dtype float32}</pre>
 */
@Command(name = "add", mixinStandardHelpOptions = true, sortOptions = false,
        description = "OUT = A + B (same shape, any dtype; NumPy's result dtype or --dtype) into a new .npy file; --tile RxC works in tiles"
                + " over the last two axes.")
final class AddCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--a", required = true, paramLabel = "A.npy")
    Path a;

    @Option(names = "--b", required = true, paramLabel = "B.npy")
    Path b;

    @Option(names = "--out", required = true, paramLabel = "OUT.npy")
    Path out;

    @Option(names = "--tile", paramLabel = "RxC", description = "Tiles of R x C over the last two axes, as recipe 4 (e.g. 4x4).")
    String tile;


    @Mixin
    DtypeOptions dtypes;

    @Mixin
    RunOptions run;

    @Override
    public Integer call() throws Exception {
        ArrayOps ops = dtypes.apply(run.ops());
        long[] tileSize = tile == null ? null : parseTile(tile);
        long t0 = System.nanoTime();
        try (NdArray x = ArrayCommandSupport.open("--a", a); NdArray y = ArrayCommandSupport.open("--b", b)) {
            if (!Arrays.equals(x.shape(), y.shape())) {
                throw new IllegalArgumentException("--a shape " + Arrays.toString(x.shape()) + " != --b shape " + Arrays.toString(y.shape()));
            }
            Tiling tiling = tileSize == null ? null : tiling(x.shape(), tileSize);
            DType dtype = ops.resultType(BinaryOp.ADD, x.dtype(), y.dtype());
            dtypes.checkInput("--a", a, x.dtype(), dtype);
            dtypes.checkInput("--b", b, y.dtype(), dtype);
            double compute;
            // NumPy's a + b is Fortran-ordered when both inputs are: the file follows, and all-Fortran inputs are read in place.
            WriteOption[] layout = IterationOrder.fortranResult(x, y) ? new WriteOption[] {WriteOption.FORTRAN_ORDER} : new WriteOption[0];
            try (NpyOutput o = ArrayCommandSupport.create("--out", out, run.overwrite, dtype, x.shape(), layout)) {
                long c0 = System.nanoTime();
                ops.elementwise(BinaryOp.ADD, o.array(), x, y, tiling);
                compute = (System.nanoTime() - c0) / 1e9;
                o.commit();
            }
            double total = (System.nanoTime() - t0) / 1e9;
            OpReport.of("add").put("shape", x.shape()).put("dtype", dtype.numpyName()).put("tile", tile == null ? "auto" : tile)
                    .put("tiles", tiling == null ? -1 : tiling.tileCount()).put("threads", run.threads())
                    .put("implementation", ops.implementation().name()).timed(compute, total, x.size() * dtype.byteSize())
                    .put("out", out.toAbsolutePath().toString()).print(spec.commandLine().getOut(), run.json);
        }
        return 0;
    }

    /** {@code RxC} as two positive whole numbers. */
    static long[] parseTile(String spec) {
        String[] parts = spec.toLowerCase(java.util.Locale.ROOT).split("x", -1);
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

    /** Tiles of {@code rc[0] x rc[1]} over the last two axes, the leading axes whole. */
    static Tiling tiling(long[] shape, long[] rc) {
        if (shape.length < 2) {
            throw new IllegalArgumentException("--tile " + rc[0] + "x" + rc[1] + " needs arrays of at least 2 axes; these have shape "
                    + Arrays.toString(shape));
        }
        Cut[] cuts = new Cut[shape.length];
        Arrays.fill(cuts, Cut.whole());
        cuts[shape.length - 2] = Cut.blocks(rc[0]);
        cuts[shape.length - 1] = Cut.blocks(rc[1]);
        return Tiling.of(shape, cuts);
    }
}
