package io.tessella.spark.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code tessella spark index|outer|add|rowsum --master URL ...}: the local commands as Spark jobs,
 * with the local commands' options and outputs (the same bytes), plus the master, Spark settings and
 * partition sizes. Registered by {@code tessella} when this module is on its classpath;
 * {@code bin/tessella spark} puts it there with Spark's jars.
 *
 * <pre>{@code
 * bin/tessella spark index --master spark://head:7077 --a1 /shared/a1.npy --a2 /shared/a2.npy --out /shared/result
 * }</pre>
 */
@Command(name = "spark", mixinStandardHelpOptions = true,
        description = {"Tessella's jobs on Apache Spark: each partition is a block of rows, each task runs Tessella's own tile code.",
                "Outputs go to storage every executor writes to; they are the local commands' outputs, byte for byte."},
        subcommands = {SparkIndexCommand.class, SparkArrayCommands.Outer.class, SparkArrayCommands.Add.class, SparkArrayCommands.Rowsum.class})
public final class SparkCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: index, outer, add or rowsum");
    }

    /** Spark's classes are missing: say how to get them, in one line. */
    static IllegalStateException sparkMissing(LinkageError e) {
        return new IllegalStateException("Apache Spark's classes are not on the classpath (" + e.getMessage() + "); run it as bin/tessella spark ..., "
                + "which adds $SPARK_HOME/jars or the build's own list", e);
    }
}
