package io.tessella.bench.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The numbers the summary and the charts show, derived once from the JMH results and the peers'
 * records: outer-product GB/s by size and implementation beside the store bandwidth (one thread, and
 * all cores beside the C streaming stores), index-build ns/element by mode and threads beside the C
 * loop, kernel-call ns/element by path beside the C loop, scheduling cost per tile by tile count, and
 * each measured peer's time per element against Tessella's counterpart. Benchmarks absent from the JMH
 * results give empty lists, which the writers report as "not measured". Immutable; thread-safe.
 *
 * <pre>{@code
 * Findings f = Findings.of(JmhResults.read(jmhJson), PeerResults.read(peersJson));
 * f.outer().forEach(row -> System.out.println(row.shape() + ": " + row.gbps()));
 * }</pre>
 */
public final class Findings {
    /** Outer-product methods in display order, with their labels; the store baseline is separate. */
    static final Map<String, String> OUTER_IMPLEMENTATIONS = labels(
            "vector", "Vector API",
            "tiled", "tiled scalar",
            "naive", "naive per-row loop",
            "vectorFreshOutput", "Vector API, fresh output");
    static final String STORE = "fillBaseline";
    static final String STORE_LABEL = "store bandwidth (MemorySegment.fill)";
    static final String SCHEDULING_FLOOR = "tilesOnly";
    /** ParallelOuterBenchmark's methods in display order, with their labels; its store ceiling is separate. */
    static final Map<String, String> PARALLEL_OUTER_IMPLEMENTATIONS = labels(
            "vector", "Vector API",
            "tiled", "tiled scalar",
            "naive", "naive per-row loop",
            "nativeC", "C kernel",
            "vectorFreshOutput", "Vector API, fresh output",
            "nativeFreshOutput", "C kernel, fresh output",
            "fillPlainC", "C plain stores");
    static final String PARALLEL_STORE = "fillStreamingC";
    static final String PARALLEL_STORE_LABEL = "store bandwidth (C streaming stores)";
    /** KernelCallBenchmark's methods in display order, with their labels; {@code cLoop} is the baseline. */
    static final Map<String, String> KERNEL_CALLS = labels(
            "cLoop", "C loop over the array (one downcall)",
            "batchDowncall", "batch downcall",
            "scalarOnlyBatch", "bundled C loop over a slow_computation-only library (one downcall)",
            "batchAfterDirtyUpper", "batch after AVX code left the registers' upper halves set",
            "eachAfterDirtyUpper", "per element (index element mode) after the same",
            "criticalDowncallAfterDirtyUpper", "plain critical downcall of the batch after the same",
            "perElementEach", "downcall per element over Java arrays (index element mode)",
            "perElementCritical", "downcall per element over segments, critical linkage",
            "perElementStandard", "downcall per element, standard linkage",
            "javaKernel", "pure-Java kernel",
            "emptyDowncall", "floor: empty critical downcall per element");
    static final String KERNEL_BASELINE = "cLoop";
    /** The input-layout benchmarks in display order, with what they time; each compares its methods with {@link #LAYOUT_BASELINE}. */
    static final Map<String, String> LAYOUT_BENCHMARKS = labels(
            "LayoutRowSumBenchmark", "row sums (ArrayOps.reduceLastAxis)",
            "LayoutAddBenchmark", "add (ArrayOps.elementwise)",
            "LayoutIndexBenchmark", "index build, batch");
    static final String LAYOUT_BASELINE = "contiguous";
    /** Elements per call in IndexBuilderBenchmark (1024 x 1024) and CubeTilesBenchmark (365 x 16 x 16). */
    static final long INDEX_ELEMENTS = 1024 * 1024, CUBE = 365 * 16 * 16;

    /**
     * One output size of the outer product.
     *
     * @param shape {@code ROWSxCOLS}
     * @param bytes output bytes written per call
     * @param gbps GB/s (1e9 bytes) by implementation method, in {@link #OUTER_IMPLEMENTATIONS} order
     * @param store the store bandwidth on the same buffer in the same run, if measured
     */
    public record OuterRow(String shape, long bytes, Map<String, Measure> gbps, Optional<Measure> store) {
    }

