package io.tessella.cli;

import io.tessella.io.OutputDirectory;
import io.tessella.io.OutputException;
import io.tessella.kernel.Kernel;
import io.tessella.kernel.NativeKernel;
import io.tessella.vector.VectorOps;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tessella demo}: the README's first command. Generates the recipes' data, runs every
 * implementation of each recipe with a progress bar, checks every result against an independent
 * reference, and prints a table of time, throughput, speed-up over the naive loop, peak memory and
 * whether the result was verified. Exits 0 when everything verified, {@value #EXIT_MISMATCH} when a
 * result differs from its reference (each difference is named on standard error), 2 on bad input.
 *
 * <p>The demo writes no files unless asked: {@code --out DIR} saves the inputs and results as
 * {@code .npy} files there.
 *
 * <pre>{@code
 * tessella demo                              # laptop size, about a minute on two cores
 * tessella demo --size full --out results    # the recipes' sizes (8 GB outer product), results kept
 * }</pre>
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run every recipe (outer product, index builder, 4x4 tile add, row sums) on generated data, with every",
                "implementation; print time, throughput, speed-up over the naive loop, peak memory, and verify each result.",
                "Exit status: 0 all verified, " + DemoCommand.EXIT_MISMATCH + " a result differs from its reference, 2 bad input."})
final class DemoCommand implements Callable<Integer> {
    /** Exit status when a result differs from its reference. */
    static final int EXIT_MISMATCH = 1;

    @Spec
    CommandSpec spec;

    @Option(names = "--size", paramLabel = "small|medium|full", defaultValue = "small",
            description = "Data size (default: ${DEFAULT-VALUE}, about a minute on 2 cores; full: the recipes' sizes, 8 GB outer product).")
    String size;

    @Option(names = "--out", paramLabel = "DIR", description = "Keep inputs and results as .npy files in DIR (default: nothing is saved).")
    Path out;

    @Option(names = "--kernel", paramLabel = "LIB.so|java",
            description = "The index builder's kernel library, or java for the bundled kernel's Java twin (default: the bundled one, or its Java twin where it does not load).")
    Path kernel;

    @Option(names = "--no-progress", description = "No progress bars.")
    boolean noProgress;

    /** Test hook: alters one row's result (key {@code step/implementation/threads}) so the verifier must catch it. */
    @Option(names = "--corrupt", hidden = true)
    String corrupt;

    @Mixin
    RunOptions run;

    @Override
    public Integer call() throws Exception {
        try {
            return demo();
        } catch (OutputException e) {
            throw ArrayCommandSupport.named("--out", out, e);
        }
    }

    private int demo() throws Exception {
        DemoSize demoSize = DemoSize.parse(size);
        int threads = run.threads();
        if (kernel != null && !kernel.toString().equals(ArrayCommandSupport.JAVA_KERNEL) && !Files.isRegularFile(kernel)) {
            throw new IllegalArgumentException("--kernel " + kernel + " does not exist");
        }
        OutputDirectory runDir = out != null ? ArrayCommandSupport.directory("--out", out, run.overwrite) : null;
        Kernel k = null;
        try {
            k = ArrayCommandSupport.chosenKernel("--kernel", kernel);
            PeakMemory peak = PeakMemory.ofThisProcess();
            DemoRunner runner = new DemoRunner(peak, !noProgress, corrupt, runDir, threads,
                    demoSize == DemoSize.TINY ? 0 : DemoRunner.WARM_UP_NANOS);
            List<DemoStep> steps = List.of(new OuterDemo(demoSize.outerRows, demoSize.outerCols),
                    new IndexDemo(demoSize.indexRows, demoSize.indexCols, k),
                    new AddDemo(demoSize.cubeDays, demoSize.cubeHeight, demoSize.cubeWidth),
                    new RowsumDemo(demoSize.sumRows, demoSize.sumCols));
            long t0 = System.nanoTime();
            List<DemoRow> rows = new ArrayList<>();
            for (DemoStep step : steps) {
                rows.addAll(step.run(runner));
                // Steps leave garbage on the heap (boxed results, the executor's lists); a full
                // collection lets G1 give those pages back, so the next step's peak RSS is its own.
                System.gc();
            }
            double wall = (System.nanoTime() - t0) / 1e9;
            rows = DemoTable.withSpeedUps(rows);
            List<String> notes = notes(steps, peak, demoSize, runDir);
            Map<String, Object> extra = new LinkedHashMap<>();
            extra.put("size", demoSize.label());
            extra.put("seconds", wall);
            extra.put("out", out == null ? null : runDir.path().toString());
            boolean allVerified = rows.stream().allMatch(DemoRow::verified);
            extra.put("verified", allVerified);
            PrintWriter w = spec.commandLine().getOut();
            new DemoTable(machine(k), rows, notes).print(w, run.json, extra);
            if (!run.json) {
                w.printf("%s in %.1f s (data generation, verification and saving included).%n",
                        allVerified ? "Every result equals its reference" : "VERIFICATION FAILED", wall);
                w.flush();
            }
            if (!allVerified) {
                PrintWriter err = spec.commandLine().getErr();
                for (DemoRow r : rows) {
                    if (!r.verified()) {
                        err.println("demo: " + r.step() + " / " + r.implementation() + " / " + r.threads() + " threads: " + r.mismatch());
                    }
                }
                err.flush();
                // A result that differs from its reference is not a result: nothing is kept.
                return EXIT_MISMATCH;
            }
            if (runDir != null) {
                runDir.commit();
            }
            return 0;
        } finally {
            try {
                if (k instanceof NativeKernel nk) {
                    nk.close();
                }
            } finally {
                if (runDir != null) {
                    runDir.close();
                }
            }
        }
    }

