package io.tessella.cli;

import com.fasterxml.jackson.jr.ob.JSON;
import io.tessella.io.OutputDirectory;
import io.tessella.io.OutputException;
import io.tessella.jobs.CheckpointException;
import io.tessella.jobs.IndexBuilder;
import io.tessella.jobs.IndexMode;
import io.tessella.jobs.IndexResult;
import io.tessella.kernel.Kernel;
import io.tessella.kernel.NativeKernel;
import io.tessella.memory.NdArray;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tessella index}: recipe 2 on {@code .npy} inputs. Writes {@code xs.npy}, {@code ys.npy} (one
 * coordinate file per axis), {@code idxs.npy} and {@code summary.json} into {@code --out}.
 *
 * <pre>{@code
 * tessella index --a1 a1.npy --a2 a2.npy --out result --threads 2 --checkpoint ckpt --progress
 * }</pre>
 */
@Command(name = "index", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Call slow_computation(a2[i], a1[i]) on every element with a1[i] > sentinel, in parallel tiles;",
                "write the coordinates and indices of the successes in row-major order."})
final class IndexCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--a1", required = true, paramLabel = "A1.npy", description = "Array the sentinel test reads (kernel's 2nd argument), any real dtype, read as float(a1[i]) is.")
    Path a1;

    @Option(names = "--a2", required = true, paramLabel = "A2.npy", description = "Array of the same shape (kernel's 1st argument), any real dtype.")
    Path a2;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory: xs.npy, ys.npy, idxs.npy, summary.json.")
    Path out;

    @Option(names = "--sentinel", paramLabel = "V", defaultValue = "-1.0e10", converter = DoubleConverter.class,
            description = "Skip elements with a1 <= V (default: ${DEFAULT-VALUE}); NaN is never skipped.")
    double sentinel;

    @Option(names = "--kernel", paramLabel = "LIB.so|java",
            description = "A kernel library with the Tessella ABI, or java for the bundled kernel's Java twin (default: the bundled one, or its Java twin where it does not load).")
    Path kernel;

    @Option(names = "--threads", paramLabel = "N", description = "Tiles run at once (default: all cores).")
    Integer threads;

    @Option(names = "--mode", paramLabel = "auto|element|batch", defaultValue = "auto",
            description = "Kernel calls per element, per tile (batch), or batch when available (default).")
    String mode;

    @Option(names = "--checkpoint", paramLabel = "DIR", description = "Resumable run: start again with the same arguments after a crash.")
    Path checkpoint;

    @Option(names = "--tile", paramLabel = "ELEMENTS", description = "Elements per tile (default: automatic).")
    Long tile;

    @Option(names = "--progress", description = "Show a progress bar on standard error (default when it is a terminal).")
    boolean progress;

    @Option(names = "--quiet", description = "Print nothing but errors.")
    boolean quiet;

    @Option(names = "--overwrite", description = "Replace an existing result directory (in one step, once the new one is complete).")
    boolean overwrite;

    @Override
    public Integer call() throws Exception {
        IndexMode indexMode = switch (mode.toLowerCase(Locale.ROOT)) {
            case "auto" -> IndexMode.AUTO;
            case "element" -> IndexMode.ELEMENT;
            case "batch" -> IndexMode.BATCH;
            default -> throw new IllegalArgumentException("--mode " + mode + " is not one of auto, element, batch");
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
        Kernel k = ArrayCommandSupport.chosenKernel("--kernel", kernel);
        try (NdArray x1 = ArrayCommandSupport.open("--a1", a1); NdArray x2 = ArrayCommandSupport.open("--a2", a2)) {
            if (!java.util.Arrays.equals(x1.shape(), x2.shape())) {
                throw new IllegalArgumentException("--a1 shape " + java.util.Arrays.toString(x1.shape()) + " != --a2 shape "
                        + java.util.Arrays.toString(x2.shape()));
            }
            runInto(k, x1, x2, indexMode);
        } finally {
            if (k instanceof NativeKernel nk) {
                nk.close();
            }
        }
        return 0;
    }

    private void runInto(Kernel k, NdArray x1, NdArray x2, IndexMode indexMode) throws Exception {
        try {
            write(k, x1, x2, indexMode);
        } catch (OutputException e) {
            throw ArrayCommandSupport.named("--out", out, e);
        }
    }

    private void write(Kernel k, NdArray x1, NdArray x2, IndexMode indexMode) throws Exception {
        try (OutputDirectory dir = ArrayCommandSupport.directory("--out", out, overwrite)) {
            IndexBuilder b = IndexBuilder.create().kernel(k).sentinel(sentinel).mode(indexMode).output(dir);
            if (threads != null) {
                b = b.parallelism(threads);
            }
            if (tile != null) {
                b = b.tileElements(tile);
            }
            if (checkpoint != null) {
                b = b.checkpoint(checkpoint);
            }
            boolean bar = !quiet && (progress || System.console() != null);
            long t0 = System.nanoTime();
            IndexResult r;
            try {
                if (bar) {
                    try (ProgressBars pb = ProgressBars.open("index", x1.size())) {
                        r = b.progress(pb.listener(), pb.interval()).run(x1, x2);
                    }
                } else {
                    r = b.run(x1, x2);
                }
            } catch (CheckpointException e) {
                throw new IllegalArgumentException("--checkpoint " + checkpoint + ": " + e.reason(), e);
            }
            try (r) {
                double seconds = (System.nanoTime() - t0) / 1e9;
                Map<String, Object> summary = summary(r, x1, seconds, k);
                // Last, and then the whole directory at once: a summary.json means the result is complete.
                dir.writeString("summary.json", JSON.std.with(JSON.Feature.PRETTY_PRINT_OUTPUT).asString(summary) + "\n");
                dir.commit();
                if (!quiet) {
                    PrintWriter w = spec.commandLine().getOut();
                    w.printf("index: %d visited, %d skipped (sentinel), %d failed %s, %d emitted%n", r.counts().visited(),
                            r.counts().skipped(), r.counts().failed(), r.counts().failedByCode(), r.counts().emitted());
                    w.printf("index: %.3f s kernel pass, %.0f elements/s, mode %s, %d threads%s%n", r.elapsed().toNanos() / 1e9,
                            r.elementsPerSecond(), r.mode().name().toLowerCase(Locale.ROOT), r.parallelism(),
                            r.resumedTiles() > 0 ? ", " + r.resumedTiles() + " of " + r.tiles() + " tiles resumed from the checkpoint" : "");
                    w.printf("index: wrote %s%n", out.toAbsolutePath());
                }
            }
        }
    }

    private Map<String, Object> summary(IndexResult r, NdArray x1, double seconds, Kernel k) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("a1", a1.toAbsolutePath().toString());
        s.put("a2", a2.toAbsolutePath().toString());
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
        s.put("kernelSeconds", r.elapsed().toNanos() / 1e9);
        s.put("elementsPerSecond", r.elementsPerSecond());
        s.put("mode", r.mode().name().toLowerCase(Locale.ROOT));
        s.put("threads", r.parallelism());
        s.put("kernel", k.description());
        s.put("tiles", r.tiles());
        s.put("resumedTiles", r.resumedTiles());
        s.put("rateFirstDecile", r.rateFirstDecile());
        s.put("rateLastDecile", r.rateLastDecile());
        Map<String, String> files = new LinkedHashMap<>();
        for (int axis = 0; axis < r.coordinates().size(); axis++) {
            String name = IndexResult.coordinateName(axis, r.coordinates().size());
            files.put(name, out.resolve(name + ".npy").toAbsolutePath().toString());
        }
        files.put("idxs", out.resolve("idxs.npy").toAbsolutePath().toString());
        s.put("outputs", files);
        return s;
    }
}