    /**
     * One output size and thread count of the outer product on all cores.
     *
     * @param shape {@code ROWSxCOLS}
     * @param threads Tessella's parallelism (and the C fills' thread count)
     * @param bytes output bytes written per call
     * @param gbps GB/s (1e9 bytes) by method, in {@link #PARALLEL_OUTER_IMPLEMENTATIONS} order
     * @param store the C streaming-store bandwidth on the same buffer and threads, if measured
     */
    public record ParallelOuterRow(String shape, int threads, long bytes, Map<String, Measure> gbps, Optional<Measure> store) {
    }

    /**
     * One way of calling the native kernel.
     *
     * @param method the benchmark method, {@code batchDowncall} say
     * @param label what it does, from {@link #KERNEL_CALLS}
     * @param nsPerElement ns per element
     * @param cLoop the C loop's ns per element in the same run, if measured
     */
    public record KernelCallRow(String method, String label, Measure nsPerElement, Optional<Measure> cLoop) {
    }

    /**
     * One index-build configuration.
     *
     * @param mode {@code ELEMENT} or {@code BATCH}
     * @param threads Tessella's parallelism
     * @param tessella ns per element
     * @param cLoop the single-threaded C loop's ns per element, measured in the same fork setup
     * @param cRecipe the recipe's whole loop in C (sentinel test, calls, the three outputs), single-threaded
     */
    public record IndexRow(String mode, int threads, Measure tessella, Optional<Measure> cLoop, Optional<Measure> cRecipe) {
    }

    /**
     * One tile count of the scheduling benchmark.
     *
     * @param tiles tiles per {@code map} call
     * @param nsPerTile ns per tile by method (the floor excluded)
     * @param floor ns per tile of computing the tiles in a plain loop, if measured
     */
    public record SchedulingRow(int tiles, Map<String, Measure> nsPerTile, Optional<Measure> floor) {
    }

    /**
     * One input layout of an operation against the same operation on C-order inputs in the same run.
     *
     * @param operation what is timed, from {@link #LAYOUT_BENCHMARKS}
     * @param layout the benchmark method: {@code fortran}, {@code bigEndian}, ...
     * @param params the JMH parameters (threads, shape)
     * @param time the primary score, in {@code unit}
     * @param unit JMH's unit, {@code ms/op} or {@code ns/op}
     * @param contiguous the C-order inputs' score with the same parameters, if measured
     */
    public record LayoutRow(String operation, String layout, Map<String, String> params, Measure time, String unit,
            Optional<Measure> contiguous) {
    }

    /**
     * A measured peer against Tessella's counterpart.
     *
     * @param peer the peer's record
     * @param tessella what Tessella ran, {@code "Tessella batch, 2 threads"} say
     * @param tessellaNsPerElement Tessella's ns per element
     * @param speedup the peer's time per element over Tessella's: above 1, Tessella is faster
     */
    public record PeerComparison(PeerRecord peer, String tessella, double tessellaNsPerElement, double speedup) {
    }

    private final List<OuterRow> outer;
    private final List<ParallelOuterRow> parallelOuter;
    private final List<IndexRow> index;
    private final Map<String, Measure> indexOverhead;
    private final List<KernelCallRow> kernelCalls;
    private final List<SchedulingRow> scheduling;
    private final List<LayoutRow> layouts;
    private final List<PeerComparison> peers;
    private final List<PeerRecord> unmatchedPeers;

    private Findings(List<OuterRow> outer, List<ParallelOuterRow> parallelOuter, List<IndexRow> index, Map<String, Measure> indexOverhead,
            List<KernelCallRow> kernelCalls, List<SchedulingRow> scheduling, List<LayoutRow> layouts, List<PeerComparison> peers,
            List<PeerRecord> unmatchedPeers) {
        this.outer = List.copyOf(outer);
        this.parallelOuter = List.copyOf(parallelOuter);
        this.index = List.copyOf(index);
        this.indexOverhead = Collections.unmodifiableMap(new TreeMap<>(indexOverhead));
        this.kernelCalls = List.copyOf(kernelCalls);
        this.scheduling = List.copyOf(scheduling);
        this.layouts = List.copyOf(layouts);
        this.peers = List.copyOf(peers);
        this.unmatchedPeers = List.copyOf(unmatchedPeers);
    }

