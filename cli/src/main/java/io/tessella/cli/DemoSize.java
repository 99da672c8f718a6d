package io.tessella.cli;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How large the demo's data is ({@code tessella demo --size}): {@link #SMALL} fits a laptop and runs in
 * about a minute on two cores; {@link #FULL} is the recipes' own sizes (an 8 GB outer product).
 * {@link #TINY} exists for tests and is not advertised.
 *
 * <pre>{@code DemoSize size = DemoSize.parse("full");  long cells = size.outerRows * size.outerCols;}</pre>
 */
enum DemoSize {
    TINY(37, 53, 29, 31, 5, 16, 16, 3, 1001),
    SMALL(20_000, 10_000, 4_000, 2_500, 365, 384, 384, 10, 1_000_000),
    MEDIUM(50_000, 10_000, 5_000, 5_000, 365, 768, 768, 10, 1_000_000),
    /** The recipes' sizes: 100000 × 10000 outer product, 10^8-element index build, (365, 16, 16) cube, 10 × 10^6 rows. */
    FULL(100_000, 10_000, 10_000, 10_000, 365, 16, 16, 10, 1_000_000);

    final long outerRows;
    final long outerCols;
    final long indexRows;
    final long indexCols;
    final long cubeDays;
    final long cubeHeight;
    final long cubeWidth;
    final long sumRows;
    final long sumCols;

    DemoSize(long outerRows, long outerCols, long indexRows, long indexCols, long cubeDays, long cubeHeight, long cubeWidth,
            long sumRows, long sumCols) {
        this.outerRows = outerRows;
        this.outerCols = outerCols;
        this.indexRows = indexRows;
        this.indexCols = indexCols;
        this.cubeDays = cubeDays;
        this.cubeHeight = cubeHeight;
        this.cubeWidth = cubeWidth;
        this.sumRows = sumRows;
        this.sumCols = sumCols;
    }

    /** Whether the cube is larger than recipe 4's (365, 16, 16), which the table must say. */
    boolean cubeScaledUp() {
        return cubeHeight != 16 || cubeWidth != 16 || cubeDays != 365;
    }

    String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code small}, {@code medium}, {@code full} (and the hidden {@code tiny}), in any case. */
    static DemoSize parse(String s) {
        for (DemoSize size : values()) {
            if (size.name().equalsIgnoreCase(s)) {
                return size;
            }
        }
        String advertised = Arrays.stream(values()).filter(v -> v != TINY).map(DemoSize::label).collect(Collectors.joining(", "));
        throw new IllegalArgumentException("--size " + s + " is not one of " + advertised);
    }
}
