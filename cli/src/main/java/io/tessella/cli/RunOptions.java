package io.tessella.cli;

import picocli.CommandLine.Option;

/**
 * The options every array command shares ({@code --threads}, {@code --json}, {@code --overwrite}), mixed in with
 * picocli's {@code @Mixin} so they are spelled and checked in one place.
 *
 * <pre>{@code @Mixin RunOptions run;  ...  ArrayOps ops = run.ops();}</pre>
 */
final class RunOptions {
    @Option(names = "--threads", paramLabel = "N", description = "Tiles run at once (default: all cores).")
    Integer threads;

    @Option(names = "--json", description = "Print one JSON object instead of text.")
    boolean json;

    @Option(names = "--overwrite", description = "Replace an existing output (atomically, once the new one is complete); without it an existing output is refused.")
    boolean overwrite;

    /** The thread count asked for, or all cores. */
    int threads() {
        if (threads != null && threads < 1) {
            throw new IllegalArgumentException("--threads " + threads + " must be at least 1");
        }
        return threads != null ? threads : Runtime.getRuntime().availableProcessors();
    }

    io.tessella.jobs.ArrayOps ops() {
        return io.tessella.jobs.ArrayOps.create().parallelism(threads());
    }
}
