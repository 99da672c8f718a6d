package io.tessella.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report on a committed fixture: {@code jmh.json} is a real (short, noisy) JMH run of
 * OuterProductBenchmark (16x256, 256x4096), IndexBuilderBenchmark and SchedulingBenchmark (100, 1000
 * tiles); {@code jmh-all-cores.json} one of ParallelOuterBenchmark (2000x10000, 2 threads, run.sh's
 * full-mode options) and KernelCallBenchmark; {@code jmh-index.json} one of IndexBuilderBenchmark with both
 * kernels and the C recipe on 1 and 2 threads (three very short iterations on a busy machine: wide errors);
 * {@code peers.json} holds one measured and one skipped peer; {@code peers-all.json} is
 * {@code run_peers.py --smoke} output with every peer, the whole-process ones included, on two interpreters;
 * {@code jmh-dtypes.json} a short run of the DType*Benchmark classes and GenericKernelBenchmark on tiny shapes
 * (one 200 ms warm-up: scores far from steady state), and {@code peers-dtypes.json} the records of
 * {@code dtype_numpy.py} on the same shapes.
 * Expected numbers are computed here from the raw scores copied out of the fixture, not through the report's code.
 */
class BenchReportTest {
    @TempDir
    Path dir;

    private String report(String... fixtures) throws IOException {
        for (String name : fixtures) {
            try (InputStream in = getClass().getResourceAsStream(name)) {
                assertNotNull(in, "fixture " + name);
                Files.copy(in, dir.resolve(name));
            }
        }
        BenchReport.write(dir);
        return Files.readString(dir.resolve(BenchReport.SUMMARY));
    }

    private String full() throws IOException {
        return report("jmh.json", "peers.json", "machine.json");
    }

    private static String line(String summary, String start) {
        return summary.lines().filter(l -> l.startsWith(start)).findFirst()
                .orElseThrow(() -> new AssertionError("no line starting '" + start + "' in\n" + summary));
    }

    @Test
    void outerProductRowShowsGigabytesPerSecondWithErrorAndTheRatioToTheStoreBandwidth() throws IOException {
        String row = line(full(), "| 256x4096 |");
        // vector: bytes score 4.820109220949338E10 ± 3.959208212022979E10; fillBaseline 5.762680826154067E10 ± 9.570163620884283E9.
        double ratio = 4.820109220949338E10 / 5.762680826154067E10;
        assertEquals("0.84×", String.format(Locale.ROOT, "%.2f×", ratio));
        assertTrue(row.contains("| 48.2 ± 39.6 (0.84×) |"), row);
        assertTrue(row.endsWith("| 57.6 ± 9.57 |"), row);
        assertTrue(row.startsWith("| 256x4096 | 8.00 MiB |"), row);
    }

    // As run.sh does: one JMH file per benchmark class, merged into jmh.json.
    private String withAllCoreRuns() throws IOException {
        for (String name : List.of("jmh.json", "jmh-all-cores.json", "peers.json", "machine.json")) {
            try (InputStream in = getClass().getResourceAsStream(name)) {
                assertNotNull(in, "fixture " + name);
                Files.copy(in, dir.resolve(name.equals("jmh.json") ? "jmh-one-thread.json" : name));
            }
        }
        JmhResults.merge(dir.resolve(BenchReport.JMH), List.of(dir.resolve("jmh-one-thread.json"), dir.resolve("jmh-all-cores.json")));
        BenchReport.write(dir);
        return Files.readString(dir.resolve(BenchReport.SUMMARY));
    }

    @Test
    void allCoreOuterProductShowsGigabytesPerSecondBesideTheStreamingStoreBandwidth() throws IOException {
        String row = line(withAllCoreRuns(), "| 2000x10000 | 2 |");
        // Single-shot ms per call of 2000 x 10000 x 8 bytes: vector 5.837028899999999 ± 0.5641557909258109,
        // fillStreamingC 4.548896166666667 ± 0.4374250332627619.
        double bytes = 2000 * 10000 * 8.0, vector = 5.837028899999999e6, store = 4.548896166666667e6;
        assertEquals(27.41, bytes / vector, 0.01);
        assertEquals(2.649, bytes * 0.5641557909258109e6 / (vector * vector), 0.001);
        assertEquals(0.78, store / vector, 0.005);
        // The recorded run predates the default (auto) column, the first: it shows as not measured.
        assertTrue(row.startsWith("| 2000x10000 | 2 | 153 MiB | not measured | 27.4 ± 2.65 (0.78×) |"), row);
        assertTrue(row.endsWith("| 35.2 ± 3.38 |"), row);
        assertEquals(3 + Findings.PARALLEL_OUTER_IMPLEMENTATIONS.size() + 1, row.split("\\|", -1).length - 2, row);
    }

