package io.tessella.cli;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Prints the demo's results: a text table with the machine above and footnotes below, or the same
 * facts as one JSON document ({@code --json}).
 *
 * <pre>{@code new DemoTable(machine, rows, notes).print(out, json);}</pre>
 */
final class DemoTable {
    private final Map<String, Object> machine;
    private final List<DemoRow> rows;
    private final List<String> notes;

    DemoTable(Map<String, Object> machine, List<DemoRow> rows, List<String> notes) {
        this.machine = machine;
        this.rows = rows;
        this.notes = notes;
    }

    /** Fills in each row's speed-up over the first (baseline) row of its step. */
    static List<DemoRow> withSpeedUps(List<DemoRow> rows) {
        List<DemoRow> out = new ArrayList<>();
        double base = Double.NaN;
        for (DemoRow r : rows) {
            if (r.baseline()) {
                base = r.seconds();
            }
            out.add(r.withSpeedUp(r.seconds() > 0 ? base / r.seconds() : Double.NaN));
        }
        return out;
    }

    void print(PrintWriter out, boolean json, Map<String, Object> extra) throws IOException {
        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>(extra);
            doc.put("machine", machine);
            List<Map<String, Object>> list = new ArrayList<>();
            for (DemoRow r : rows) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("step", r.step());
                m.put("implementation", r.implementation());
                m.put("threads", r.threads());
                m.put("seconds", r.seconds());
                m.put("throughput", r.throughput());
                m.put("throughputUnit", r.unit());
                m.put("speedUp", r.speedUp());
                m.put("baseline", r.baseline());
                m.put("peakBytes", r.peakBytes());
                m.put("verified", r.verified());
                m.put("reference", r.reference());
                if (r.mismatch() != null) {
                    m.put("mismatch", r.mismatch());
                }
                list.add(m);
            }
            doc.put("rows", list);
            doc.put("notes", notes);
            out.println(JSON.std.with(JSON.Feature.PRETTY_PRINT_OUTPUT).asString(doc));
            out.flush();
            return;
        }
        machine.forEach((k, v) -> out.printf("%-10s %s%n", k + ":", v));
        out.println();
        String[] head = {"step", "implementation", "threads", "time", "throughput", "speed-up", "peak RSS", "verified"};
        List<String[]> cells = new ArrayList<>();
        cells.add(head);
        for (DemoRow r : rows) {
            cells.add(new String[] {r.step(), r.implementation() + (r.baseline() ? " *" : ""), Integer.toString(r.threads()), time(r.seconds()),
                    throughput(r), String.format(Locale.ROOT, "%.1fx", r.speedUp()), r.peakBytes() < 0 ? "?" : bytes(r.peakBytes()),
                    r.reference() ? "reference" : r.verified() ? "yes" : "NO"});
        }
        int[] width = new int[head.length];
        for (String[] c : cells) {
            for (int k = 0; k < c.length; k++) {
                width[k] = Math.max(width[k], c[k].length());
            }
        }
        for (int i = 0; i < cells.size(); i++) {
            String[] c = cells.get(i);
            StringBuilder line = new StringBuilder();
            for (int k = 0; k < c.length; k++) {
                // Names read left-aligned, numbers right-aligned.
                String fmt = k < 2 ? "%-" + width[k] + "s" : "%" + width[k] + "s";
                line.append(k == 0 ? "" : "  ").append(String.format(fmt, c[k]));
            }
            out.println(line.toString().stripTrailing());
            if (i == 0) {
                out.println("-".repeat(line.length()));
            }
        }
        out.println();
        for (String n : notes) {
            out.println(n);
        }
        out.flush();
    }

    private static String time(double s) {
        return s >= 1 ? String.format(Locale.ROOT, "%.2f s", s) : String.format(Locale.ROOT, "%.1f ms", s * 1e3);
    }

    private static String throughput(DemoRow r) {
        double v = r.throughput();
        if (r.unit().startsWith("GB/s")) {
            return String.format(Locale.ROOT, "%.2f %s", v, r.unit());
        }
        return String.format(Locale.ROOT, "%.1f M elements/s", v / 1e6);
    }

    /** Bytes in binary units, e.g. {@code 1.5 GiB}. */
    static String bytes(long b) {
        if (b >= 1L << 30) {
            return String.format(Locale.ROOT, "%.2f GiB", b / (double) (1L << 30));
        }
        if (b >= 1L << 20) {
            return String.format(Locale.ROOT, "%.0f MiB", b / (double) (1L << 20));
        }
        return String.format(Locale.ROOT, "%.0f KiB", b / 1024.0);
    }
}