    /** Derives every table's numbers. */
    public static Findings of(JmhResults jmh, PeerResults peerResults) {
        List<PeerComparison> compared = new ArrayList<>();
        List<PeerRecord> unmatched = new ArrayList<>();
        for (PeerRecord p : peerResults.all()) {
            if (!p.measured()) {
                continue;
            }
            Optional<PeerComparison> c = counterpart(jmh, p);
            c.ifPresentOrElse(compared::add, () -> unmatched.add(p));
        }
        return new Findings(outer(jmh), parallelOuter(jmh), index(jmh), indexOverhead(jmh), kernelCalls(jmh), scheduling(jmh), layouts(jmh),
                compared, unmatched);
    }

    /** Outer-product rows by output size, smallest first; empty when not measured. */
    public List<OuterRow> outer() {
        return outer;
    }

    /** All-core outer-product rows by output size, then threads; empty when not measured. */
    public List<ParallelOuterRow> parallelOuter() {
        return parallelOuter;
    }

    /** Kernel-call rows in {@link #KERNEL_CALLS} order; empty when not measured. */
    public List<KernelCallRow> kernelCalls() {
        return kernelCalls;
    }

    /** Index rows by mode, then threads; empty when not measured. */
    public List<IndexRow> index() {
        return index;
    }

    /**
     * The index builder's own ns per element by mode (IndexOverheadBenchmark: one thread, a kernel that
     * does nothing); empty when not measured.
     */
    public Map<String, Measure> indexOverhead() {
        return indexOverhead;
    }

    /** Scheduling rows by tile count; empty when not measured. */
    public List<SchedulingRow> scheduling() {
        return scheduling;
    }

    /** Input-layout rows by benchmark (in {@link #LAYOUT_BENCHMARKS} order), then layout, then parameters; empty when not measured. */
    public List<LayoutRow> layouts() {
        return layouts;
    }

    /** Measured peers with a Tessella counterpart in the JMH results. */
    public List<PeerComparison> peers() {
        return peers;
    }

    /** Measured peers whose suite Tessella did not run in this report's JMH results. */
    public List<PeerRecord> unmatchedPeers() {
        return unmatchedPeers;
    }

    private static List<OuterRow> outer(JmhResults jmh) {
        Map<String, List<JmhResult>> byShape = new TreeMap<>();
        for (JmhResult r : jmh.of("OuterProductBenchmark")) {
            byShape.computeIfAbsent(r.params().getOrDefault("shape", "?"), s -> new ArrayList<>()).add(r);
        }
        List<OuterRow> rows = new ArrayList<>();
        byShape.forEach((shape, results) -> {
            long bytes = elements(shape) * 8;
            Map<String, Measure> gbps = new LinkedHashMap<>();
            for (String method : OUTER_IMPLEMENTATIONS.keySet()) {
                find(results, method).ifPresent(r -> gbps.put(method, gbps(r, bytes)));
            }
            rows.add(new OuterRow(shape, bytes, gbps, find(results, STORE).map(r -> gbps(r, bytes))));
        });
        rows.sort(Comparator.comparingLong(OuterRow::bytes));
        return rows;
    }

    private static List<ParallelOuterRow> parallelOuter(JmhResults jmh) {
        record Run(String shape, int threads) {
        }
        Map<Run, List<JmhResult>> byRun = new LinkedHashMap<>();
        for (JmhResult r : jmh.of("ParallelOuterBenchmark")) {
            Run run = new Run(r.params().getOrDefault("shape", "?"), Integer.parseInt(r.params().getOrDefault("threads", "1")));
            byRun.computeIfAbsent(run, k -> new ArrayList<>()).add(r);
        }
        List<ParallelOuterRow> rows = new ArrayList<>();
        byRun.forEach((run, results) -> {
            String shape = run.shape();
            int threads = run.threads();
            long bytes = elements(shape) * 8;
            Map<String, Measure> gbps = new LinkedHashMap<>();
            for (String method : PARALLEL_OUTER_IMPLEMENTATIONS.keySet()) {
                find(results, method).ifPresent(r -> gbps.put(method, perSecond(r, bytes)));
            }
            rows.add(new ParallelOuterRow(shape, threads, bytes, gbps, find(results, PARALLEL_STORE).map(r -> perSecond(r, bytes))));
        });
        rows.sort(Comparator.comparingLong(ParallelOuterRow::bytes).thenComparingInt(ParallelOuterRow::threads));
        return rows;
    }