    @Test
    void kernelCallsShowNanosPerElementAndTheRatioToTheCLoop() throws IOException {
        String summary = withAllCoreRuns();
        // batchDowncall 59.999125321544675 ± 1.8041063165281708 ns/op; cLoop 61.921813617565896 ns/op.
        assertEquals(0.969, 59.999125321544675 / 61.921813617565896, 1e-3);
        assertEquals("| batch downcall | 60.0 ± 1.80 | 0.97× |", line(summary, "| batch downcall |"));
        assertEquals("| C loop over the array (one downcall) | 61.9 ± 4.98 | 1.00× |", line(summary, "| C loop over the array"));
        // The one-thread sections read the same merged file unchanged.
        assertTrue(line(summary, "| 256x4096 |").contains("| 48.2 ± 39.6 (0.84×) |"));
        assertEquals("| bundled | ELEMENT | 1 | 82.5 ± 113 | 61.3 ± 15.8 | 1.35× | +21.2 | 74.7 ± 3.03 | 1.10× |",
                line(summary, "| bundled | ELEMENT | 1 |"));
    }

    @Test
    void indexRowShowsNanosPerElementBesideTheCLoopAndTheirRatio() throws IOException {
        String row = line(full(), "| bundled | ELEMENT | 1 |");
        // tessella 82.48822763231065 ± 112.76017530996927 ns/op; cLoop 61.32882308959961 ± 15.750553028066383 ns/op.
        double ratio = 82.48822763231065 / 61.32882308959961;
        assertEquals(1.345, ratio, 1e-3);
        assertEquals(21.159, 82.48822763231065 - 61.32882308959961, 1e-3);
        // cRecipe 74.70 ± 3.03 ns/op beside it.
        assertEquals(1.104, 82.48822763231065 / 74.70, 1e-3);
        assertEquals("| bundled | ELEMENT | 1 | 82.5 ± 113 | 61.3 ± 15.8 | 1.35× | +21.2 | 74.7 ± 3.03 | 1.10× |", row);
    }

    @Test
    void indexRowsWithoutTheCRecipeSayItWasNotMeasured() throws IOException {
        assertTrue(line(full(), "| bundled | BATCH | 2 |").endsWith("| not measured | not measured |"));
    }

    @Test
    void indexSectionGivesTheBuildersOwnCostByMode() throws IOException {
        // IndexOverheadBenchmark.builderOnly: ELEMENT 4.673 ± 0.595, BATCH 4.476 ± 1.041 ns/op (ns per element).
        String summary = full();
        assertTrue(summary.contains("The builder alone, with a kernel that does nothing (IndexOverheadBenchmark, 1 thread): "
                + "BATCH 4.48 ± 1.04 ns/element, ELEMENT 4.67 ± 0.595 ns/element."), summary);
    }

    @Test
    void schedulingShowsOverheadPerTileAboveTheFloorAtEachTileCount() throws IOException {
        String summary = full();
        // executorVirtual at 1000 tiles: 97053.91318563932 ns per call, floor 72658.11878756096, error 319286.961433607.
        double overhead = (97053.91318563932 - 72658.11878756096) / 1000;
        assertEquals(24.3958, overhead, 1e-4);
        assertTrue(line(summary, "| implementation | 100 tiles | 1000 tiles |").length() > 0);
        // At 100 tiles: (34085.35520903094 - 8039.792058162612) / 100 = 260.46, error 1885.91, shown to the unit.
        assertEquals("| executorVirtual | 260 ± 1886 | 24.4 ± 319 |", line(summary, "| executorVirtual |"));
    }

    @Test
    void peerComparisonIsARatioAgainstTheFastestTessellaConfiguration() throws IOException {
        String summary = full();
        // Fastest tessella row: ELEMENT, 1 thread at 82.48822763231065 ns; the ctypes loop: 2000 ns/element.
        double speedup = 2000.0 / 82.48822763231065;
        assertEquals(24, Math.round(speedup));
        assertTrue(summary.contains("- Tessella element, 1 thread: 24× faster than the ctypes-loop peer (index)"), summary);
    }

