package io.tessella.bench.report;

import java.util.ArrayList;
import java.util.List;

/**
 * A GitHub-flavoured Markdown table built row by row. Not thread-safe.
 *
 * <pre>{@code
 * MarkdownTable t = new MarkdownTable("size", "GB/s");
 * t.row("16x256", "57.6");
 * String md = t.render();   // "| size | GB/s |\n|---|---|\n| 16x256 | 57.6 |\n"
 * }</pre>
 */
public final class MarkdownTable {
    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    /** A table with these column titles. */
    public MarkdownTable(String... header) {
        this.header = List.of(header);
    }

    /**
     * Adds a row.
     *
     * @throws IllegalArgumentException if the row has not one cell per column
     */
    public MarkdownTable row(String... cells) {
        if (cells.length != header.size()) {
            throw new IllegalArgumentException("row has " + cells.length + " cells != " + header.size() + " columns");
        }
        rows.add(List.of(cells));
        return this;
    }

    /** The table as Markdown, ending in a newline. */
    public String render() {
        StringBuilder s = new StringBuilder();
        line(s, header);
        s.append("|").append("---|".repeat(header.size())).append('\n');
        rows.forEach(r -> line(s, r));
        return s.toString();
    }

    private static void line(StringBuilder s, List<String> cells) {
        s.append('|');
        // A pipe inside a cell would end it early.
        cells.forEach(c -> s.append(' ').append(c.replace("|", "\\|")).append(" |"));
        s.append('\n');
    }
}
