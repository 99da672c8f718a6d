package io.tessella.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressTrackerTest {

    @Test
    void historyStaysBoundedAndStillSpansTheWholeJob() throws InterruptedException {
        List<Progress> seen = new ArrayList<>();
        ProgressTracker tracker = new ProgressTracker(1000, 10_000, seen::add, Duration.ZERO);
        for (int i = 0; i < 1000; i++) {
            if (i % 100 == 0) {
                Thread.sleep(1); // distinct timestamps even on a coarse clock
            }
            tracker.tileDone(10);
        }
        Progress last = tracker.finish();
        assertEquals(seen.getLast(), last);
        assertTrue(last.history().size() <= ProgressTracker.HISTORY_POINTS - 1, "history " + last.history().size());
        assertTrue(last.history().size() >= (ProgressTracker.HISTORY_POINTS - 1) / 2 - 1, "history " + last.history().size());
        assertEquals(Duration.ZERO, last.history().getFirst().from());
        assertEquals(last.elapsed(), last.history().getLast().to());
        assertEquals(10_000, last.history().stream().mapToLong(RateSample::elements).sum());
        assertEquals(1000, last.history().stream().mapToLong(RateSample::tiles).sum());
    }

    @Test
    void reportsAreThrottledToTheInterval() {
        List<Progress> seen = new ArrayList<>();
        ProgressTracker tracker = new ProgressTracker(1000, 1000, seen::add, Duration.ofHours(1));
        for (int i = 0; i < 1000; i++) {
            tracker.tileDone(1);
        }
        assertEquals(List.of(), seen);
        tracker.finish();
        assertEquals(1, seen.size());
        assertTrue(seen.getFirst().isComplete());
    }

    @Test
    void progressArithmetic() {
        Progress p = new Progress(5, 10, 500, 1000, Duration.ofSeconds(10),
                List.of(new RateSample(Duration.ZERO, Duration.ofSeconds(5), 400, 4),
                        new RateSample(Duration.ofSeconds(5), Duration.ofSeconds(10), 100, 1)));
        assertEquals(0.5, p.fraction());
        assertEquals(50.0, p.elementsPerSecond());
        assertEquals(20.0, p.recentElementsPerSecond(), "the slow-down shows in the recent rate");
        assertEquals(Duration.ofSeconds(25), p.eta().orElseThrow());
        assertEquals("5/10 tiles, 500/1000 elements (50.0 %), 10.0 s, 20 elements/s, ETA 25.0 s", p.toString());
    }
}
