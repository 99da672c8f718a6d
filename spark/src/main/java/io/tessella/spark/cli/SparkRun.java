package io.tessella.spark.cli;

import io.tessella.cli.ArrayCommandSupport;
import io.tessella.spark.NpySource;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;

/**
 * A command's Spark session: started from {@link SparkOptions}, with this program's own jars shipped to
 * the executors of a cluster (unless {@code spark.jars} is given), and stopped when the command ends.
 * Kept apart from the picocli command classes so that registering them loads no Spark class.
 */
final class SparkRun implements AutoCloseable {
    private final SparkSession spark;

    private SparkRun(SparkSession spark) {
        this.spark = spark;
    }

    static SparkRun start(String command, SparkOptions o) {
        o.check();
        SparkSession.Builder b = SparkSession.builder().master(o.master).appName("tessella spark " + command);
        boolean local = o.master.equals("local") || o.master.startsWith("local[");
        if (!local && !o.conf.containsKey("spark.jars")) {
            b = b.config("spark.jars", String.join(",", ownJars()));
        }
        // The command's own lines and progress bar on the terminal, not Spark's INFO log and stage bars.
        if (!o.conf.containsKey("spark.ui.showConsoleProgress")) {
            b = b.config("spark.ui.showConsoleProgress", "false");
        }
        if (!o.conf.containsKey("spark.log.level")) {
            b = b.config("spark.log.level", "WARN");
        }
        for (Map.Entry<String, String> e : o.conf.entrySet()) {
            b = b.config(e.getKey(), e.getValue());
        }
        return new SparkRun(b.getOrCreate());
    }

    SparkSession session() {
        return spark;
    }

    /** An input option's path or URI, refused in the local command's words. */
    NpySource input(String option, String location) {
        if (NpySource.hasScheme(location)) {
            Configuration conf = spark.sparkContext().hadoopConfiguration();
            try {
                return NpySource.of(location, conf);
            } catch (IllegalArgumentException e) {
                String m = String.valueOf(e.getMessage());
                String header = "file " + location + " ";
                throw new IllegalArgumentException(option + " " + (m.startsWith(header) ? location + ": " + m.substring(header.length()) : m), e);
            }
        }
        Path p = Path.of(location);
        ArrayCommandSupport.header(option, p);
        return NpySource.of(p);
    }

    /** The jars holding Tessella's classes here (the CLI's and tessella-spark's), for the executors. */
    private static List<String> ownJars() {
        List<String> jars = new ArrayList<>();
        for (Class<?> c : List.of(io.tessella.cli.TessellaCli.class, io.tessella.jobs.IndexBuilder.class, io.tessella.spark.SparkIndexJob.class)) {
            try {
                Path p = Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
                if (Files.isRegularFile(p) && !jars.contains(p.toUri().toString())) {
                    jars.add(p.toUri().toString());
                }
            } catch (URISyntaxException | NullPointerException e) {
                // A class from no file (a custom loader): the cluster must have it already.
            }
        }
        return jars;
    }

    @Override
    public void close() {
        spark.stop();
    }
}
