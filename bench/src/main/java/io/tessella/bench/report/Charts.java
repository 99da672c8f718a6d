package io.tessella.bench.report;

import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Draws the report's PNG charts with XChart, headless: outer-product GB/s against output size with
 * the store bandwidth as a dashed line, index-build ns/element by mode and threads beside the C loop,
 * scheduling overhead per tile against tile count, and one chart per recipe with Tessella, its bound and
 * every peer in ns per element (log scale). A chart whose benchmark was not measured is not drawn.
 * Stateless.
 *
 * <pre>{@code
 * List<String> written = Charts.writeAll(Path.of("bench/results"), findings);   // ["outer_gbps.png", ...]
 * }</pre>
 */
public final class Charts {
    /** File names, relative to the output directory. */
    public static final String OUTER = "outer_gbps.png", INDEX = "index_ns.png", SCHEDULING = "scheduling.png";
    /** One chart per recipe: Tessella, its bound and every peer in ns per element. */
    public static final String RECIPE1 = "recipe1_outer.png", RECIPE2 = "recipe2_index.png", RECIPE3 = "recipe3_rowsum.png",
            RECIPE4 = "recipe4_add.png";
    static final Map<String, String> RECIPES = Map.of(RECIPE1, "outer", RECIPE2, "index", RECIPE3, "rowsum", RECIPE4, "add");
    static final List<String> RECIPE_FILES = List.of(RECIPE1, RECIPE2, RECIPE3, RECIPE4);
    /** Every chart's size in pixels. */
    public static final int WIDTH = 1000, HEIGHT = 600;

    private Charts() {
    }

    /** Writes every chart that has data into {@code dir}; returns the file names written. */
    public static List<String> writeAll(Path dir, Findings f) throws IOException {
        List<String> written = new ArrayList<>();
        if (!f.outer().isEmpty()) {
            save(outer(f), dir.resolve(OUTER));
            written.add(OUTER);
        }
        if (!f.index().isEmpty()) {
            save(index(f), dir.resolve(INDEX));
            written.add(INDEX);
        }
        if (f.scheduling().stream().anyMatch(r -> r.floor().isPresent())) {
            save(scheduling(f), dir.resolve(SCHEDULING));
            written.add(SCHEDULING);
        }
        for (String file : RECIPE_FILES) {
            List<Bar> bars = bars(f, RECIPES.get(file));
            if (bars.stream().anyMatch(b -> b.kind() == Kind.TESSELLA)) {
                save(recipe(file, bars), dir.resolve(file));
                written.add(file);
            }
        }
        return written;
    }

    /** What a bar of a recipe chart shows. */
    enum Kind {
        TESSELLA("Tessella"), BOUND("C or bandwidth bound"), PEER("Python peers");

        final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    /** One bar: a label under it, ns per element, and what it is. */
    record Bar(String label, double ns, Kind kind) {
    }

    /** The bars of one recipe's chart, in the order drawn: Tessella's, the bounds, then each measured peer. */
    static List<Bar> bars(Findings f, String suite) {
        List<Bar> bars = new ArrayList<>();
        if (suite.equals("index")) {
            for (String kernel : List.of(Findings.BUNDLED, Findings.CHEAP)) {
                for (int threads = 1; threads <= 2; threads++) {
                    String t = Findings.threads(String.valueOf(threads));
                    Findings.fastestIndex(f.index(), kernel, threads).ifPresent(r -> {
                        bars.add(new Bar("Tessella " + r.mode().toLowerCase() + ", " + t + ", " + kernel, r.tessella().value(), Kind.TESSELLA));
                        r.cRecipe().ifPresent(c -> bars.add(new Bar("C recipe, " + t + ", " + kernel, c.value(), Kind.BOUND)));
                    });
                }
            }
        } else {
            String recipe = switch (suite) {
                case "outer" -> "1,";
                case "rowsum" -> "3,";
                default -> "4,";
            };
            for (Findings.HeadlineRow r : f.headline()) {
                if (r.recipe().startsWith(recipe)) {
                    r.tessella().ifPresent(m -> bars.add(new Bar(r.tessellaShort(), m.value(), Kind.TESSELLA)));
                    r.bound().ifPresent(m -> bars.add(new Bar(r.boundShort(), m.value(), Kind.BOUND)));
                }
            }
        }
        f.measuredPeers().stream().filter(p -> p.suite().equals(suite)).forEach(p -> bars.add(new Bar(p.label(), p.nsPerElement(), Kind.PEER)));
        return bars.stream().filter(b -> b.ns() > 0 && Double.isFinite(b.ns())).toList();
    }

