package io.tessella.bench.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The benchmark report's entry point, run by {@code bench/run.sh}: reads {@code jmh.json},
 * {@code peers.json} and {@code machine.json} from a results directory and writes {@code summary.md}
 * and the PNG charts beside them. Any input may be missing; what it would have shown reads "not
 * measured". Also merges several JMH result files into one.
 *
 * <pre>{@code
 * java -Djava.awt.headless=true -cp bench/target/benchmarks.jar io.tessella.bench.report.BenchReport bench/results
 * java -cp bench/target/benchmarks.jar io.tessella.bench.report.BenchReport --merge-jmh OUT.json IN1.json IN2.json
 * }</pre>
 */
public final class BenchReport {
    /** Input and output file names inside the results directory. */
    public static final String JMH = "jmh.json", PEERS = "peers.json", MACHINE = "machine.json", SUMMARY = "summary.md";

    private BenchReport() {
    }

    /** {@code DIR}, or {@code --merge-jmh OUT IN...}. */
    public static void main(String[] args) throws IOException {
        if (args.length >= 2 && args[0].equals("--merge-jmh")) {
            JmhResults.merge(Path.of(args[1]), Arrays.stream(args, 2, args.length).map(Path::of).toList());
            return;
        }
        if (args.length != 1) {
            System.err.println("usage: BenchReport DIR   |   BenchReport --merge-jmh OUT.json IN.json...");
            System.exit(2);
        }
        for (Path written : write(Path.of(args[0]))) {
            System.out.println("wrote " + written);
        }
    }

    /** Writes the summary and charts into {@code dir}; returns the files written. */
    public static List<Path> write(Path dir) throws IOException {
        // Charts render off-screen; without this a machine with no display fails in AWT.
        System.setProperty("java.awt.headless", "true");
        PeerResults peers = PeerResults.read(dir.resolve(PEERS));
        Findings findings = Findings.of(JmhResults.read(dir.resolve(JMH)), peers);
        List<String> charts = Charts.writeAll(dir, findings);
        SummaryWriter.write(dir.resolve(SUMMARY), Machine.read(dir.resolve(MACHINE)), findings, peers, charts);
        List<Path> written = new ArrayList<>();
        written.add(dir.resolve(SUMMARY));
        charts.forEach(c -> written.add(dir.resolve(c)));
        return written;
    }
}
