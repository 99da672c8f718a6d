package io.tessella.cli;

import io.tessella.exec.Progress;
import io.tessella.exec.ProgressListener;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Draws a job's {@link Progress} as a terminal progress bar (me.tongfei:progressbar) on standard
 * error: elements done of total, rate, ETA. Closing it completes the line.
 *
 * <pre>{@code
 * try (ProgressBars bar = ProgressBars.open("index", total)) { builder.progress(bar.listener(), bar.interval()).run(a1, a2); }
 * }</pre>
 *
 * <p>Public for the {@code tessella spark} subcommands; not an API.
 */
public final class ProgressBars implements AutoCloseable {
    private final ProgressBar bar;

    private ProgressBars(ProgressBar bar) {
        this.bar = bar;
    }

    public static ProgressBars open(String task, long totalElements) {
        ProgressBar bar = new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(Math.max(totalElements, 1))
                .setStyle(ProgressBarStyle.ASCII)
                .setUnit("k", 1000)
                .setSpeedUnit(ChronoUnit.SECONDS)
                .showSpeed()
                .setUpdateIntervalMillis(250)
                .continuousUpdate()
                .build();
        return new ProgressBars(bar);
    }

    /** A bar that draws nothing, for runs that asked for quiet ({@code --no-progress}); its methods do nothing. */
    static ProgressBars hidden() {
        return new ProgressBars(null);
    }

    /** Feeds the bar; safe from any thread. */
    public ProgressListener listener() {
        return (Progress p) -> stepTo(p.elementsDone());
    }

    /** Moves the bar to {@code done} elements, for loops that count their own progress; safe from any thread. */
    void stepTo(long done) {
        if (bar != null) {
            bar.stepTo(done);
        }
    }

    public Duration interval() {
        return Duration.ofMillis(200);
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
