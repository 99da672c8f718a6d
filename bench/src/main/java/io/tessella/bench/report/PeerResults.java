package io.tessella.bench.report;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code peers.json}, the JSON array of {@link PeerRecord}s the Python peers' runner writes. A
 * missing file reads as no records with {@link #missing()} true, so the report says "not measured".
 * Immutable once read; thread-safe.
 *
 * <pre>{@code
 * PeerResults peers = PeerResults.read(Path.of("bench/results/peers.json"));
 * peers.all().stream().filter(PeerRecord::measured).forEach(System.out::println);
 * }</pre>
 */
public final class PeerResults {
    private final List<PeerRecord> records;
    private final boolean missing;

    private PeerResults(List<PeerRecord> records, boolean missing) {
        this.records = List.copyOf(records);
        this.missing = missing;
    }

    /** The records in {@code file}; none, and {@link #missing()}, when it does not exist. */
    public static PeerResults read(Path file) throws IOException {
        if (!Files.exists(file)) {
            return new PeerResults(List.of(), true);
        }
        List<PeerRecord> out = new ArrayList<>();
        for (Object o : JSON.std.listFrom(Files.readString(file))) {
            if (!(o instanceof Map<?, ?> m)) {
                throw new IllegalArgumentException(file + ": expected JSON objects in the array, got " + o);
            }
            out.add(parse(m));
        }
        return new PeerResults(out, false);
    }

    /** Whether {@code peers.json} was absent. */
    public boolean missing() {
        return missing;
    }

    /** Every record, in file order. */
    public List<PeerRecord> all() {
        return records;
    }

    @SuppressWarnings("unchecked")
    private static PeerRecord parse(Map<?, ?> m) {
        Object skipped = m.get("skipped");
        Object params = m.get("params");
        Object versions = m.get("versions");
        return new PeerRecord(string(m.get("suite")), string(m.get("peer")),
                params instanceof Map<?, ?> p ? (Map<String, Object>) p : Map.of(),
                (long) number(m.get("elements"), 0), number(m.get("best_s"), Double.NaN),
                number(m.get("ns_per_element"), Double.NaN), number(m.get("gb_per_s"), Double.NaN),
                (int) number(m.get("workers"), 1), m.get("note") == null ? "" : string(m.get("note")),
                skipped == null ? null : string(skipped), m.get("interpreter") == null ? "" : string(m.get("interpreter")),
                versions instanceof Map<?, ?> v ? (Map<String, Object>) v : Map.of());
    }

    private static String string(Object o) {
        return o == null ? "?" : String.valueOf(o);
    }

    // Null (JSON null, or absent) means "not reported".
    private static double number(Object o, double absent) {
        if (o instanceof Number n) {
            return n.doubleValue();
        }
        return o == null ? absent : Double.parseDouble(String.valueOf(o));
    }
}
