package io.tessella.cli;

import java.util.List;

/**
 * One recipe in {@code tessella demo}: generates its inputs, runs each implementation through the
 * {@link DemoRunner} (timed, with a progress bar), checks every result against its own reference
 * implementation, saves one verified result with its inputs, and frees all of its memory before it
 * returns, so the next step's peak memory is its own.
 *
 * <pre>{@code for (DemoStep s : steps) rows.addAll(s.run(runner));}</pre>
 */
interface DemoStep {
    /** The step's name in the table, e.g. {@code "outer product"}. */
    String name();

    /** What the step computes and at what size, for the notes under the table. */
    String describe();

    /** Runs every implementation; the first row returned is the step's baseline (speed-up 1.0). */
    List<DemoRow> run(DemoRunner runner) throws Exception;
}
