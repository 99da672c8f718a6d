package io.tessella.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Writes {@code summary.md}: the machine and its CPU model; a headline table with each recipe's Tessella
 * figure beside the strongest peer and the C or bandwidth bound, and a chart per recipe; then one section
 * per suite (outer product on one thread and on all cores, index builder and its targets, kernel calls,
 * scheduling, input layouts, dtypes, whole processes, Python peers) with each Tessella path as a ratio to the baseline measured
 * in the same run. Absolute values carry JMH's error as {@code ±}; what was not measured says so. Stateless.
 *
 * <pre>{@code
 * String md = SummaryWriter.render(machine, findings, peers, List.of("outer_gbps.png"));
 * }</pre>
 */
public final class SummaryWriter {
    static final String NOT_MEASURED = "not measured";

    private SummaryWriter() {
    }

    /** Renders and writes {@code file}. */
    public static void write(Path file, Machine machine, Findings f, PeerResults peers, List<String> charts) throws IOException {
        Files.writeString(file, render(machine, f, peers, charts));
    }

    /** The summary as Markdown; {@code charts} are the PNG file names written beside it. */
    public static String render(Machine machine, Findings f, PeerResults peers, List<String> charts) {
        StringBuilder s = new StringBuilder();
        s.append("# Tessella benchmark summary\n\n");
        s.append("Machine: ").append(machine.line()).append("\n\n");
        s.append("CPU model: ").append(machine.cpu()).append(" (results differ between CPU models and vendors: a store-bound path "
                + "can gain 2× from streaming stores on one and nothing on another).\n\n");
        if ("quick".equals(machine.fields().get("mode"))) {
            s.append("Quick mode (`bench/run.sh --quick`): short runs on a few parameters, to check the suite end to end; not numbers to quote.\n\n");
        }
        s.append("Ratios compare paths measured in the same run on the same data; absolute values depend on the machine. ")
                .append("`±` is JMH's 99.9% confidence half-width (absent when a run had too few iterations).\n\n");
        headline(s, f, charts);
        outer(s, f, charts);
        parallelOuter(s, f);
        index(s, f, charts);
        indexTargets(s, f);
        kernelCalls(s, f);
        scheduling(s, f, charts);
        layouts(s, f);
        dtypes(s, f);
        process(s, f);
        peers(s, f, peers);
        return s.toString();
    }

    private static void headline(StringBuilder s, Findings f, List<String> charts) {
        s.append("## Each recipe: Tessella, the strongest peer, and the C or bandwidth bound\n\n");
        if (f.headline().isEmpty()) {
            s.append("Nothing measured.\n\n");
            return;
        }
        MarkdownTable t = new MarkdownTable("recipe", "Tessella", "ns/element", "strongest peer", "ns/element", "Tessella time ÷ peer time",
                "bound", "ns/element", "Tessella time ÷ bound time");
        for (Findings.HeadlineRow r : f.headline()) {
            t.row(r.recipe(), r.tessellaLabel(), r.tessella().map(Measure::format).orElse(NOT_MEASURED),
                    r.peer().map(p -> p.label() + ", NumPy " + p.numpy()).orElse(NOT_MEASURED),
                    r.peer().map(p -> Measure.number(p.nsPerElement())).orElse(NOT_MEASURED),
                    r.tessella().flatMap(m -> r.peer().map(p -> ratio(m.value() / p.nsPerElement()))).orElse(NOT_MEASURED),
                    r.boundLabel(), r.bound().map(Measure::format).orElse(NOT_MEASURED),
                    r.tessella().flatMap(m -> r.bound().map(b -> ratio(Measure.ratio(m, b)))).orElse(NOT_MEASURED));
        }
        s.append(t.render()).append('\n');
        s.append("Time ratios: below 1.00× Tessella takes less time per element. A peer's figure is its best of a few runs (no error bar); "
                + "Tessella's and the bounds' carry JMH's. Each peer's threads are in its name; the strongest is the one with the least time per "
                + "element among those measured, on whichever interpreter had it (see the peers' table).\n\n");
        for (String chart : Charts.RECIPE_FILES) {
            chart(s, charts, chart, "Recipe " + Charts.RECIPES.get(chart) + ": ns per element");
        }
    }

