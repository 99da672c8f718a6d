package io.tessella.bench.report;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The machine a run measured, from {@code machine.json} as {@code bench/run.sh} writes it (keys
 * {@code cpu}, {@code cpu_vendor}, {@code cpu_flags}, {@code cores}, {@code memory_gib}, {@code kernel},
 * {@code jdk}, {@code numpy}, {@code date}, {@code commit}); any key may be absent. Immutable.
 *
 * <pre>{@code
 * Machine.read(Path.of("bench/results/machine.json")).line()
 *     // "Intel(R) Xeon(R) ..., 2 cores, 23 GiB, Linux 6.8.0, JDK 25.0.1, NumPy 2.4.6; 2026-11-21T17:00:00Z; commit c5a7826"
 * }</pre>
 *
 * @param fields the JSON object's fields
 */
public record Machine(Map<String, Object> fields) {

    public Machine {
        fields = Map.copyOf(fields);
    }

    /** The machine described in {@code file}, or an empty description when the file does not exist. */
    public static Machine read(Path file) throws IOException {
        return Files.exists(file) ? new Machine(JSON.std.mapFrom(Files.readString(file))) : new Machine(Map.of());
    }

    /** One line for the top of the summary; "machine not recorded" when nothing is known. */
    public String line() {
        List<String> parts = new ArrayList<>();
        add(parts, "cpu", "%s");
        add(parts, "cores", "%s cores");
        add(parts, "memory_gib", "%s GiB");
        add(parts, "kernel", "Linux %s");
        add(parts, "jdk", "JDK %s");
        add(parts, "numpy", "NumPy %s");
        String line = String.join(", ", parts);
        List<String> when = new ArrayList<>();
        add(when, "date", "%s");
        add(when, "commit", "commit %s");
        if (!when.isEmpty()) {
            line = (line.isEmpty() ? "" : line + "; ") + String.join("; ", when);
        }
        return line.isEmpty() ? "machine not recorded" : line;
    }

    /**
     * The CPU model as {@code /proc/cpuinfo} names it, with its vendor and vector extensions where recorded:
     * {@code "AMD EPYC (AuthenticAMD; avx2 avx512f)"}; {@code "not recorded"} without a model.
     */
    public String cpu() {
        Object model = fields.get("cpu");
        if (model == null || String.valueOf(model).isBlank()) {
            return "not recorded";
        }
        List<String> about = new ArrayList<>();
        add(about, "cpu_vendor", "%s");
        add(about, "cpu_flags", "%s");
        return model + (about.isEmpty() ? "" : " (" + String.join("; ", about) + ")");
    }

    private void add(List<String> parts, String key, String format) {
        Object v = fields.get(key);
        if (v != null && !String.valueOf(v).isBlank()) {
            parts.add(String.format(format, v));
        }
    }
}