    // GB/s from the time per call (single-shot runs have no byte counter); the error of bytes/t to
    // first order is bytes * err / t^2.
    private static Measure perSecond(JmhResult r, long bytes) {
        Measure ns = r.nanosPerOp();
        return new Measure(bytes / ns.value(), bytes * ns.error() / (ns.value() * ns.value()));
    }

    private static List<LayoutRow> layouts(JmhResults jmh) {
        List<LayoutRow> rows = new ArrayList<>();
        LAYOUT_BENCHMARKS.forEach((benchmark, operation) -> {
            List<JmhResult> results = new ArrayList<>(jmh.of(benchmark));
            results.sort(Comparator.comparing(JmhResult::method).thenComparing(r -> new TreeMap<>(r.params()).toString()));
            for (JmhResult r : results) {
                if (!r.method().equals(LAYOUT_BASELINE)) {
                    Optional<Measure> contiguous = jmh.find(benchmark, LAYOUT_BASELINE, r.params()).map(JmhResult::primary);
                    rows.add(new LayoutRow(operation, r.method(), new TreeMap<>(r.params()), r.primary(), r.unit(), contiguous));
                }
            }
        });
        return rows;
    }

    private static List<KernelCallRow> kernelCalls(JmhResults jmh) {
        List<KernelCallRow> rows = new ArrayList<>();
        List<JmhResult> results = jmh.of("KernelCallBenchmark");
        // OperationsPerInvocation is the element count, so ns/op is already ns per element.
        Optional<Measure> cLoop = find(results, KERNEL_BASELINE).map(JmhResult::nanosPerOp);
        KERNEL_CALLS.forEach((method, label) -> find(results, method)
                .ifPresent(r -> rows.add(new KernelCallRow(method, label, r.nanosPerOp(), cLoop))));
        return rows;
    }

    // The benchmarks count bytes in an @AuxCounters field, which JMH reports per second; the primary
    // score (calls per second) times the bytes per call is the same number when the counter is absent.
    private static Measure gbps(JmhResult r, long bytes) {
        Measure perSecond = r.secondary().get("bytes");
        if (perSecond == null) {
            perSecond = new Measure(1e9 / r.nanosPerOp().value() * bytes, Double.NaN);
        }
        return perSecond.scaled(1e-9);
    }

    private static List<IndexRow> index(JmhResults jmh) {
        List<IndexRow> rows = new ArrayList<>();
        for (JmhResult r : jmh.of("IndexBuilderBenchmark")) {
            if (r.method().equals("tessella")) {
                // OperationsPerInvocation is the element count, so ns/op is already ns per element.
                Optional<Measure> cLoop = jmh.find("IndexBuilderBenchmark", "cLoop", r.params()).map(JmhResult::nanosPerOp);
                Optional<Measure> cRecipe = jmh.find("IndexBuilderBenchmark", "cRecipe", r.params()).map(JmhResult::nanosPerOp);
                rows.add(new IndexRow(r.params().getOrDefault("mode", "?"), Integer.parseInt(r.params().getOrDefault("threads", "1")),
                        r.nanosPerOp(), cLoop, cRecipe));
            }
        }
        rows.sort(Comparator.comparing(IndexRow::mode).reversed().thenComparingInt(IndexRow::threads));
        return rows;
    }

    private static Map<String, Measure> indexOverhead(JmhResults jmh) {
        Map<String, Measure> byMode = new TreeMap<>();
        for (JmhResult r : jmh.of("IndexOverheadBenchmark")) {
            byMode.put(r.params().getOrDefault("mode", "?"), r.nanosPerOp());
        }
        return byMode;
    }

    private static List<SchedulingRow> scheduling(JmhResults jmh) {
        Map<Integer, Map<String, Measure>> byTiles = new TreeMap<>();
        Map<Integer, Measure> floors = new TreeMap<>();
        for (JmhResult r : jmh.of("SchedulingBenchmark")) {
            String t = r.params().get("tiles");
            if (t == null) {
                continue;   // results from before the tile count was a parameter: per tile already, not comparable
            }
            int tiles = Integer.parseInt(t);
            Measure perTile = r.nanosPerOp().scaled(1.0 / tiles);
            if (r.method().equals(SCHEDULING_FLOOR)) {
                floors.put(tiles, perTile);
            } else {
                byTiles.computeIfAbsent(tiles, k -> new TreeMap<>()).put(r.method(), perTile);
            }
        }
        List<SchedulingRow> rows = new ArrayList<>();
        byTiles.forEach((tiles, m) -> rows.add(new SchedulingRow(tiles, m, Optional.ofNullable(floors.get(tiles)))));
        return rows;
    }