    private List<String> notes(List<DemoStep> steps, PeakMemory peak, DemoSize demoSize, OutputDirectory runDir) {
        List<String> notes = new ArrayList<>();
        notes.add("Size " + demoSize.label() + ":");
        for (DemoStep s : steps) {
            notes.add("  " + s.describe());
        }
        notes.add("* the step's naive loop, the speed-ups' reference: outer product and 4x4 add: the library's naive per-row loops;");
        notes.add("  index builder: the recipe's serial per-element loop written in the demo itself (1 thread), which is also the");
        notes.add("  reference its outputs must equal; row sums: the scalar pairwise loop.");
        notes.add("Verified: equal bit for bit to an independent reference written in the demo: y[i] * x[j] per element, a + b per");
        notes.add("  element, the serial index loop (counts, coordinates, indices and order), NumPy's pairwise sum per row.");
        notes.add("Time: the computation alone, after an untimed warm-up of each implementation, into output memory allocated and");
        notes.add("  touched before the clock starts (first-touch page faults time the OS, not the implementation); data generation,");
        notes.add("  checks and saving are not timed. The index builder allocates its own outputs inside its time.");
        notes.add("Throughput: bytes written by the result (outer, add), bytes read (row sums), elements visited (index builder).");
        notes.add(peak.isPerWindow()
                ? "Peak RSS: the process's resident high-water mark (VmHWM) during the row, reset before it via /proc/self/clear_refs;"
                        + " it includes the JVM and the step's inputs (for the index builder's rows also the serial loop's"
                        + " outputs, kept for the checks)."
                : "Peak RSS: the whole process's peak since start (this system refused to reset it via /proc/self/clear_refs).");
        String missing = OuterDemo.missingImplementations();
        if (missing != null) {
            notes.add(missing);
        }
        notes.add(out != null ? "Results kept in " + runDir.path() + " (it appears once every result is verified)" : "Results were not saved (--out DIR keeps them as .npy files).");
        notes.add("Timings on a shared or virtual machine are noisy; run again to compare.");
        return notes;
    }

    private static Map<String, Object> machine(Kernel k) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cpu", cpuModel());
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("vector", VectorOps.implementationName()
                + VectorOps.vectorUnavailableReason().map(r -> " (Vector API unavailable: " + r + ")").orElse(""));
        m.put("jdk", Runtime.version().toString() + " (" + System.getProperty("java.vm.name") + ")");
        m.put("kernel", k.description());
        return m;
    }

    private static String cpuModel() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(l -> l.startsWith("model name")).findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .orElse(System.getProperty("os.arch"));
        } catch (IOException | UncheckedIOException e) {
            return System.getProperty("os.arch");
        }
    }
}