    @Test
    void everyPeerOfTheRealRunnerIsComparedWithItsOwnTessellaCounterpart() throws IOException {
        // peers-runner.json: bench/peers/run_peers.py --quick output; jmh.json also holds CubeTilesBenchmark
        // and RowReductionBenchmark (op=SUM, 10x1000000) runs.
        Files.copy(getClass().getResourceAsStream("peers-runner.json"), dir.resolve("peers.json"));
        String summary = report("jmh.json");
        // numpy-sum 0.4421809000632493 ns/element; reduceVector 128.1556571467029 calls/s of 1e7 elements.
        double rowsum = 0.4421809000632493 / (1e9 / 128.1556571467029 / 1e7);
        assertEquals(1.76, 1 / rowsum, 0.01);
        assertTrue(summary.contains("- Tessella row sums (Vector API), 1 thread: 1.8× slower than the numpy-sum peer (rowsum)"), summary);
        // multiprocessing-tiles (add) 370.23988655908846 ns/element; tiles4x4Vector 100.45244646559043 us per 365*16*16 elements.
        double tiles = 370.23988655908846 / (100.45244646559043 * 1000 / (365 * 16 * 16));
        assertEquals(344, Math.round(tiles));
        assertTrue(summary.contains("- Tessella add (Vector API), 4 x 4 tiles, 1 thread: 344× faster than the multiprocessing-tiles (2 workers) peer (add)"), summary);
        // numpy-add 0.2370933355276265 ns/element; wholeCubeVector 35.51938127291784 us per cube.
        double whole = 0.2370933355276265 / (35.51938127291784 * 1000 / (365 * 16 * 16));
        assertEquals(1.60, 1 / whole, 0.01);
        assertTrue(summary.contains("- Tessella add (Vector API), whole cube, 1 thread: 1.6× slower than the numpy-add peer (add)"), summary);
        // ctypes-loop 2093.777568816513 ns/element on 512 x 512; the fastest tessella row 82.48822763231065 ns on 1024 x 1024.
        assertEquals(25, Math.round(2093.777568816513 / 82.48822763231065));
        assertTrue(summary.contains("- Tessella element, 1 thread (at 1048576 elements): 25× faster than the ctypes-loop peer (index)"), summary);
        assertTrue(summary.contains("Tessella Vector API, fresh output, 1 thread (at 256x4096, 1048576 elements)"), summary);
    }


    // As run.sh does, with IndexBuilderBenchmark's two kernels (jmh-index.json, in place of jmh.json's older index
    // results) and every peer of the runner.
    private String withBothKernelsAndEveryPeer() throws IOException {
        for (String name : List.of("jmh.json", "jmh-index.json", "peers-all.json", "machine.json")) {
            try (InputStream in = getClass().getResourceAsStream(name)) {
                assertNotNull(in, "fixture " + name);
                Files.copy(in, dir.resolve(name.equals("peers-all.json") ? BenchReport.PEERS : name.equals("jmh.json") ? "jmh-one-thread.json" : name));
            }
        }
        List<Object> others = JSON.std.listFrom(Files.readString(dir.resolve("jmh-one-thread.json"))).stream()
                .filter(r -> !String.valueOf(((Map<?, ?>) r).get("benchmark")).contains(".IndexBuilderBenchmark.")).toList();
        Files.writeString(dir.resolve("jmh-one-thread.json"), JSON.std.asString(others));
        JmhResults.merge(dir.resolve(BenchReport.JMH), List.of(dir.resolve("jmh-one-thread.json"), dir.resolve("jmh-index.json")));
        BenchReport.write(dir);
        return Files.readString(dir.resolve(BenchReport.SUMMARY));
    }

