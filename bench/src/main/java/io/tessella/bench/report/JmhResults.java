package io.tessella.bench.report;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads JMH's JSON result files ({@code -rf json}) into {@link JmhResult}s and looks them up by class,
 * method and parameters. A missing file reads as no results, so that the report can say "not measured"
 * instead of failing. Immutable once read; thread-safe.
 *
 * <pre>{@code
 * JmhResults jmh = JmhResults.read(Path.of("bench/results/jmh.json"));
 * List<JmhResult> index = jmh.of("IndexBuilderBenchmark");
 * }</pre>
 */
public final class JmhResults {
    private final List<JmhResult> results;

    private JmhResults(List<JmhResult> results) {
        this.results = List.copyOf(results);
    }

    /** Results from {@code file}; none when the file does not exist. */
    public static JmhResults read(Path file) throws IOException {
        if (!Files.exists(file)) {
            return new JmhResults(List.of());
        }
        List<JmhResult> out = new ArrayList<>();
        for (Object o : JSON.std.listFrom(Files.readString(file))) {
            out.add(parse(map(o)));
        }
        return new JmhResults(out);
    }

    /**
     * Concatenates several JMH result files into one JSON array: {@code run.sh} runs each benchmark
     * class in its own JMH invocation (their {@code shape} parameters mean different things), yet the
     * report and readers want one {@code jmh.json}. Missing inputs are skipped.
     */
    public static void merge(Path out, List<Path> inputs) throws IOException {
        List<Object> all = new ArrayList<>();
        for (Path in : inputs) {
            if (Files.exists(in)) {
                all.addAll(JSON.std.listFrom(Files.readString(in)));
            }
        }
        Files.writeString(out, JSON.std.with(JSON.Feature.PRETTY_PRINT_OUTPUT).asString(all) + "\n");
    }

    /** Every result, in file order. */
    public List<JmhResult> all() {
        return results;
    }

    /** The results of one benchmark class, by simple name. */
    public List<JmhResult> of(String className) {
        return results.stream().filter(r -> r.className().equals(className)).toList();
    }

    /** The result of one method whose parameters include {@code params}. */
    public Optional<JmhResult> find(String className, String method, Map<String, String> params) {
        return results.stream()
                .filter(r -> r.className().equals(className) && r.method().equals(method))
                .filter(r -> r.params().entrySet().containsAll(params.entrySet()))
                .findFirst();
    }

    private static JmhResult parse(Map<String, Object> o) {
        Map<String, String> params = new LinkedHashMap<>();
        if (o.get("params") instanceof Map<?, ?> p) {
            p.forEach((k, v) -> params.put(String.valueOf(k), String.valueOf(v)));
        }
        Map<String, Object> primary = map(o.get("primaryMetric"));
        Map<String, Measure> secondary = new LinkedHashMap<>();
        if (o.get("secondaryMetrics") instanceof Map<?, ?> s) {
            s.forEach((k, v) -> secondary.put(String.valueOf(k), measure(map(v))));
        }
        return new JmhResult(String.valueOf(o.get("benchmark")), String.valueOf(o.get("mode")), params,
                measure(primary), String.valueOf(primary.get("scoreUnit")), secondary);
    }

    private static Measure measure(Map<String, Object> metric) {
        return new Measure(number(metric.get("score")), number(metric.get("scoreError")));
    }

    // JMH writes NaN and infinities as strings ("NaN"), numbers otherwise.
    private static double number(Object o) {
        if (o instanceof Number n) {
            return n.doubleValue();
        }
        return o == null ? Double.NaN : Double.parseDouble(String.valueOf(o));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        if (!(o instanceof Map<?, ?>)) {
            throw new IllegalArgumentException("expected a JSON object, got " + o);
        }
        return (Map<String, Object>) o;
    }
}
