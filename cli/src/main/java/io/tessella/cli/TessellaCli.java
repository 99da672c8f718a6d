package io.tessella.cli;

import io.tessella.kernel.KernelLinkException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Properties;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code tessella} command: the entry point {@code bin/tessella} launches. Each job is a
 * subcommand; bad usage or bad input exits with status 2 and one line on standard error.
 *
 * <p>{@code tessella generate-completion} prints a bash (and zsh) completion script, picocli's
 * {@code AutoComplete}: {@code source <(tessella generate-completion)}.
 *
 * <pre>{@code
 * bin/tessella kernel --eval 2.5 1.5
 * }</pre>
 */
@Command(name = "tessella",
        mixinStandardHelpOptions = true,
        versionProvider = TessellaCli.Version.class,
        description = "Tiled parallel computing over huge off-heap arrays: native kernels, Vector API, shared memory.",
        subcommands = {DemoCommand.class, KernelCommand.class, IndexCommand.class, OuterCommand.class, AddCommand.class, RowsumCommand.class,
                CommandLine.HelpCommand.class, AutoComplete.GenerateCompletion.class})
public final class TessellaCli implements Runnable {

    /** Exit status for bad usage or bad input (picocli's USAGE code). */
    public static final int EXIT_BAD_INPUT = 2;
    /** Exit status for a run that failed for another reason (an I/O error mid-run, a kernel that threw). */
    public static final int EXIT_FAILED = 1;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand (try 'tessella --help')");
    }

    /** Runs the command line and returns the exit status, writing to the given streams. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new TessellaCli());
        cli.addSubcommand("spark", sparkCommand());
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler((ex, a) -> {
            ex.getCommandLine().getErr().println(ex.getCommandLine().getCommandName() + ": " + oneLine(ex.getMessage()));
            return EXIT_BAD_INPUT;
        });
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            String name = commandLine.getCommandName();
            PrintWriter e = commandLine.getErr();
            if (isBadInput(ex)) {
                e.println(name + ": " + oneLine(ex.getMessage()));
                return EXIT_BAD_INPUT;
            }
            // Not the user's input: what failed and its root cause, in one line.
            e.println(name + ": failed: " + oneLine(describe(ex)));
            return EXIT_FAILED;
        });
        return cli.execute(args);
    }

    /**
     * {@code tessella spark ...} when the module {@code tessella-spark} is on the classpath (it depends on
     * this one, never the other way round, so no other command needs Spark), else a stand-in that says
     * how to get it.
     */
    private static Object sparkCommand() {
        try {
            return Class.forName("io.tessella.spark.cli.SparkCommand").getConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            return new SparkUnavailable();
        }
    }

    /** The {@code spark} command where tessella-spark is not on the classpath. */
    @Command(name = "spark", description = "Tessella's jobs on Apache Spark (needs tessella-spark and Spark's jars: run it as bin/tessella spark ...).")
    static final class SparkUnavailable implements Runnable {
        @Spec
        CommandSpec spec;

        @CommandLine.Unmatched
        java.util.List<String> args;

        @Override
        public void run() {
            throw new CommandLine.ParameterException(spec.commandLine(), "needs the tessella-spark module and Apache Spark's jars on the"
                    + " classpath; bin/tessella spark ... adds them (from $SPARK_HOME/jars, or the build's own)");
        }
    }

    /**
     * Bad input: what the user can fix by changing the command line or its files (a missing or corrupt
     * file, a shape mismatch, a kernel library that does not link, an existing or busy output, a full disk).
     */
    private static boolean isBadInput(Throwable ex) {
        return ex instanceof KernelLinkException || ex instanceof IllegalArgumentException || ex instanceof java.io.IOException
                || ex instanceof java.io.UncheckedIOException || ex instanceof io.tessella.io.OutputBusyException;
    }

    private static String describe(Throwable ex) {
        Throwable root = ex;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String what = ex.getMessage() != null ? ex.getMessage() : ex.getClass().getSimpleName();
        return root == ex ? what : what + ": " + root;
    }

    /** Messages are one line on the terminal, whatever they quote. */
    static String oneLine(String message) {
        return String.valueOf(message).replace("\r", "\\r").replace("\n", "\\n");
    }

    public static void main(String[] args) {
        // Log records (a fallback's one WARNING line) as one line each, not the JDK's two.
        System.setProperty("java.util.logging.SimpleFormatter.format", "tessella: %4$s: %5$s%6$s%n");
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        System.exit(run(out, err, args));
    }

    /**
     * The version and the git commit the build wrote into {@code version.properties} (Maven filters it:
     * the project's version; the build writes {@code commit.properties} from {@code git rev-parse}, or {@code unknown} outside a git
     * checkout), and the Java that runs it.
     */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties p = new Properties();
            for (String file : new String[] {"version.properties", "commit.properties"}) {
                try (InputStream in = TessellaCli.class.getResourceAsStream(file)) {
                    if (in == null) {
                        throw new IOException(file + " is missing from the tessella CLI's classes: build it with Maven");
                    }
                    p.load(in);
                }
            }
            return new String[] {"tessella " + p.getProperty("version") + " (commit " + p.getProperty("commit") + ", Java " + Runtime.version() + ")"};
        }
    }
}