    @Test
    void indexRowsPairEachKernelWithItsOwnCBaselinesOnTheSameThreads() throws IOException {
        String summary = withBothKernelsAndEveryPeer();
        // cheap, BATCH, 2 threads: tessella 58.326050249735516 ± 337.73499586908997; cLoop (cheap, 1 thread) 4.275504981138691 ± 5.159771673851845;
        // cRecipe (cheap, 2 threads) 15.341245928847018 ± 37.83150856265641.
        double t = 58.326050249735516, loop = 4.275504981138691, recipe = 15.341245928847018;
        assertEquals("13.64", String.format(Locale.ROOT, "%.2f", t / loop));
        assertEquals("3.80", String.format(Locale.ROOT, "%.2f", t / recipe));
        assertEquals("| cheap | BATCH | 2 | 58.3 ± 338 | 4.28 ± 5.16 | 13.64× | +54.1 | 15.3 ± 37.8 | 3.80× |", line(summary, "| cheap | BATCH | 2 |"));
        assertEquals(8, summary.lines().filter(l -> l.startsWith("| bundled | ") || l.startsWith("| cheap | ")).count(), "one row per configuration");
    }

    @Test
    void targetsGiveEachRatioWithItsErrorAndSayWhetherTheLimitHolds() throws IOException {
        String summary = withBothKernelsAndEveryPeer();
        // Cheap kernel, 1 thread: ELEMENT (58.476579833030705 ± 800.4667131756479) beats BATCH (122.19...); cRecipe 12.328019431143096 ± 92.41051008291471.
        double t = 58.476579833030705, et = 800.4667131756479, c = 12.328019431143096, ec = 92.41051008291471;
        double r = t / c, e = r * Math.sqrt(Math.pow(et / t, 2) + Math.pow(ec / c, 2));
        assertEquals(4.743, r, 1e-3);
        assertEquals(74.03, e, 0.01);
        assertEquals("| cheap kernel, 1 thread: Tessella ÷ C recipe on 1 thread (ELEMENT) | 4.74 ± 74.0× | 1.05× | within error |",
                line(summary, "| cheap kernel, 1 thread:"));
        // Cheap kernel, 2 threads, against the numba peer (177608.40476165913 ns/element, no error): ELEMENT 39.54673371390691 ± 65.46167000301934.
        double n = 39.54673371390691 / 177608.40476165913;
        assertEquals("2.23e-04", String.format(Locale.ROOT, "%.2e", n));
        assertEquals("3.69e-04", String.format(Locale.ROOT, "%.2e", n * 65.46167000301934 / 39.54673371390691));
        assertEquals("| cheap kernel, 2 threads: Tessella ÷ numba prange (2 threads) | 2.23e-04 ± 3.69e-04× | 1.00× | yes |",
                line(summary, "| cheap kernel, 2 threads: Tessella ÷ numba"));
        assertEquals("no", SummaryWriter.met(new Measure(1.2, 0.1), 1.05));
        assertEquals("yes", SummaryWriter.met(new Measure(0.9, 0.1), 1.05));
        assertEquals("within error", SummaryWriter.met(new Measure(1.0, 0.1), 1.05));
        assertEquals("yes", SummaryWriter.met(new Measure(1.0, Double.NaN), 1.05));
    }

    @Test
    void headlineSetsEachRecipeBesideItsStrongestPeerAndItsBound() throws IOException {
        String summary = withBothKernelsAndEveryPeer();
        // Cheap kernel: Tessella's fastest is ELEMENT on 2 threads, 39.54673371390691 ± 65.46167000301934; the cheapest
        // cheap-kernel peer is the ctypes loop at 4047.428568637337 ns/element; the C recipe on 2 threads 47.81589029894934 ± 416.18160228121195.
        double t = 39.54673371390691, p = 4047.428568637337, c = 47.81589029894934;
        double r = t / c, e = r * Math.sqrt(Math.pow(65.46167000301934 / t, 2) + Math.pow(416.18160228121195 / c, 2));
        assertEquals("0.00977", String.format(Locale.ROOT, "%.3g", t / p));
        assertEquals("0.827 ± 7.33", String.format(Locale.ROOT, "%.3g ± %.3g", r, e));
        assertEquals("| 2, index build, cheap kernel | element mode, 2 threads, 1024x1024 | 39.5 ± 65.5 | ctypes-loop, cheap kernel, NumPy 2.4.6 "
                + "| 4047 | 0.00977× | the recipe's loop in C on 2 threads | 47.8 ± 416 | 0.827 ± 7.33× |", line(summary, "| 2, index build, cheap kernel |"));
        // Row sums: reduceVector 128.1556571467029 calls/s of 1e7 elements; numpy-sum 278.2149999802641 ns/element (a smoke run's 200 elements);
        // no read-bandwidth run in the fixture.
        String rowsum = line(summary, "| 3, row sums |");
        assertTrue(rowsum.startsWith("| 3, row sums | Vector API, 1 thread, 10x1000000 | 0.780 "), rowsum);
        assertTrue(rowsum.contains("| numpy-sum, NumPy 2.4.6 | 278 | 0.00280× |"), rowsum);
        assertTrue(rowsum.endsWith("| not measured | not measured |"), rowsum);
        assertEquals(0.00280, 1e9 / 128.1556571467029 / 1e7 / 278.2149999802641, 1e-5);
    }