    private static void indexTargets(StringBuilder s, Findings f) {
        if (f.indexTargets().isEmpty()) {
            return;
        }
        s.append("## Index builder against its targets (issue 19)\n\n");
        MarkdownTable t = new MarkdownTable("target", "time ratio", "at most", "met");
        for (Findings.TargetRow r : f.indexTargets()) {
            t.row(r.target(), r.ratio().map(SummaryWriter::ratio).orElse(NOT_MEASURED), ratio(r.limit()),
                    r.ratio().map(m -> met(m, r.limit())).orElse(NOT_MEASURED));
        }
        s.append(t.render()).append('\n');
        s.append("Each ratio's error follows from the two JMH errors (the numba peer's best-of time has none). \"yes\" and \"no\" hold "
                + "across the error; \"within error\" means the limit lies inside it.\n\n");
    }

    /** Whether a ratio with its error is at most {@code limit}: yes, no, or within error. */
    static String met(Measure ratio, double limit) {
        double e = Double.isNaN(ratio.error()) ? 0 : ratio.error();
        if (ratio.value() + e <= limit) {
            return "yes";
        }
        return ratio.value() - e > limit ? "no" : "within error";
    }

    private static void process(StringBuilder s, Findings f) {
        s.append("## Whole processes: .npy in to .npy out, start-up included\n\n");
        if (f.process().isEmpty()) {
            s.append("Whole-process peers: ").append(NOT_MEASURED).append(".\n\n");
            return;
        }
        MarkdownTable t = new MarkdownTable("recipe", "elements", "bin/tessella s", "fastest Python", "Python s", "Tessella time ÷ Python time",
                "every Python peer, s");
        for (Findings.ProcessRow r : f.process()) {
            Optional<PeerRecord> py = r.python().stream().findFirst();
            long elements = r.tessella().or(() -> py).map(PeerRecord::elements).orElse(0L);
            t.row(r.suite().substring(Findings.PROCESS.length()) + (r.kernel() != null ? ", " + r.kernel() + " kernel" : ""),
                    String.valueOf(elements), r.tessella().map(p -> seconds(p.bestSeconds())).orElse(NOT_MEASURED),
                    py.map(p -> p.label() + ", NumPy " + p.numpy()).orElse(NOT_MEASURED), py.map(p -> seconds(p.bestSeconds())).orElse(NOT_MEASURED),
                    r.tessella().flatMap(tc -> py.map(p -> ratio(tc.bestSeconds() / p.bestSeconds()))).orElse(NOT_MEASURED),
                    String.join(", ", r.python().stream().map(p -> p.peer() + " " + seconds(p.bestSeconds())).toList()));
        }
        s.append(t.render()).append('\n');
        s.append("Best of a few runs of each whole program, timed from its start to its exit (`bench/peers/recipe_process.py`): "
                + "interpreter or JVM start-up, imports, JIT compilation and the file I/O included, inputs in the page cache.\n\n");
    }

    static String seconds(double s) {
        return Measure.number(s);
    }

    private static void outer(StringBuilder s, Findings f, List<String> charts) {
        s.append("## Outer product (recipe 1), one thread: GB/s written\n\n");
        if (f.outer().isEmpty()) {
            s.append("OuterProductBenchmark: ").append(NOT_MEASURED).append(".\n\n");
            return;
        }
        List<String> header = new ArrayList<>(List.of("output", "bytes"));
        Findings.OUTER_IMPLEMENTATIONS.values().forEach(header::add);
        header.add(Findings.STORE_LABEL);
        MarkdownTable t = new MarkdownTable(header.toArray(String[]::new));
        for (Findings.OuterRow row : f.outer()) {
            List<String> cells = new ArrayList<>(List.of(row.shape(), bytes(row.bytes())));
            for (String method : Findings.OUTER_IMPLEMENTATIONS.keySet()) {
                Measure m = row.gbps().get(method);
                cells.add(m == null ? NOT_MEASURED : m.format() + row.store().map(st -> " (" + ratio(m.value() / st.value()) + ")").orElse(""));
            }
            cells.add(row.store().map(Measure::format).orElse(NOT_MEASURED));
            t.row(cells.toArray(String[]::new));
        }
        s.append(t.render()).append('\n');
        s.append("In parentheses: the ratio to the store bandwidth on the same buffer (1.00× = as fast as writing the bytes with nothing computed).\n\n");
        chart(s, charts, Charts.OUTER, "Outer product GB/s");
    }