    /** One bar per entry on a log scale, coloured by kind (XChart's overlapped series, one value each). */
    static CategoryChart recipe(String file, List<Bar> bars) {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT)
                .title("Recipe " + file.charAt("recipe".length()) + " (" + RECIPES.get(file) + "): ns per element, lower is better (log scale)")
                .yAxisTitle("ns per element (log scale)").build();
        style(chart.getStyler());
        chart.getStyler().setOverlapped(true);
        chart.getStyler().setYAxisLogarithmic(true);
        // Bars rise from the axis minimum, which XChart takes as 0 unless told: no bar on a log axis then.
        double least = bars.stream().mapToDouble(Bar::ns).filter(v -> v > 0).min().orElse(1);
        chart.getStyler().setYAxisMin(Math.pow(10, Math.floor(Math.log10(least))));
        chart.getStyler().setXAxisLabelRotation(45);
        chart.getStyler().setYAxisDecimalPattern("#,##0.##");
        // Outside on the right: the last rotated label reaches past the plot, and XChart drops a label that would leave the chart.
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        List<String> labels = new ArrayList<>();
        for (Bar b : bars) {
            // XChart keys categories by label: a repeated label would merge two bars.
            String label = b.label();
            while (labels.contains(label)) {
                label += " ";
            }
            labels.add(label);
        }
        Color[] colours = {new Color(0x1f77b4), Color.DARK_GRAY, new Color(0xff7f0e)};
        for (Kind kind : Kind.values()) {
            List<Double> values = new ArrayList<>();
            for (Bar b : bars) {
                values.add(b.kind() == kind ? b.ns() : null);
            }
            if (bars.stream().anyMatch(b -> b.kind() == kind)) {
                chart.addSeries(kind.label, labels, values).setFillColor(colours[kind.ordinal()]);
            }
        }
        return chart;
    }

