package io.tessella.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/**
 * The per-JVM cache of kernels and mappings: one open per key however many tasks ask, concurrently or
 * not; never a close while a task holds it; every resource closed exactly once by the time nothing is
 * held and the idle entries are dropped.
 */
class ExecutorCacheTest {

    /** A resource that counts its opens and closes, and refuses a second close. */
    private static final class Resource implements AutoCloseable {
        final String key;
        final AtomicInteger closes = new AtomicInteger();

        Resource(String key) {
            this.key = key;
        }

        @Override
        public void close() {
            if (closes.incrementAndGet() != 1) {
                throw new IllegalStateException(key + " closed twice");
            }
        }
    }

    @Test
    void tasksAskingForOneKeyShareOneOpen() throws Exception {
        ExecutorCache<String, Resource> cache = new ExecutorCache<>(4);
        AtomicInteger opens = new AtomicInteger();
        List<CompletableFuture<Resource>> tasks = new ArrayList<>();
        for (int t = 0; t < 16; t++) {
            tasks.add(CompletableFuture.supplyAsync(() -> {
                try (ExecutorCache.Lease<Resource> l = cache.acquire("kernel", () -> {
                    opens.incrementAndGet();
                    return new Resource("kernel");
                })) {
                    return l.get();
                }
            }));
        }
        Resource first = tasks.getFirst().get();
        for (var t : tasks) {
            assertSame(first, t.get());
        }
        assertEquals(1, opens.get());
        assertEquals(0, first.closes.get(), "kept open for the next task");
        assertEquals(1, cache.closeIdle());
        assertEquals(1, first.closes.get());
        assertEquals(0, cache.size());
    }

    @Test
    void aHeldResourceIsNeverClosedAndAFailedOpenLeavesNothing() {
        ExecutorCache<String, Resource> cache = new ExecutorCache<>(0);
        ExecutorCache.Lease<Resource> held = cache.acquire("a", () -> new Resource("a"));
        assertEquals(0, cache.closeIdle());
        // Another key beyond the idle limit of 0 evicts only what is idle.
        cache.acquire("b", () -> new Resource("b")).close();
        assertEquals(0, held.get().closes.get());
        assertThrows(IllegalStateException.class, () -> cache.acquire("c", () -> {
            throw new IllegalStateException("cannot open c");
        }));
        assertEquals(1, cache.size(), "only the held entry is left");
        held.close();
        held.close(); // a second release gives back no second hold
        assertEquals(1, held.get().closes.get(), "closed once unheld, beyond the idle limit of 0");
        assertEquals(0, cache.size());
    }

    /** Any interleaving of acquires and releases: at most {@code limit} idle entries, and each resource closed once, only when unheld. */
    @Property(tries = 200)
    void everyResourceIsClosedOnceAndOnlyWhenUnheld(@ForAll @Size(max = 60) List<@IntRange(min = 0, max = 7) Integer> steps,
            @ForAll @IntRange(min = 0, max = 3) int idleLimit) {
        ExecutorCache<String, Resource> cache = new ExecutorCache<>(idleLimit);
        List<Resource> opened = new ArrayList<>();
        List<ExecutorCache.Lease<Resource>> held = new ArrayList<>();
        for (int step : steps) {
            if (step < 5) {
                String key = "k" + step;
                held.add(cache.acquire(key, () -> {
                    Resource r = new Resource(key);
                    opened.add(r);
                    return r;
                }));
            } else if (!held.isEmpty()) {
                held.remove((step * 7919) % held.size()).close();
            }
            for (ExecutorCache.Lease<Resource> l : held) {
                assertEquals(0, l.get().closes.get(), l.get().key + " closed while a task holds it");
            }
            assertTrue(cache.idle() <= idleLimit, cache.idle() + " idle entries, beyond the limit of " + idleLimit);
            assertEquals(held.stream().map(ExecutorCache.Lease::get).distinct().count() + cache.idle(), cache.size());
            assertEquals(cache.size(), opened.stream().filter(r -> r.closes.get() == 0).count(), "entries open = resources not closed");
        }
        held.forEach(ExecutorCache.Lease::close);
        cache.closeIdle();
        for (Resource r : opened) {
            assertEquals(1, r.closes.get(), r.key + " closes");
        }
    }
}
