package io.tessella.spark;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.apache.spark.sql.SparkSession;

/**
 * A standalone cluster inside the test JVM: {@code local-cluster[2,1,1024]} starts a master, two
 * workers and one executor JVM per worker. The workers launch executors from {@code SPARK_HOME/jars}
 * (Surefire points {@code SPARK_HOME} at {@code target/spark-home} and sets
 * {@code SPARK_SCALA_VERSION}), which this fills with links to the test classpath's jars; the classes
 * of this module and its tests travel as the application's jars ({@code spark.jars}).
 */
final class ClusterSupport {
    private ClusterSupport() {
    }

    static SparkSession start() throws IOException {
        return start(false);
    }

    static SparkSession start(boolean speculation) throws IOException {
        String home = System.getenv("SPARK_HOME");
        if (home == null || System.getenv("SPARK_SCALA_VERSION") == null) {
            throw new IllegalStateException("SPARK_HOME and SPARK_SCALA_VERSION are not set: run the tests through Maven (Surefire sets them)");
        }
        List<String> appJars = populate(Path.of(home));
        SparkSession.Builder b = SparkSession.builder().master("local-cluster[2,1,1024]").appName("tessella-cluster-test")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.ui.enabled", "false")
                .config("spark.executor.memory", "512m")
                .config("spark.executor.memoryOverhead", "512m")
                .config("spark.executorEnv.JAVA_HOME", System.getProperty("java.home"))
                .config("spark.executorEnv.SPARK_LOCAL_IP", "127.0.0.1")
                .config("spark.jars", String.join(",", appJars))
                .config("spark.task.maxFailures", "4")
                .config("spark.sql.adaptive.enabled", "false");
        if (speculation) {
            b = b.config("spark.speculation", "true").config("spark.speculation.interval", "100ms")
                    .config("spark.speculation.quantile", "0.5").config("spark.speculation.multiplier", "2")
                    .config("spark.speculation.minTaskRuntime", "500ms")
                    // Spark 4 speculates only tasks slow for their input by default; these read no Spark input.
                    .config("spark.speculation.efficiency.enabled", "false");
        }
        SparkSession spark = b.getOrCreate();
        // Executors register a moment after the context starts; tasks would otherwise wait for them.
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (spark.sparkContext().getExecutorMemoryStatus().size() < 3 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        if (spark.sparkContext().getExecutorMemoryStatus().size() < 3) {
            spark.stop();
            throw new IllegalStateException("the two executors did not register within a minute");
        }
        return spark;
    }

    /** Links every jar of the test classpath into {@code home/jars}; returns the directories' classes as jars for {@code spark.jars}. */
    static List<String> populate(Path home) throws IOException {
        Path jars = home.resolve("jars");
        Files.createDirectories(jars);
        Path app = home.resolve("app");
        Files.createDirectories(app);
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> appJars = new ArrayList<>();
        for (String entry : cp.split(File.pathSeparator)) {
            if (entry.isEmpty()) {
                continue;
            }
            Path p = Path.of(entry).toAbsolutePath();
            if (Files.isDirectory(p)) {
                Path jar = app.resolve(p.getParent().getParent().getFileName() + "-" + p.getFileName() + ".jar");
                jar(p, jar);
                appJars.add(jar.toUri().toString());
            } else if (p.toString().endsWith(".jar") && Files.isRegularFile(p)) {
                Path link = jars.resolve(p.getFileName());
                if (Files.isSymbolicLink(link) && !Files.readSymbolicLink(link).equals(p)) {
                    Files.delete(link);
                }
                if (!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    Files.createSymbolicLink(link, p);
                }
            }
        }
        return appJars;
    }

    private static void jar(Path dir, Path jar) throws IOException {
        Manifest m = new Manifest();
        m.getMainAttributes().putValue("Manifest-Version", "1.0");
        Path tmp = jar.resolveSibling(jar.getFileName() + ".tmp");
        try (OutputStream os = Files.newOutputStream(tmp); JarOutputStream out = new JarOutputStream(os, m)) {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    String name = dir.relativize(file).toString().replace(File.separatorChar, '/');
                    if (!name.equals("META-INF/MANIFEST.MF")) {
                        out.putNextEntry(new JarEntry(name));
                        Files.copy(file, out);
                        out.closeEntry();
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        }
        Files.move(tmp, jar, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /** This JVM's executor processes (the workers' children), for killing one. */
    static List<ProcessHandle> executors() {
        return ProcessHandle.current().descendants()
                .filter(p -> p.info().commandLine().orElse("").contains("CoarseGrainedExecutorBackend")).toList();
    }
}
