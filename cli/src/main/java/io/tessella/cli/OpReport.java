package io.tessella.cli;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one-line report of an array command: time and throughput as text, or one JSON object
 * ({@code --json}) for scripts.
 *
 * <pre>{@code OpReport.of("outer").put("rows", m).timed(seconds, bytes).print(out, json);}</pre>
 *
 * <p>Public for the {@code tessella spark} subcommands, which report the same way; not an API.
 */
public final class OpReport {
    private final Map<String, Object> fields = new LinkedHashMap<>();

    private OpReport(String op) {
        fields.put("op", op);
    }

    public static OpReport of(String op) {
        return new OpReport(op);
    }

    public OpReport put(String key, Object value) {
        fields.put(key, value);
        return this;
    }

    /** Compute time and total time (with opening and publishing the files), and bytes written. */
    public OpReport timed(double computeSeconds, double totalSeconds, long bytesWritten) {
        fields.put("seconds", computeSeconds);
        fields.put("totalSeconds", totalSeconds);
        fields.put("bytesWritten", bytesWritten);
        fields.put("gbPerSecond", computeSeconds > 0 ? bytesWritten / computeSeconds / 1e9 : 0.0);
        return this;
    }

    public void print(PrintWriter out, boolean json) throws IOException {
        if (json) {
            out.println(JSON.std.asString(fields));
            return;
        }
        StringBuilder s = new StringBuilder().append(fields.get("op")).append(":");
        fields.forEach((k, v) -> {
            if (!k.equals("op")) {
                Object shown = v instanceof Double d ? String.format("%.4g", d) : v instanceof long[] l ? Arrays.toString(l).replace(" ", "") : v;
                s.append(' ').append(k).append('=').append(shown);
            }
        });
        out.println(s);
    }
}