    private static Optional<PeerComparison> counterpart(JmhResults jmh, PeerRecord p) {
        return switch (p.suite()) {
            case "index" -> jmh.of("IndexBuilderBenchmark").stream()
                    .filter(r -> r.method().equals("tessella"))
                    .min(Comparator.comparingDouble(r -> r.nanosPerOp().value()))
                    .map(r -> compare(p, "Tessella " + r.params().get("mode").toLowerCase() + ", "
                            + threads(r.params().get("threads")) + size(p, INDEX_ELEMENTS), r.nanosPerOp().value()));
            case "outer" -> nearest(jmh, p, "OuterProductBenchmark", "vectorFreshOutput", Map.of())
                    .or(() -> nearest(jmh, p, "OuterProductBenchmark", "vector", Map.of()))
                    .map(r -> perElement(p, r, "Tessella Vector API" + (r.method().equals("vector") ? "" : ", fresh output") + ", 1 thread"));
            case "rowsum" -> nearest(jmh, p, "RowReductionBenchmark", "reduceVector", Map.of("op", "SUM"))
                    .map(r -> perElement(p, r, "Tessella row sums (Vector API), 1 thread"));
            // Recipe 4's cube: the peer that adds 4 x 4 tiles against Tessella's per-tile calls, the whole-array add against one call.
            case "add" -> jmh.find("CubeTilesBenchmark", p.params().containsKey("tile") ? "tiles4x4Vector" : "wholeCubeVector", Map.of())
                    .map(r -> compare(p, "Tessella add (Vector API), " + (r.method().startsWith("tiles") ? "4 x 4 tiles" : "whole cube")
                            + ", 1 thread" + size(p, CUBE), r.nanosPerOp().value() / CUBE))
                    .or(() -> nearest(jmh, p, "ElementwiseBenchmark", "elementwiseVector", Map.of("op", "ADD"))
                            .map(r -> perElement(p, r, "Tessella add (Vector API), 1 thread")));
            default -> Optional.empty();
        };
    }

    private static PeerComparison perElement(PeerRecord p, JmhResult r, String label) {
        String shape = r.params().get("shape");
        long n = elements(shape);
        return compare(p, label + (n == p.elements() ? "" : " (at " + shape + ", " + n + " elements)"), r.nanosPerOp().value() / n);
    }

    // Says when Tessella's run had another element count than the peer's: per element, still comparable.
    private static String size(PeerRecord p, long tessellaElements) {
        return tessellaElements == p.elements() ? "" : " (at " + tessellaElements + " elements)";
    }

    private static PeerComparison compare(PeerRecord p, String label, double tessellaNs) {
        return new PeerComparison(p, label, tessellaNs, p.nsPerElement() / tessellaNs);
    }

    // The run of the same element count when there is one, else the closest in log scale: peers and
    // JMH may be run with different size lists, and ns/element varies slowly with size.
    private static Optional<JmhResult> nearest(JmhResults jmh, PeerRecord p, String className, String method, Map<String, String> params) {
        return jmh.of(className).stream()
                .filter(r -> r.method().equals(method) && r.params().entrySet().containsAll(params.entrySet()) && r.params().containsKey("shape"))
                .min(Comparator.comparingDouble(r -> Math.abs(Math.log((double) elements(r.params().get("shape")) / Math.max(1, p.elements())))));
    }

    private static Optional<JmhResult> find(List<JmhResult> results, String method) {
        return results.stream().filter(r -> r.method().equals(method)).findFirst();
    }

    static long elements(String shape) {
        long n = 1;
        for (String part : shape.split("x")) {
            n *= Long.parseLong(part.strip());
        }
        return n;
    }

    static String threads(String n) {
        return n + (n.equals("1") ? " thread" : " threads");
    }

    private static Map<String, String> labels(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }
}
