package io.tessella.bench.report;

import java.util.Map;

/**
 * One JMH result: a benchmark method under one set of {@code @Param} values, as JMH writes it with
 * {@code -rf json}. Immutable.
 *
 * <pre>{@code
 * JmhResult r = results.find("OuterProductBenchmark", "fillBaseline", Map.of("shape", "16x256")).orElseThrow();
 * double gbps = r.secondary().get("bytes").value() / 1e9;
 * }</pre>
 *
 * @param benchmark the fully qualified method name, {@code io.tessella.bench.vector.OuterProductBenchmark.vector}
 * @param mode JMH's mode: {@code thrpt}, {@code avgt}, {@code ss}, {@code sample}
 * @param params the {@code @Param} values
 * @param primary the score in {@code unit}
 * @param unit the score's unit, {@code ops/s} or {@code ns/op} say
 * @param secondary secondary metrics by name (the {@code @AuxCounters} fields), in their own units
 */
public record JmhResult(String benchmark, String mode, Map<String, String> params, Measure primary, String unit,
        Map<String, Measure> secondary) {

    public JmhResult {
        params = Map.copyOf(params);
        secondary = Map.copyOf(secondary);
    }

    /** The simple class name: {@code OuterProductBenchmark}. */
    public String className() {
        String owner = benchmark.substring(0, benchmark.lastIndexOf('.'));
        return owner.substring(owner.lastIndexOf('.') + 1);
    }

    /** The method name: {@code vector}. */
    public String method() {
        return benchmark.substring(benchmark.lastIndexOf('.') + 1);
    }

    /**
     * The primary score in nanoseconds per operation, whatever the unit JMH wrote it in (time per
     * operation, or operations per time unit inverted).
     *
     * @throws IllegalStateException for a unit this report does not know
     */
    public Measure nanosPerOp() {
        String[] parts = unit.split("/");
        if (parts.length == 2 && parts[0].equals("ops")) {
            double perNs = primary.value() / nanos(parts[1]);
            // The error of 1/x to first order: err / x^2.
            return new Measure(1 / perNs, primary.error() / nanos(parts[1]) / (perNs * perNs));
        }
        if (parts.length == 2 && parts[1].equals("op")) {
            return primary.scaled(nanos(parts[0]));
        }
        throw new IllegalStateException(benchmark + ": unit '" + unit + "' is neither time/op nor ops/time");
    }

    private double nanos(String unit) {
        return switch (unit) {
            case "ns" -> 1;
            case "us" -> 1e3;
            case "ms" -> 1e6;
            case "s" -> 1e9;
            case "min" -> 60e9;
            default -> throw new IllegalStateException(benchmark + ": time unit '" + unit + "' is unknown");
        };
    }
}