    @Test
    void wholeProcessesCompareBinTessellaWithTheFastestPythonProgram() throws IOException {
        String summary = withBothKernelsAndEveryPeer();
        // process-outer: tessella-cli 0.776236076000032 s; numexpr 0.15438833000007435 s beats numpy-broadcast 0.209874414000069 and numba 1.62...
        assertEquals("5.03", String.format(Locale.ROOT, "%.2f", 0.776236076000032 / 0.15438833000007435));
        assertEquals("| outer | 35 | 0.776 | numexpr (2 workers), NumPy 1.24.2 | 0.154 | 5.03× | numexpr 0.154, numpy-broadcast 0.210, numba-prange 1.62 |",
                line(summary, "| outer | 35 |"));
        // process-index over the cheap kernel: tessella-cli 1.2721748900000875 s; the ctypes loop 0.24958891599999333 s.
        assertEquals("5.10", String.format(Locale.ROOT, "%.2f", 1.2721748900000875 / 0.24958891599999333));
        assertTrue(line(summary, "| index, cheap kernel | 42 |").contains("| 1.27 | ctypes-loop, cheap kernel, NumPy 2.4.6 | 0.250 | 5.10× |"));
    }

    @Test
    void peersTableNamesEachPeersInterpreterAndNumpy() throws IOException {
        String summary = withBothKernelsAndEveryPeer();
        String row = line(summary, "| index | numba-prange, cheap kernel (2 workers) |");
        assertTrue(row.startsWith("| index | numba-prange, cheap kernel (2 workers) | 42 | `/usr/bin/python3` | 1.24.2 |"), row);
        assertTrue(summary.contains("- Tessella element, 2 threads, cheap kernel (at 1048576 elements): "), summary);
    }

    @Test
    void summaryNamesTheCpuModelWithItsVendorAndVectorFlags() throws IOException {
        assertTrue(line(full(), "CPU model:").startsWith("CPU model: Test CPU @ 2.0GHz (TestVendor; avx2 avx512f) ("));
        Files.writeString(dir.resolve("machine.json"), "{\"cores\": 2}");
        BenchReport.write(dir);
        assertTrue(Files.readString(dir.resolve(BenchReport.SUMMARY)).contains("CPU model: not recorded"));
    }

    @Test
    void eachRecipeHasAChartOfTessellaItsBoundAndItsPeers() throws IOException {
        String summary = withBothKernelsAndEveryPeer();
        for (String chart : Charts.RECIPE_FILES) {
            BufferedImage image = ImageIO.read(dir.resolve(chart).toFile());
            assertNotNull(image, chart + " does not decode");
            assertEquals(Charts.WIDTH, image.getWidth(), chart);
            assertEquals(Charts.HEIGHT, image.getHeight(), chart);
            assertTrue(summary.contains("](" + chart + ")"), "summary links " + chart);
        }
    }

    @Test
    void recipeChartBarsAreTessellaTheBoundsAndEveryMeasuredPeerOfTheSuite() throws IOException {
        withBothKernelsAndEveryPeer();
        Findings f = Findings.of(JmhResults.read(dir.resolve(BenchReport.JMH)), PeerResults.read(dir.resolve(BenchReport.PEERS)));
        List<Charts.Bar> bars = Charts.bars(f, "index");
        // Per kernel and thread count: Tessella's fastest mode and the C recipe on those threads; then the ten index peer records.
        assertEquals(8 + 10, bars.size(), bars.toString());
        assertEquals(new Charts.Bar("Tessella batch, 1 thread, bundled", 171.67528120676675, Charts.Kind.TESSELLA), bars.get(0));
        assertEquals(new Charts.Bar("C recipe, 1 thread, bundled", 175.55693896611533, Charts.Kind.BOUND), bars.get(1));
        assertEquals(10, bars.stream().filter(b -> b.kind() == Charts.Kind.PEER).count());
    }

