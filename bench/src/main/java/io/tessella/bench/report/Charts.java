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
 * and scheduling overhead per tile against tile count. A chart whose benchmark was not measured is
 * not drawn. Stateless.
 *
 * <pre>{@code
 * List<String> written = Charts.writeAll(Path.of("bench/results"), findings);   // ["outer_gbps.png", ...]
 * }</pre>
 */
public final class Charts {
    /** File names, relative to the output directory. */
    public static final String OUTER = "outer_gbps.png", INDEX = "index_ns.png", SCHEDULING = "scheduling.png";
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
        return written;
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