    private static void parallelOuter(StringBuilder s, Findings f) {
        s.append("## Outer product (recipe 1) on all cores: GB/s written\n\n");
        if (f.parallelOuter().isEmpty()) {
            s.append("ParallelOuterBenchmark: ").append(NOT_MEASURED).append(".\n\n");
            return;
        }
        List<String> header = new ArrayList<>(List.of("output", "threads", "bytes"));
        Findings.PARALLEL_OUTER_IMPLEMENTATIONS.values().forEach(header::add);
        header.add(Findings.PARALLEL_STORE_LABEL);
        MarkdownTable t = new MarkdownTable(header.toArray(String[]::new));
        for (Findings.ParallelOuterRow row : f.parallelOuter()) {
            List<String> cells = new ArrayList<>(List.of(row.shape(), String.valueOf(row.threads()), bytes(row.bytes())));
            for (String method : Findings.PARALLEL_OUTER_IMPLEMENTATIONS.keySet()) {
                Measure m = row.gbps().get(method);
                cells.add(m == null ? NOT_MEASURED : m.format() + row.store().map(st -> " (" + ratio(m.value() / st.value()) + ")").orElse(""));
            }
            cells.add(row.store().map(Measure::format).orElse(NOT_MEASURED));
            t.row(cells.toArray(String[]::new));
        }
        s.append(t.render()).append('\n');
        s.append("One call of `ArrayOps.outer` per implementation into an already-touched output (the fresh-output columns allocate and fault in a new one), "
                + "beside C fills of the same buffer on the same row tiles and threads. In parentheses: the ratio to the streaming-store bandwidth.\n\n");
    }

    private static void kernelCalls(StringBuilder s, Findings f) {
        s.append("## Kernel calls: ns per element\n\n");
        if (f.kernelCalls().isEmpty()) {
            s.append("KernelCallBenchmark: ").append(NOT_MEASURED).append(".\n\n");
            return;
        }
        MarkdownTable t = new MarkdownTable("path", "ns/element", "time ÷ C loop time");
        for (Findings.KernelCallRow row : f.kernelCalls()) {
            t.row(row.label(), row.nsPerElement().format(),
                    row.cLoop().map(c -> ratio(row.nsPerElement().value() / c.value())).orElse(NOT_MEASURED));
        }
        s.append(t.render()).append('\n');
        s.append("The bundled `slow_computation` on 4096 elements per call, one thread, every way Tessella can call it; the C loop calls it from C.\n\n");
    }

    private static void index(StringBuilder s, Findings f, List<String> charts) {
        s.append("## Index builder (recipe 2): ns per element\n\n");
        if (f.index().isEmpty()) {
            s.append("IndexBuilderBenchmark: ").append(NOT_MEASURED).append(".\n\n");
            return;
        }
        MarkdownTable t = new MarkdownTable("kernel", "mode", "threads", "Tessella ns/element", "C loop ns/element (1 thread)",
                "Tessella time ÷ C loop time", "Tessella − C loop, ns/element", "C recipe ns/element (same threads)", "Tessella time ÷ C recipe time");
        for (Findings.IndexRow row : f.index()) {
            t.row(row.kernel(), row.mode(), String.valueOf(row.threads()), row.tessella().format(),
                    row.cLoop().map(Measure::format).orElse(NOT_MEASURED),
                    row.cLoop().map(c -> ratio(row.tessella().value() / c.value())).orElse(NOT_MEASURED),
                    row.cLoop().map(c -> signed(row.tessella().value() - c.value())).orElse(NOT_MEASURED),
                    row.cRecipe().map(Measure::format).orElse(NOT_MEASURED),
                    row.cRecipe().map(c -> ratio(row.tessella().value() / c.value())).orElse(NOT_MEASURED));
        }
        s.append(t.render()).append('\n');
        s.append("Below 1.00×, Tessella builds the index in less time per element than the C baseline. "
                + "The C loop calls the kernel on every element into buffers it reuses, on one thread; the C recipe is the recipe's whole loop "
                + "written in C on as many threads as Tessella (the sentinel test, a call per remaining element, and the successes' coordinates "
                + "and indices appended to fresh arrays mapped as Tessella maps its outputs), the job Tessella does. Kernels: the bundled one "
                + "(about 70 ns a call) and the bench-only cheap one (a few ns a call), with which the builder's own cost shows.\n\n");
        if (!f.indexOverhead().isEmpty()) {
            s.append("The builder alone, with a kernel that does nothing (IndexOverheadBenchmark, 1 thread): ");
            s.append(String.join(", ", f.indexOverhead().entrySet().stream().map(e -> e.getKey() + " " + e.getValue().format() + " ns/element").toList()));
            s.append(". That is the sentinel pass, the coordinate writes, the fresh outputs' first touch and the scheduling, which "
                    + "both modes pay and the C loop (no sentinel test, preallocated buffers, no outputs to build) does not.\n\n");
        }
        chart(s, charts, Charts.INDEX, "Index builder ns/element");
    }