    @Test
    void skippedPeerIsListedWithItsReason() throws IOException {
        assertTrue(full().contains("- joblib (index): skipped: joblib is not installed (pip install joblib)"));
    }

    @Test
    void machineLineNamesTheCpuAndTheCommit() throws IOException {
        assertEquals("Machine: Test CPU @ 2.0GHz, 2 cores, 23 GiB, Linux 6.8.0, JDK 25.0.1, NumPy 2.4.6; 2026-11-21T17:25:00Z; commit c5a7826",
                line(full(), "Machine:"));
    }

    @Test
    void quickRunsAreMarkedAsNotForQuoting() throws IOException {
        assertFalse(full().contains("Quick mode"), "the fixture's machine.json has no mode");
        Files.writeString(dir.resolve("machine.json"), "{\"cpu\": \"Test CPU\", \"mode\": \"quick\"}");
        BenchReport.write(dir);
        assertTrue(Files.readString(dir.resolve(BenchReport.SUMMARY)).contains("Quick mode (`bench/run.sh --quick`)"));
    }

    @Test
    void chartsDecodeAsPngsOfTheDocumentedSize() throws IOException {
        String summary = full();
        for (String chart : List.of(Charts.OUTER, Charts.INDEX, Charts.SCHEDULING)) {
            BufferedImage image = ImageIO.read(dir.resolve(chart).toFile());
            assertNotNull(image, chart + " does not decode");
            assertEquals(Charts.WIDTH, image.getWidth(), chart);
            assertEquals(Charts.HEIGHT, image.getHeight(), chart);
            assertTrue(summary.contains("](" + chart + ")"), "summary links " + chart);
        }
    }

    @Test
    void missingPeersFileReadsAsNotMeasured() throws IOException {
        String summary = report("jmh.json", "machine.json");
        assertTrue(summary.contains("Python peers: not measured (no peers.json)."), summary);
    }

    @Test
    void missingBenchmarksReadAsNotMeasuredAndDrawNoChart() throws IOException {
        String summary = report("peers.json");
        assertTrue(summary.contains("OuterProductBenchmark: not measured."), summary);
        assertTrue(summary.contains("IndexBuilderBenchmark: not measured."), summary);
        assertTrue(summary.contains("SchedulingBenchmark (with a `tiles` parameter): not measured."), summary);
        assertTrue(summary.contains("ParallelOuterBenchmark: not measured."), summary);
        assertTrue(summary.contains("KernelCallBenchmark: not measured."), summary);
        assertTrue(summary.contains("- ctypes-loop (index): measured, but Tessella's index benchmark was not measured in this run"), summary);
        assertTrue(summary.contains("Machine: machine not recorded"), summary);
        assertFalse(Files.exists(dir.resolve(Charts.OUTER)));
    }

