package io.tessella.bench.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The summary's first table: for each recipe, Tessella's figure beside the strongest peer measured in the
 * same run and the C or bandwidth bound, all as ns per element. Tessella's side is the all-core run
 * where {@code ParallelOuterBenchmark} ran (full mode) and the one-thread benchmark otherwise; the index
 * rows take the fastest configuration per kernel, with the C recipe on the same threads as the bound.
 * Stateless.
 */
final class Headlines {
    private Headlines() {
    }

    static List<Findings.HeadlineRow> of(JmhResults jmh, List<Findings.IndexRow> index, PeerResults peers) {
        List<Findings.HeadlineRow> rows = new ArrayList<>();
        rows.add(outer(jmh, peers, false));
        rows.add(outer(jmh, peers, true));
        for (String kernel : List.of(Findings.BUNDLED, Findings.CHEAP)) {
            rows.add(index(index, peers, kernel));
        }
        rows.add(rowsum(jmh, peers));
        rows.add(add(jmh, peers));
        return rows.stream().filter(r -> r.tessella().isPresent() || r.peer().isPresent()).toList();
    }

    private static Findings.HeadlineRow outer(JmhResults jmh, PeerResults peers, boolean touched) {
        String recipe = "1, outer product, " + (touched ? "existing (touched) output" : "fresh output");
        Optional<PeerRecord> peer = Findings.strongest(peers, "outer", p -> touched == "touched".equals(p.params().get("output")));
        Optional<JmhResult> all = largest(jmh, "ParallelOuterBenchmark", touched ? "vector" : "vectorFreshOutput");
        if (all.isPresent()) {
            JmhResult t = all.get();
            String shape = t.params().get("shape");
            Optional<JmhResult> bound = jmh.find("ParallelOuterBenchmark", touched ? "fillStreamingC" : "nativeFreshOutput", t.params());
            String threads = Findings.threads(t.params().getOrDefault("threads", "?"));
            return new Findings.HeadlineRow(recipe, "Vector API, " + threads + ", " + shape, Optional.of(perElement(t)), peer,
                    touched ? "C streaming stores over the same buffer and threads (store bandwidth)" : "C kernel into a fresh output, same threads",
                    bound.map(Headlines::perElement), "Tessella, " + output(touched) + ", " + threads,
                    touched ? "C streaming stores, " + threads : "C kernel, fresh output, " + threads);
        }
        Optional<JmhResult> one = largest(jmh, "OuterProductBenchmark", touched ? "vector" : "vectorFreshOutput");
        return new Findings.HeadlineRow(recipe, one.map(t -> "Vector API, 1 thread, " + t.params().get("shape")).orElse("Vector API"),
                one.map(Headlines::perElement), peer,
                touched ? "MemorySegment.fill of the same buffer, 1 thread (store bandwidth)" : "none measured in this run (ParallelOuterBenchmark has it)",
                touched ? one.flatMap(t -> jmh.find("OuterProductBenchmark", Findings.STORE, t.params())).map(Headlines::perElement) : Optional.empty(),
                "Tessella, " + output(touched) + ", 1 thread", "store bandwidth, 1 thread");
    }

    private static String output(boolean touched) {
        return touched ? "touched output" : "fresh output";
    }

    private static Findings.HeadlineRow index(List<Findings.IndexRow> index, PeerResults peers, String kernel) {
        Optional<Findings.IndexRow> best = Findings.fastestIndex(index, kernel, 0);
        return new Findings.HeadlineRow("2, index build, " + kernel + " kernel",
                best.map(r -> r.mode().toLowerCase() + " mode, " + Findings.threads(String.valueOf(r.threads())) + ", 1024x1024").orElse("index builder"),
                best.map(Findings.IndexRow::tessella),
                Findings.strongest(peers, "index", p -> kernel.equals(p.kernel())),
                best.map(r -> "the recipe's loop in C on " + Findings.threads(String.valueOf(r.threads()))).orElse("the recipe's loop in C"),
                best.flatMap(Findings.IndexRow::cRecipe), "Tessella", "C recipe");
    }

    private static Findings.HeadlineRow rowsum(JmhResults jmh, PeerResults peers) {
        Optional<JmhResult> t = largest(jmh, "RowReductionBenchmark", "reduceVector", Map.of("op", "SUM"));
        return new Findings.HeadlineRow("3, row sums", t.map(r -> "Vector API, 1 thread, " + r.params().get("shape")).orElse("Vector API"),
                t.map(Headlines::perElement), Findings.strongest(peers, "rowsum", p -> true),
                "what one core reads (four vector accumulators, any order)",
                t.flatMap(r -> jmh.find("RowReductionBenchmark", "readBandwidthBaseline", r.params())).map(Headlines::perElement),
                "Tessella, 1 thread", "read bandwidth, 1 thread");
    }

    private static Findings.HeadlineRow add(JmhResults jmh, PeerResults peers) {
        Optional<JmhResult> t = jmh.find("CubeTilesBenchmark", "wholeCubeVector", Map.of());
        return new Findings.HeadlineRow("4, add over the 365 x 16 x 16 cube", "Vector API, whole cube, 1 thread",
                t.map(r -> r.nanosPerOp().scaled(1.0 / Findings.CUBE)), Findings.strongest(peers, "add", p -> true),
                "none measured in this run", Optional.empty(), "Tessella, whole cube, 1 thread", "");
    }

    private static Optional<JmhResult> largest(JmhResults jmh, String className, String method) {
        return largest(jmh, className, method, Map.of());
    }

    /** The method's run on the largest {@code shape}. */
    private static Optional<JmhResult> largest(JmhResults jmh, String className, String method, Map<String, String> params) {
        return jmh.of(className).stream()
                .filter(r -> r.method().equals(method) && r.params().containsKey("shape") && r.params().entrySet().containsAll(params.entrySet()))
                .max(Comparator.comparingLong(r -> Findings.elements(r.params().get("shape"))));
    }

    /** ns per element of a run whose operation covers its whole {@code shape}. */
    private static Measure perElement(JmhResult r) {
        return r.nanosPerOp().scaled(1.0 / Findings.elements(r.params().get("shape")));
    }
}