    private static void scheduling(StringBuilder s, Findings f, List<String> charts) {
        s.append("## Scheduling overhead by tile count: ns per tile above the floor\n\n");
        if (f.scheduling().isEmpty()) {
            s.append("SchedulingBenchmark (with a `tiles` parameter): ").append(NOT_MEASURED).append(".\n\n");
            return;
        }
        TreeSet<String> methods = new TreeSet<>();
        f.scheduling().forEach(r -> methods.addAll(r.nsPerTile().keySet()));
        List<String> header = new ArrayList<>(List.of("implementation"));
        f.scheduling().forEach(r -> header.add(r.tiles() + " tiles"));
        MarkdownTable t = new MarkdownTable(header.toArray(String[]::new));
        List<String> floor = new ArrayList<>(List.of("floor: tiles computed in a plain loop (ns/tile)"));
        f.scheduling().forEach(r -> floor.add(r.floor().map(Measure::format).orElse(NOT_MEASURED)));
        t.row(floor.toArray(String[]::new));
        for (String method : methods) {
            List<String> cells = new ArrayList<>(List.of(method));
            for (Findings.SchedulingRow r : f.scheduling()) {
                Measure m = r.nsPerTile().get(method);
                cells.add(m == null ? NOT_MEASURED : r.floor().map(fl -> overhead(m, fl).format()).orElse(m.format() + " (no floor)"));
            }
            t.row(cells.toArray(String[]::new));
        }
        s.append(t.render()).append('\n');
        s.append("Each cell: ns per tile of one `map` call over an empty task, minus the floor at the same tile count; `±` is the implementation's own error. "
                + "The chart's log scale leaves out cells at or below zero.\n\n");
        chart(s, charts, Charts.SCHEDULING, "Scheduling overhead per tile");
    }

