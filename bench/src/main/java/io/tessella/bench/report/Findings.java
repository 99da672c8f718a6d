package io.tessella.bench.report;

import io.tessella.memory.DType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The numbers the summary and the charts show, derived once from the JMH results and the peers'
 * records: outer-product GB/s by size and implementation beside the store bandwidth (one thread, and
 * all cores beside the C streaming stores), index-build ns/element by mode and threads beside the C
 * loop, kernel-call ns/element by path beside the C loop, scheduling cost per tile by tile count,
 * each measured peer's time per element against Tessella's counterpart, one headline row per recipe
 * (Tessella, the strongest peer, the C or bandwidth bound), the index builder's targets as ratios, and the
 * whole-process comparisons. Benchmarks absent from the JMH results give empty lists, which the writers
 * report as "not measured". Immutable; thread-safe.
 *
 * <pre>{@code
 * Findings f = Findings.of(JmhResults.read(jmhJson), PeerResults.read(peersJson));
 * f.outer().forEach(row -> System.out.println(row.shape() + ": " + row.gbps()));
 * }</pre>
 */
public final class Findings {
    /** Outer-product methods in display order, with their labels; the store baseline is separate. */
    static final Map<String, String> OUTER_IMPLEMENTATIONS = labels(
            "auto", "default (auto)",
            "vector", "Vector API",
            "tiled", "tiled scalar",
            "naive", "naive per-row loop",
            "vectorFreshOutput", "Vector API, fresh output");
    static final String STORE = "fillBaseline";
    static final String STORE_LABEL = "store bandwidth (MemorySegment.fill)";
    static final String SCHEDULING_FLOOR = "tilesOnly";
    /** ParallelOuterBenchmark's methods in display order, with their labels; its store ceiling is separate. */
    static final Map<String, String> PARALLEL_OUTER_IMPLEMENTATIONS = labels(
            "auto", "default (auto)",
            "vector", "Vector API",
            "tiled", "tiled scalar",
            "naive", "naive per-row loop",
            "nativeC", "C kernel",
            "autoFreshOutput", "default (auto), fresh output",
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
    /**
     * The dtype benchmarks in display order: what each times, how many times the array's bytes one call
     * moves, and the baseline method of the same class (a bandwidth ceiling, or the generated kernel).
     */
    static final Map<String, DTypeBenchmark> DTYPE_BENCHMARKS = dtypeBenchmarks();
    /** The dtype suites of {@code bench/peers/dtype_numpy.py} and the benchmark and method each is set against. */
    private static final Map<String, DTypePeerTarget> DTYPE_PEER_SUITES = Map.of(
            "dtype-outer", new DTypePeerTarget("DTypeOuterBenchmark", "vector", "outer (Vector API)"),
            "dtype-rowsum", new DTypePeerTarget("DTypeRowSumBenchmark", "sum", "row sums (Vector API)"),
            "dtype-add", new DTypePeerTarget("DTypeAddBenchmark", "vector", "add (Vector API)"));

    private record DTypePeerTarget(String benchmark, String method, String label) {
    }
    /** IndexBuilderBenchmark's kernels; peers' and process suites' names. */
    static final String BUNDLED = "bundled", CHEAP = "cheap", PROCESS = "process-", TESSELLA_CLI = "tessella-cli";
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
     * @param kernel {@code bundled} (results from before the kernel was a parameter count as bundled) or {@code cheap}
     * @param mode {@code ELEMENT} or {@code BATCH}
     * @param threads Tessella's parallelism
     * @param tessella ns per element
     * @param cLoop the single-threaded C loop's ns per element over the same kernel, measured in the same fork setup
     * @param cRecipe the recipe's whole loop in C (sentinel test, calls, the three outputs) over the same kernel,
     *        on as many threads as Tessella
     */
    public record IndexRow(String kernel, String mode, int threads, Measure tessella, Optional<Measure> cLoop, Optional<Measure> cRecipe) {
    }

    /**
     * One recipe's headline: Tessella beside the strongest peer measured and the C or bandwidth bound, all in
     * ns per element.
     *
     * @param recipe what was run, {@code "1, outer product, fresh output"} say
     * @param tessellaLabel which Tessella path and threads
     * @param tessella its ns per element, if measured
     * @param peer the measured peer with the least time per element, if any
     * @param boundLabel what the bound is
     * @param bound its ns per element, if measured
     * @param tessellaShort and {@code boundShort}: a few words for a chart's bar
     */
    public record HeadlineRow(String recipe, String tessellaLabel, Optional<Measure> tessella, Optional<PeerRecord> peer, String boundLabel,
            Optional<Measure> bound, String tessellaShort, String boundShort) {
    }

    /**
     * One whole-process comparison: a recipe from {@code .npy} files to {@code .npy} files, start-up included.
     *
     * @param suite {@code process-outer} say
     * @param kernel the kernel library for {@code process-index}, else {@code null}
     * @param tessella {@code bin/tessella}'s record, if measured
     * @param python the measured Python peers, fastest first
     */
    public record ProcessRow(String suite, String kernel, Optional<PeerRecord> tessella, List<PeerRecord> python) {
    }

    /**
     * A target of the index builder (issue 19), as a time ratio with its error.
     *
     * @param target what is compared, {@code "cheap kernel, 1 thread: Tessella ÷ C recipe"} say
     * @param limit the ratio the target allows at most
     * @param ratio the measured ratio and its error (from the JMH errors; NaN where a side has none), if both sides were measured
     */
    public record TargetRow(String target, double limit, Optional<Measure> ratio) {
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
     * What a dtype benchmark class times and what it is measured against.
     *
     * @param operation what is timed, {@code "row sums (ArrayOps.reduceLastAxis)"} say
     * @param traffic how many times the array's bytes (elements x itemsize) one call reads or writes
     * @param size the parameter giving the elements per call: {@code shape} ({@code MxN}) or {@code n}
     * @param baseline the baseline method in the same class
     * @param baselineLabel what the baseline is
     */
    public record DTypeBenchmark(String operation, int traffic, String size, String baseline, String baselineLabel) {
    }

    /**
     * One dtype and path of an operation against the baseline of its class with the same parameters.
     *
     * @param operation what is timed, from {@link #DTYPE_BENCHMARKS}
     * @param dtype the dtype's name, {@code UINT8} say
     * @param method the benchmark method: {@code vector}, {@code scalar}, {@code tiled}, ...
     * @param params the JMH parameters other than the dtype (shape, threads)
     * @param gbps GB/s (1e9 bytes) of the operation's traffic
     * @param baselineLabel what the baseline is
     * @param baseline the baseline's GB/s over the same bytes in the same run, if measured
     */
    public record DTypeRow(String operation, String dtype, String method, Map<String, String> params, Measure gbps,
            String baselineLabel, Optional<Measure> baseline) {
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
    private final List<DTypeRow> dtypes;
    private final List<PeerComparison> peers;
    private final List<PeerRecord> unmatchedPeers;
    private final List<HeadlineRow> headline;
    private final List<ProcessRow> process;
    private final List<TargetRow> indexTargets;
    private final List<PeerRecord> measuredPeers;

    private Findings(List<OuterRow> outer, List<ParallelOuterRow> parallelOuter, List<IndexRow> index, Map<String, Measure> indexOverhead,
            List<KernelCallRow> kernelCalls, List<SchedulingRow> scheduling, List<LayoutRow> layouts, List<DTypeRow> dtypes,
            List<PeerComparison> peers, List<PeerRecord> unmatchedPeers, List<HeadlineRow> headline, List<ProcessRow> process,
            List<TargetRow> indexTargets, List<PeerRecord> measuredPeers) {
        this.outer = List.copyOf(outer);
        this.parallelOuter = List.copyOf(parallelOuter);
        this.index = List.copyOf(index);
        this.indexOverhead = Collections.unmodifiableMap(new TreeMap<>(indexOverhead));
        this.kernelCalls = List.copyOf(kernelCalls);
        this.scheduling = List.copyOf(scheduling);
        this.layouts = List.copyOf(layouts);
        this.dtypes = List.copyOf(dtypes);
        this.peers = List.copyOf(peers);
        this.unmatchedPeers = List.copyOf(unmatchedPeers);
        this.headline = List.copyOf(headline);
        this.process = List.copyOf(process);
        this.indexTargets = List.copyOf(indexTargets);
        this.measuredPeers = List.copyOf(measuredPeers);
    }

    /** Derives every table's numbers. */
    public static Findings of(JmhResults jmh, PeerResults peerResults) {
        List<PeerComparison> compared = new ArrayList<>();
        List<PeerRecord> unmatched = new ArrayList<>();
        for (PeerRecord p : peerResults.all()) {
            if (!p.measured() || p.suite().startsWith(PROCESS)) {
                continue;
            }
            Optional<PeerComparison> c = counterpart(jmh, p);
            c.ifPresentOrElse(compared::add, () -> unmatched.add(p));
        }
        List<IndexRow> index = index(jmh);
        return new Findings(outer(jmh), parallelOuter(jmh), index, indexOverhead(jmh), kernelCalls(jmh), scheduling(jmh), layouts(jmh),
                dtypes(jmh), compared, unmatched, Headlines.of(jmh, index, peerResults), process(peerResults), indexTargets(index, peerResults),
                peerResults.all().stream().filter(p -> p.measured() && !p.suite().startsWith(PROCESS)).toList());
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

    /** dtype rows by benchmark (in {@link #DTYPE_BENCHMARKS} order), then parameters, dtype and method; empty when not measured. */
    public List<DTypeRow> dtypes() {
        return dtypes;
    }

    /** Measured peers with a Tessella counterpart in the JMH results. */
    public List<PeerComparison> peers() {
        return peers;
    }

    /** Measured peers whose suite Tessella did not run in this report's JMH results. */
    public List<PeerRecord> unmatchedPeers() {
        return unmatchedPeers;
    }

    /** Every measured in-process peer, in file order. */
    public List<PeerRecord> measuredPeers() {
        return measuredPeers;
    }

    /** One row per recipe: Tessella beside the strongest peer and the C or bandwidth bound; rows with nothing measured are left out. */
    public List<HeadlineRow> headline() {
        return headline;
    }

    /** The whole-process comparisons by suite (and kernel); empty when no process peer ran. */
    public List<ProcessRow> process() {
        return process;
    }

    /** The index builder's targets (issue 19) with the ratios this run measured; empty when IndexBuilderBenchmark was not run. */
    public List<TargetRow> indexTargets() {
        return indexTargets;
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

    private static List<DTypeRow> dtypes(JmhResults jmh) {
        List<DTypeRow> rows = new ArrayList<>();
        DTYPE_BENCHMARKS.forEach((benchmark, b) -> {
            List<JmhResult> results = new ArrayList<>(jmh.of(benchmark));
            results.removeIf(r -> !r.params().containsKey("dtype") || !r.params().containsKey(b.size()));
            results.sort(Comparator.comparing((JmhResult r) -> others(r.params()).toString())
                    .thenComparing(r -> DType.valueOf(r.params().get("dtype")).ordinal())
                    .thenComparing(JmhResult::method));
            for (JmhResult r : results) {
                if (!r.method().equals(b.baseline())) {
                    long bytes = b.traffic() * dtypeElements(b, r) * DType.valueOf(r.params().get("dtype")).byteSize();
                    Optional<Measure> baseline = jmh.find(benchmark, b.baseline(), r.params()).map(x -> perSecond(x, bytes));
                    rows.add(new DTypeRow(b.operation(), r.params().get("dtype"), r.method(), others(r.params()), perSecond(r, bytes),
                            b.baselineLabel(), baseline));
                }
            }
        });
        return rows;
    }

    private static long dtypeElements(DTypeBenchmark b, JmhResult r) {
        String size = r.params().get(b.size());
        return b.size().equals("shape") ? elements(size) : Long.parseLong(size);
    }

    // The parameters but the dtype, which has its own column.
    private static Map<String, String> others(Map<String, String> params) {
        Map<String, String> m = new TreeMap<>(params);
        m.remove("dtype");
        return m;
    }

    private static Map<String, DTypeBenchmark> dtypeBenchmarks() {
        Map<String, DTypeBenchmark> m = new LinkedHashMap<>();
        m.put("DTypeOuterBenchmark", new DTypeBenchmark("outer (ArrayOps.outer)", 1, "shape", "fillStreamingC",
                "store bandwidth (C streaming stores)"));
        m.put("DTypeRowSumBenchmark", new DTypeBenchmark("row sums (ArrayOps.reduceLastAxis)", 1, "shape", "readBandwidthBaseline",
                "read bandwidth (vector loads, 4 accumulators)"));
        m.put("DTypeAddBenchmark", new DTypeBenchmark("add (ArrayOps.elementwise)", 3, "shape", "triadBandwidthBaseline",
                "two reads and a write (vector copy)"));
        m.put("GenericKernelBenchmark", new DTypeBenchmark("add kernel in cache, one generic loop over Vector<E>", 3, "n", "generated",
                "the generated kernel of the dtype"));
        return Collections.unmodifiableMap(m);
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
                // OperationsPerInvocation is the element count, so ns/op is already ns per element. The C
                // baselines ran with the same parameters: the same kernel and, for the recipe, the same threads.
                Optional<Measure> cLoop = jmh.find("IndexBuilderBenchmark", "cLoop", r.params()).map(JmhResult::nanosPerOp);
                Optional<Measure> cRecipe = jmh.find("IndexBuilderBenchmark", "cRecipe", r.params()).map(JmhResult::nanosPerOp);
                rows.add(new IndexRow(r.params().getOrDefault("kernel", BUNDLED), r.params().getOrDefault("mode", "?"),
                        Integer.parseInt(r.params().getOrDefault("threads", "1")), r.nanosPerOp(), cLoop, cRecipe));
            }
        }
        // The bundled kernel first, then the cheap one; element mode before batch; by threads.
        rows.sort(Comparator.comparing((IndexRow r) -> !r.kernel().equals(BUNDLED)).thenComparing(IndexRow::kernel)
                .thenComparing(Comparator.comparing(IndexRow::mode).reversed()).thenComparingInt(IndexRow::threads));
        return rows;
    }

    /** The fastest Tessella configuration for a kernel and, when {@code threads > 0}, a thread count. */
    static Optional<IndexRow> fastestIndex(List<IndexRow> index, String kernel, int threads) {
        return index.stream().filter(r -> r.kernel().equals(kernel) && (threads <= 0 || r.threads() == threads))
                .min(Comparator.comparingDouble(r -> r.tessella().value()));
    }

    /** The measured peer of a suite with the least time per element among those {@code which} accepts. */
    static Optional<PeerRecord> strongest(PeerResults peers, String suite, Predicate<PeerRecord> which) {
        return peers.all().stream().filter(p -> p.measured() && p.suite().equals(suite) && which.test(p))
                .min(Comparator.comparingDouble(PeerRecord::nsPerElement));
    }

    private static List<ProcessRow> process(PeerResults peers) {
        record Key(String suite, String kernel) {
        }
        Map<Key, List<PeerRecord>> bySuite = new LinkedHashMap<>();
        for (PeerRecord p : peers.all()) {
            if (p.measured() && p.suite().startsWith(PROCESS)) {
                bySuite.computeIfAbsent(new Key(p.suite(), p.kernel()), k -> new ArrayList<>()).add(p);
            }
        }
        List<ProcessRow> rows = new ArrayList<>();
        bySuite.forEach((key, records) -> rows.add(new ProcessRow(key.suite(), key.kernel(),
                records.stream().filter(p -> p.peer().equals(TESSELLA_CLI)).findFirst(),
                records.stream().filter(p -> !p.peer().equals(TESSELLA_CLI)).sorted(Comparator.comparingDouble(PeerRecord::bestSeconds)).toList())));
        return rows;
    }

    private static List<TargetRow> indexTargets(List<IndexRow> index, PeerResults peers) {
        if (index.isEmpty()) {
            return List.of();
        }
        List<TargetRow> rows = new ArrayList<>();
        for (int threads = 1; threads <= 2; threads++) {
            Optional<IndexRow> best = fastestIndex(index, CHEAP, threads);
            rows.add(new TargetRow("cheap kernel, " + threads(String.valueOf(threads)) + ": Tessella ÷ C recipe on " + threads(String.valueOf(threads))
                    + best.map(r -> " (" + r.mode() + ")").orElse(""), threads == 1 ? 1.05 : 1.10,
                    best.flatMap(r -> r.cRecipe().map(c -> Measure.ratio(r.tessella(), c)))));
        }
        Optional<IndexRow> cheap2 = fastestIndex(index, CHEAP, 2);
        Optional<PeerRecord> numba = peers.all().stream()
                .filter(p -> p.measured() && p.suite().equals("index") && p.peer().equals("numba-prange") && CHEAP.equals(p.kernel())).findFirst();
        rows.add(new TargetRow("cheap kernel, 2 threads: Tessella ÷ numba prange" + numba.map(p -> " (" + p.workers() + " threads)").orElse(""), 1.0,
                cheap2.flatMap(r -> numba.map(p -> Measure.ratio(r.tessella(), new Measure(p.nsPerElement(), Double.NaN))))));
        for (int threads = 1; threads <= 2; threads++) {
            Optional<IndexRow> best = fastestIndex(index, BUNDLED, threads);
            rows.add(new TargetRow("bundled kernel, " + threads(String.valueOf(threads)) + ": Tessella ÷ C recipe on " + threads(String.valueOf(threads))
                    + best.map(r -> " (" + r.mode() + ")").orElse(""), 1.0, best.flatMap(r -> r.cRecipe().map(c -> Measure.ratio(r.tessella(), c)))));
        }
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
            // The fastest Tessella configuration over the same kernel.
            case "index" -> jmh.of("IndexBuilderBenchmark").stream()
                    .filter(r -> r.method().equals("tessella") && r.params().getOrDefault("kernel", BUNDLED).equals(p.kernel()))
                    .min(Comparator.comparingDouble(r -> r.nanosPerOp().value()))
                    .map(r -> compare(p, "Tessella " + r.params().get("mode").toLowerCase() + ", "
                            + threads(r.params().get("threads")) + (CHEAP.equals(p.kernel()) ? ", cheap kernel" : "")
                            + size(p, INDEX_ELEMENTS), r.nanosPerOp().value()));
            // A peer on several cores against Tessella on all cores where that ran; NumPy's one thread against one thread.
            case "outer" -> outerCounterpart(jmh, p, "touched".equals(p.params().get("output")));
            case "rowsum" -> nearest(jmh, p, "RowReductionBenchmark", "reduceVector", Map.of("op", "SUM"))
                    .map(r -> perElement(p, r, "Tessella row sums (Vector API), 1 thread"));
            // Recipe 4's cube: the peer that adds 4 x 4 tiles against Tessella's per-tile calls, the whole-array add against one call.
            case "add" -> jmh.find("CubeTilesBenchmark", p.params().containsKey("tile") ? "tiles4x4Vector" : "wholeCubeVector", Map.of())
                    .map(r -> compare(p, "Tessella add (Vector API), " + (r.method().startsWith("tiles") ? "4 x 4 tiles" : "whole cube")
                            + ", 1 thread" + size(p, CUBE), r.nanosPerOp().value() / CUBE))
                    .or(() -> nearest(jmh, p, "ElementwiseBenchmark", "elementwiseVector", Map.of("op", "ADD"))
                            .map(r -> perElement(p, r, "Tessella add (Vector API), 1 thread")));
            // One dtype's NumPy against the same dtype in Tessella, one thread.
            case "dtype-outer", "dtype-rowsum", "dtype-add" -> dtypeCounterpart(jmh, p, DTYPE_PEER_SUITES.get(p.suite()));
            default -> Optional.empty();
        };
    }

    private static Optional<PeerComparison> dtypeCounterpart(JmhResults jmh, PeerRecord p, DTypePeerTarget target) {
        Object dtype = p.params().get("dtype");
        if (dtype == null) {
            return Optional.empty();
        }
        String name = dtype.toString().toUpperCase(Locale.ROOT);
        // NumPy runs on one thread: Tessella's outer product too (the class also has a 2-thread run).
        Map<String, String> params = target.benchmark().equals("DTypeOuterBenchmark") ? Map.of("dtype", name, "threads", "1") : Map.of("dtype", name);
        return nearest(jmh, p, target.benchmark(), target.method(), params)
                .map(r -> perElement(p, r, "Tessella " + dtype.toString().toLowerCase(Locale.ROOT) + " " + target.label() + ", 1 thread"));
    }

    private static Optional<PeerComparison> outerCounterpart(JmhResults jmh, PeerRecord p, boolean touched) {
        if (p.workers() > 1) {
            Optional<PeerComparison> allCores = nearest(jmh, p, "ParallelOuterBenchmark", touched ? "vector" : "vectorFreshOutput", Map.of())
                    .map(r -> perElement(p, r, "Tessella Vector API" + (touched ? "" : ", fresh output") + ", "
                            + threads(r.params().getOrDefault("threads", "?"))));
            if (allCores.isPresent()) {
                return allCores;
            }
        }
        String method = touched ? "vector" : "vectorFreshOutput";
        return nearest(jmh, p, "OuterProductBenchmark", method, Map.of())
                .or(() -> nearest(jmh, p, "OuterProductBenchmark", "vector", Map.of()))
                .map(r -> perElement(p, r, "Tessella Vector API" + (r.method().equals("vector") ? "" : ", fresh output") + ", 1 thread"));
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