    /** GB/s against output bytes (log x), one series per implementation, the store bandwidth dashed. */
    static XYChart outer(Findings f) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title("Outer product r[i, j] = y[i] * x[j], one thread: GB/s written by output size")
                .xAxisTitle("output size (KiB, log scale): L1 -> L2 -> L3 -> DRAM").yAxisTitle("GB/s written (1e9 bytes/s)").build();
        style(chart.getStyler());
        chart.getStyler().setXAxisLogarithmic(true);
        // XChart lays tick labels out linearly once given a formatting function, even on a log axis:
        // plotting KiB with a plain decimal pattern keeps the log ticks.
        chart.getStyler().setXAxisDecimalPattern("#,##0");
        Findings.OUTER_IMPLEMENTATIONS.forEach((method, label) -> {
            List<Double> x = new ArrayList<>(), y = new ArrayList<>();
            for (Findings.OuterRow row : f.outer()) {
                Measure m = row.gbps().get(method);
                if (m != null) {
                    x.add(row.bytes() / 1024.0);
                    y.add(m.value());
                }
            }
            if (!x.isEmpty()) {
                chart.addSeries(label, x, y).setMarker(SeriesMarkers.CIRCLE);
            }
        });
        List<Double> x = new ArrayList<>(), y = new ArrayList<>();
        f.outer().forEach(row -> row.store().ifPresent(st -> {
            x.add(row.bytes() / 1024.0);
            y.add(st.value());
        }));
        if (!x.isEmpty()) {
            XYSeries store = chart.addSeries(Findings.STORE_LABEL, x, y);
            store.setMarker(SeriesMarkers.NONE);
            store.setLineStyle(SeriesLines.DASH_DASH);
            store.setLineColor(Color.BLACK);
            store.setLineWidth(2.5f);
        }
        return chart;
    }

    /** Bars by mode: one per Tessella thread count, and the single-threaded C loop beside them. */
    static CategoryChart index(Findings f) {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT)
                .title("Index builder (recipe 2): ns per element, lower is better")
                .xAxisTitle("Tessella mode").yAxisTitle("ns per element").build();
        style(chart.getStyler());
        chart.getStyler().setLabelsVisible(true);
        chart.getStyler().setLabelsRotation(0);
        chart.getStyler().setDecimalPattern("#,##0.0");
        chart.getStyler().setYAxisMin(0.0);
        List<String> modes = f.index().stream().map(Findings.IndexRow::mode).distinct().toList();
        TreeSet<Integer> threads = new TreeSet<>();
        f.index().forEach(r -> threads.add(r.threads()));
        Map<String, List<Double>> values = new LinkedHashMap<>(), errors = new LinkedHashMap<>();
        for (int t : threads) {
            String name = "Tessella, " + Findings.threads(String.valueOf(t));
            for (String mode : modes) {
                Measure m = f.index().stream().filter(r -> r.mode().equals(mode) && r.threads() == t)
                        .map(Findings.IndexRow::tessella).findFirst().orElse(new Measure(0, 0));
                values.computeIfAbsent(name, k -> new ArrayList<>()).add(m.value());
                errors.computeIfAbsent(name, k -> new ArrayList<>()).add(finite(m.error()));
            }
        }
        String cLoop = "C loop calling the same kernel, 1 thread";
        baseline(f, modes, cLoop, Findings.IndexRow::cLoop, values, errors);
        String cRecipe = "the recipe's loop in C (sentinel test, calls, outputs), 1 thread";
        if (f.index().stream().anyMatch(r -> r.cRecipe().isPresent())) {
            baseline(f, modes, cRecipe, Findings.IndexRow::cRecipe, values, errors);
        }
        values.forEach((name, v) -> chart.addSeries(name, modes, v, errors.get(name)));
        chart.getSeriesMap().get(cLoop).setFillColor(Color.DARK_GRAY);
        if (chart.getSeriesMap().containsKey(cRecipe)) {
            chart.getSeriesMap().get(cRecipe).setFillColor(Color.GRAY);
        }
        return chart;
    }

    /**
     * A single-threaded C baseline's bars: it ignores mode and threads, so each mode's bar is the mean
     * of its runs beside that mode's forks, with the largest of their errors.
     */
    private static void baseline(Findings f, List<String> modes, String name, Function<Findings.IndexRow, Optional<Measure>> of,
            Map<String, List<Double>> values, Map<String, List<Double>> errors) {
        for (String mode : modes) {
            List<Measure> runs = f.index().stream().filter(r -> r.mode().equals(mode)).flatMap(r -> of.apply(r).stream()).toList();
            values.computeIfAbsent(name, k -> new ArrayList<>()).add(runs.stream().mapToDouble(Measure::value).average().orElse(0));
            errors.computeIfAbsent(name, k -> new ArrayList<>()).add(runs.stream().mapToDouble(m -> finite(m.error())).max().orElse(0));
        }
    }

    /** Overhead per tile above the floor against tile count, both axes log; points at or below the floor are left out. */
    static XYChart scheduling(Findings f) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title("Scheduling: cost per tile of one map() over an empty task, above a plain loop")
                .xAxisTitle("tiles per map() call (log scale)").yAxisTitle("overhead per tile (ns, log scale)").build();
        style(chart.getStyler());
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setYAxisDecimalPattern("#,##0");
        chart.getStyler().setXAxisDecimalPattern("#,##0");
        TreeSet<String> methods = new TreeSet<>();
        f.scheduling().forEach(r -> methods.addAll(r.nsPerTile().keySet()));
        for (String method : methods) {
            List<Double> x = new ArrayList<>(), y = new ArrayList<>();
            for (Findings.SchedulingRow r : f.scheduling()) {
                Measure m = r.nsPerTile().get(method);
                if (m != null && r.floor().isPresent()) {
                    double overhead = SummaryWriter.overhead(m, r.floor().get()).value();
                    if (overhead > 0) {
                        x.add((double) r.tiles());
                        y.add(overhead);
                    }
                }
            }
            if (!x.isEmpty()) {
                chart.addSeries(method, x, y).setMarker(SeriesMarkers.CIRCLE);
            }
        }
        return chart;
    }

    // Eight colours that stay apart in print; XChart's default palette repeats after five.
    private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728),
        new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x17becf)};

    private static void style(Styler s) {
        s.setSeriesColors(PALETTE);
        s.setLegendPosition(Styler.LegendPosition.OutsideS);
        s.setChartBackgroundColor(Color.WHITE);
        s.setAntiAlias(true);
    }

    private static double finite(double error) {
        return Double.isFinite(error) ? error : 0;
    }

    private static void save(Chart<?, ?> chart, Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
        }
    }
}