    private static void layouts(StringBuilder s, Findings f) {
        s.append("## Input layouts: time against the same operation on C-order inputs\n\n");
        if (f.layouts().isEmpty()) {
            s.append("LayoutRowSumBenchmark, LayoutAddBenchmark, LayoutIndexBenchmark: ").append(NOT_MEASURED).append(".\n\n");
            return;
        }
        MarkdownTable t = new MarkdownTable("operation", "input layout", "parameters", "time", "C-order inputs", "time ÷ C-order time");
        for (Findings.LayoutRow row : f.layouts()) {
            String params = String.join(", ", row.params().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
            t.row(row.operation(), row.layout(), params, row.time().format() + " " + row.unit(),
                    row.contiguous().map(c -> c.format() + " " + row.unit()).orElse(NOT_MEASURED),
                    row.contiguous().map(c -> ratio(row.time().value() / c.value())).orElse(NOT_MEASURED));
        }
        s.append(t.render()).append('\n');
        s.append("The same logical values as C-order native inputs (the fast path, read in place) and in each other layout: Fortran order "
                + "(read in place where the operation allows: all-Fortran add, row sums column by column), `[:, ::2]`, `[:, ::-1]`, "
                + "big-endian, and a Fortran operand among C-order ones (`mixed`), which are staged through 8192-element buffers.\n\n");
    }

    private static void dtypes(StringBuilder s, Findings f) {
        s.append("## dtypes: GB/s against the bandwidth ceiling in the same run\n\n");
        if (f.dtypes().isEmpty()) {
            s.append(String.join(", ", Findings.DTYPE_BENCHMARKS.keySet())).append(": ").append(NOT_MEASURED).append(".\n\n");
            return;
        }
        MarkdownTable t = new MarkdownTable("operation", "dtype", "path", "parameters", "GB/s", "baseline", "baseline GB/s",
                "time ÷ baseline time");
        for (Findings.DTypeRow row : f.dtypes()) {
            String params = String.join(", ", row.params().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
            t.row(row.operation(), row.dtype().toLowerCase(Locale.ROOT), row.method(), params, row.gbps().format(), row.baselineLabel(),
                    row.baseline().map(Measure::format).orElse(NOT_MEASURED),
                    row.baseline().map(b -> ratio(b.value() / row.gbps().value())).orElse(NOT_MEASURED));
        }
        s.append(t.render()).append('\n');
        s.append("GB/s counts the array bytes each call must move (the result written for outer, the input read for row sums, two "
                + "inputs read and the result written for add), so the narrow dtypes' rows sit beside the same ceiling as float64's; "
                + "elements per second are GB/s ÷ itemsize. The ceilings move the same bytes with no arithmetic: C streaming stores for "
                + "outer, independent vector loads for row sums, a vector copy of both inputs for add. The generic-kernel rows "
                + "compare one `Vector<E>` loop serving every dtype with the generated kernel, in cache. NumPy on the same dtypes is "
                + "in the peers' section (suites `dtype-outer`, `dtype-rowsum`, `dtype-add`).\n\n");
    }

    /** The cost per tile above the floor, carrying the measurement's own error. */
    static Measure overhead(Measure perTile, Measure floor) {
        return new Measure(perTile.value() - floor.value(), perTile.error());
    }

    private static void peers(StringBuilder s, Findings f, PeerResults peers) {
        s.append("## Python peers: the recipes' own Python on the same data and the same C library\n\n");
        if (peers.missing()) {
            s.append("Python peers: ").append(NOT_MEASURED).append(" (no peers.json).\n\n");
            return;
        }
        if (!f.peers().isEmpty()) {
            s.append("Time per element, peer's over Tessella's:\n\n");
            for (Findings.PeerComparison c : f.peers()) {
                s.append("- ").append(c.tessella()).append(": ").append(speed(c.speedup())).append(" the ")
                        .append(c.peer().label()).append(" peer (").append(c.peer().suite()).append(")\n");
            }
            s.append('\n');
            MarkdownTable t = new MarkdownTable("suite", "peer", "elements", "interpreter", "NumPy", "what the peer times");
            for (Findings.PeerComparison c : f.peers()) {
                t.row(c.peer().suite(), c.peer().label(), String.valueOf(c.peer().elements()), interpreter(c.peer()), c.peer().numpy(), c.peer().note());
            }
            s.append(t.render()).append('\n');
        }
        for (PeerRecord p : f.unmatchedPeers()) {
            s.append("- ").append(p.label()).append(" (").append(p.suite()).append("): measured, but Tessella's ")
                    .append(p.suite()).append(" benchmark was ").append(NOT_MEASURED).append(" in this run\n");
        }
        List<PeerRecord> skipped = peers.all().stream().filter(p -> !p.measured()).toList();
        if (!skipped.isEmpty()) {
            s.append("Skipped peers:\n\n");
            skipped.forEach(p -> s.append("- ").append(p.peer()).append(" (").append(p.suite()).append("): skipped: ")
                    .append(p.skipped()).append('\n'));
            s.append('\n');
        }
        if (peers.all().isEmpty()) {
            s.append("Python peers: ").append(NOT_MEASURED).append(" (peers.json is empty).\n\n");
        }
    }

    private static String interpreter(PeerRecord p) {
        return p.interpreter().isEmpty() ? "not recorded" : "`" + p.interpreter() + "`";
    }

    private static void chart(StringBuilder s, List<String> charts, String file, String alt) {
        if (charts.contains(file)) {
            s.append("![").append(alt).append("](").append(file).append(")\n\n");
        }
    }

    /** {@code "0.980 ± 0.0512×"}: three significant digits each, or without the error when it is unknown. */
    static String ratio(Measure r) {
        return Double.isNaN(r.error()) ? ratio(r.value()) : Measure.number(r.value()) + " ± " + Measure.number(r.error()) + "×";
    }

    /** {@code "0.98×"}: two decimals, since most of these ratios sit near 1; three significant digits below 0.1. */
    static String ratio(double r) {
        return Math.abs(r) < 0.1 ? Measure.number(r) + "×" : String.format(Locale.ROOT, "%.2f×", r);
    }

    /** A difference with its sign and one decimal: {@code "+21.2"}, {@code "-3.0"}. */
    static String signed(double d) {
        return String.format(Locale.ROOT, "%+.1f", d);
    }

    /** {@code "21× faster than"} or {@code "1.5× slower than"}. */
    static String speed(double speedup) {
        double r = speedup >= 1 ? speedup : 1 / speedup;
        String n = r >= 10 ? String.format(Locale.ROOT, "%.0f×", r) : String.format(Locale.ROOT, "%.1f×", r);
        return n + (speedup >= 1 ? " faster than" : " slower than");
    }

    static String bytes(long b) {
        for (Map.Entry<Long, String> unit : List.of(Map.entry(1L << 30, "GiB"), Map.entry(1L << 20, "MiB"), Map.entry(1L << 10, "KiB"))) {
            if (b >= unit.getKey()) {
                return Measure.number((double) b / unit.getKey()) + " " + unit.getValue();
            }
        }
        return b + " B";
    }
}