    @Test
    void mergeConcatenatesJmhFilesAndSkipsMissingOnes() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("jmh.json")) {
            Files.copy(in, dir.resolve("a.json"));
        }
        Path merged = dir.resolve("merged.json");
        JmhResults.merge(merged, List.of(dir.resolve("a.json"), dir.resolve("absent.json"), dir.resolve("a.json")));
        assertEquals(2 * JmhResults.read(dir.resolve("a.json")).all().size(), JmhResults.read(merged).all().size());
    }

    @Test
    void inputLayoutsShowTheirTimeAgainstTheCOrderInputsInTheSameRun() throws IOException {
        for (String name : List.of("jmh.json", "jmh-layouts.json", "peers.json", "machine.json")) {
            try (InputStream in = getClass().getResourceAsStream(name)) {
                assertNotNull(in, "fixture " + name);
                Files.copy(in, dir.resolve(name.equals("jmh.json") ? "jmh-one-thread.json" : name));
            }
        }
        JmhResults.merge(dir.resolve(BenchReport.JMH), List.of(dir.resolve("jmh-one-thread.json"), dir.resolve("jmh-layouts.json")));
        BenchReport.write(dir);
        String summary = Files.readString(dir.resolve(BenchReport.SUMMARY));
        // jmh-layouts.json (a short run, -p shape=200x1000 -p threads=1): LayoutAddBenchmark mixed 3.5578336370936157 ms/op,
        // contiguous 0.16225943314791402; LayoutIndexBenchmark fortran 136.90968561172485 ns/op, contiguous 113.25678420066833.
        String add = line(summary, "| add (ArrayOps.elementwise) | mixed |");
        assertEquals("21.93×", String.format(Locale.ROOT, "%.2f×", 3.5578336370936157 / 0.16225943314791402));
        assertTrue(add.endsWith("| 21.93× |"), add);
        assertTrue(add.contains("| shape=200x1000, threads=1 | 3.56 ms/op | 0.162 ms/op |"), add);
        String index = line(summary, "| index build, batch | fortran |");
        assertTrue(index.endsWith("| " + String.format(Locale.ROOT, "%.2f×", 136.90968561172485 / 113.25678420066833) + " |"), index);
        assertFalse(summary.contains("| contiguous |"), "the baseline is a column, not a row");
    }

    @Test
    void dtypeRowsShowGigabytesPerSecondBesideTheirBaselineAndNumPyOnTheSameDType() throws IOException {
        for (String name : List.of("jmh-dtypes.json", "peers-dtypes.json", "machine.json")) {
            try (InputStream in = getClass().getResourceAsStream(name)) {
                assertNotNull(in, "fixture " + name);
                Files.copy(in, dir.resolve(name.replace("-dtypes", "")));
            }
        }
        BenchReport.write(dir);
        String summary = Files.readString(dir.resolve(BenchReport.SUMMARY));
        // DTypeAddBenchmark int16 20x1000: vector 1.320594731160287 ms/op, triadBandwidthBaseline 0.7268799304237515 ms/op;
        // a call moves 3 x 20000 x 2 bytes.
        double bytes = 3 * 20000 * 2;
        String add = line(summary, "| add (ArrayOps.elementwise) | int16 | vector |");
        assertEquals("| add (ArrayOps.elementwise) | int16 | vector | shape=20x1000 | "
                + Measure.number(bytes / 1.320594731160287e6) + " | two reads and a write (vector copy) | "
                + Measure.number(bytes / 0.7268799304237515e6) + " | "
                + String.format(Locale.ROOT, "%.2f×", 1.320594731160287 / 0.7268799304237515) + " |", add);
        assertFalse(summary.contains("| triadBandwidthBaseline |"), "the baseline is a column, not a row");
        // GenericKernelBenchmark int16 n=1024: generated 3881880.922462103 ops/s, generic 361191.23595554545 ops/s.
        String generic = line(summary, "| add kernel in cache, one generic loop over Vector<E> | int16 | generic | n=1024 |");
        assertTrue(generic.endsWith("| " + String.format(Locale.ROOT, "%.2f×", 3881880.922462103 / 361191.23595554545) + " |"), generic);
        // The outer product's store bandwidth: fillStreamingC uint8 64x1024 0.07293705165646537 ms/op for 65536 bytes.
        String outer = line(summary, "| outer (ArrayOps.outer) | uint8 | vector | shape=64x1024, threads=1 |");
        assertTrue(outer.contains("| store bandwidth (C streaming stores) | " + Measure.number(65536 / 0.07293705165646537e6) + " |"), outer);
        // NumPy's uint8 row sums (0.5068000973551534 ns/element) against Tessella's (5.489676776146419 ms for 10000 elements).
        double tessella = 5.489676776146419e6 / 10000;
        assertTrue(summary.contains("- Tessella uint8 row sums (Vector API), 1 thread: "
                + String.format(Locale.ROOT, "%.0f×", tessella / 0.5068000973551534) + " slower than the numpy-sum peer (dtype-rowsum)"), summary);
        assertTrue(summary.contains("- Tessella int16 add (Vector API), 1 thread: "), summary);
        assertTrue(summary.contains("- Tessella uint8 outer (Vector API), 1 thread: "), summary);
        assertTrue(summary.contains("- Tessella float32 row sums (Vector API), 1 thread: "), summary);
    }

    @Test
    void dtypesNotRunReadAsNotMeasured() throws IOException {
        assertTrue(full().contains("DTypeOuterBenchmark, DTypeRowSumBenchmark, DTypeAddBenchmark, GenericKernelBenchmark: not measured."));
    }

    @Test
    void inputLayoutsNotRunReadAsNotMeasured() throws IOException {
        assertTrue(full().contains("LayoutRowSumBenchmark, LayoutAddBenchmark, LayoutIndexBenchmark: not measured."));
    }
}
