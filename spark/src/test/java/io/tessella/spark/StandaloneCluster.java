package io.tessella.spark;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Spark standalone cluster started the way the README says, from the project's classpath: one
 * {@code org.apache.spark.deploy.master.Master} JVM on 127.0.0.1 and one
 * {@code org.apache.spark.deploy.worker.Worker} JVM per loopback address 127.0.0.2, 127.0.0.3, ...
 * Each worker is its own host to the scheduler, which a speculative copy needs: Spark never runs one on
 * the host of the attempt it copies, and {@code local-cluster}'s workers share one host. Closing it
 * stops the workers, their executors and the master.
 */
final class StandaloneCluster implements AutoCloseable {
    private final List<Process> processes = new ArrayList<>();
    private final String masterUrl;

    private StandaloneCluster(String masterUrl) {
        this.masterUrl = masterUrl;
    }

    static StandaloneCluster start(int workers, Path logs) throws IOException, InterruptedException {
        Path home = Path.of(System.getenv("SPARK_HOME"));
        ClusterSupport.populate(home);
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            port = s.getLocalPort();
        }
        StandaloneCluster c = new StandaloneCluster("spark://127.0.0.1:" + port);
        try {
            Files.createDirectories(logs);
            c.launch(home, "127.0.0.1", logs.resolve("master.log"), "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port",
                    Integer.toString(port), "--webui-port", "0");
            awaitPort("127.0.0.1", port);
            for (int w = 0; w < workers; w++) {
                String host = "127.0.0." + (2 + w);
                Path work = Files.createDirectories(logs.resolve("worker-" + w));
                c.launch(home, host, logs.resolve("worker-" + w + ".log"), "org.apache.spark.deploy.worker.Worker", "--host", host, "--port", "0",
                        "--webui-port", "0", "--cores", "1", "--memory", "1g", "--work-dir", work.toString(), c.masterUrl);
            }
            return c;
        } catch (IOException | InterruptedException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    String masterUrl() {
        return masterUrl;
    }

    private void launch(Path home, String host, Path log, String main, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("--add-opens") || a.equals("-XX:+IgnoreUnrecognizedVMOptions")) {
                cmd.add(a);
            }
        }
        cmd.add("--enable-native-access=ALL-UNNAMED");
        cmd.add("-Xmx256m");
        cmd.add("-cp");
        cmd.add(home.resolve("jars") + "/*");
        cmd.add(main);
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("SPARK_LOCAL_IP", host);
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        processes.add(pb.start());
    }

    private static void awaitPort(String host, int port) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(host, port), 200);
                return;
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("the master did not listen on " + host + ":" + port + " within a minute");
    }

    /** Stops everything it started, executors first; waits for each process to end. */
    @Override
    public void close() {
        for (Process p : processes.reversed()) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        for (Process p : processes) {
            try {
                p.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
