package io.tessella.spark;

import io.tessella.kernel.NativeKernel;
import io.tessella.memory.NdArray;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.function.Supplier;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;

/**
 * What one JVM keeps open across the tasks it runs: kernel libraries and input mappings, each under a
 * key that names the file's version, shared by every task that asks for the same key and closed only
 * when no task holds it.
 *
 * <p>Why: a task that opens its own kernel and maps its own inputs pays, every time, a library load,
 * fresh downcall handles the JIT compiles again, and for every mapping a shared arena's close, which
 * is a handshake with each of the JVM's threads (about half a millisecond in an executor JVM of
 * 150 threads). Opened once per JVM, a task pays none of that after the first.
 *
 * <p>Lifetime: an entry no task holds stays open, for the next task, until more than
 * {@code idleLimit} idle entries exist (the least recently used is then closed), until
 * {@link #closeIdle} runs (the driver calls it after each job, which in {@code local} mode releases
 * everything the tasks left), or until the JVM exits with its application. A key names one version
 * of a file, so a changed file gets a new entry and never an old one's bytes.
 *
 * @param <K> what identifies a resource (a record of path, size and modification time)
 * @param <V> the resource
 */
final class ExecutorCache<K, V extends AutoCloseable> {
    /** Kernel libraries shipped with a job or bundled in the jar. */
    static final ExecutorCache<Object, NativeKernel> KERNELS = new ExecutorCache<>(4);
    /** Mapped {@code .npy} inputs. */
    static final ExecutorCache<Object, NdArray> MAPPINGS = new ExecutorCache<>(16);

    private final int idleLimit;
    private long opened;
    /** In access order: the first idle entry is the least recently used one. */
    private final LinkedHashMap<K, Entry<V>> entries = new LinkedHashMap<>(16, 0.75f, true);

    ExecutorCache(int idleLimit) {
        this.idleLimit = idleLimit;
    }

    private static final class Entry<V> {
        final V value;
        int holders;

        Entry(V value) {
            this.value = value;
        }
    }

    /** One version of a file: a replaced or rewritten file is another key. */
    record FileVersion(String path, long size, long modifiedMillis) {
        /** The file's version now, from one {@code stat}. */
        static FileVersion of(Path file) throws IOException {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return new FileVersion(file.toString(), a.size(), a.lastModifiedTime().toMillis());
        }
    }

    /** A task's hold on a cached resource; closing it lets the cache close the resource once unheld. */
    interface Lease<V> extends AutoCloseable {
        V get();

        @Override
        void close();
    }

    /**
     * The resource under {@code key}, opened with {@code open} if no task has opened it in this JVM
     * (under the cache's lock: concurrent first tasks open it once).
     */
    Lease<V> acquire(K key, Supplier<? extends V> open) {
        Objects.requireNonNull(key, "key");
        Entry<V> e;
        List<V> evicted;
        synchronized (this) {
            e = entries.get(key);
            if (e == null) {
                e = new Entry<>(Objects.requireNonNull(open.get(), "opened resource"));
                entries.put(key, e);
                opened++;
            }
            e.holders++;
            evicted = evictBeyond(idleLimit);
        }
        Closing.all(evicted); // outside the lock: closing a mapping or a library is the slow part
        Entry<V> held = e;
        return new Lease<>() {
            private boolean released;

            @Override
            public V get() {
                return held.value;
            }

            @Override
            public void close() {
                List<V> evicted;
                synchronized (ExecutorCache.this) {
                    if (released) {
                        return;
                    }
                    released = true;
                    held.holders--;
                    evicted = evictBeyond(idleLimit);
                }
                Closing.all(evicted); // outside the lock: closing a mapping or a library is the slow part
            }
        };
    }

    private static final Set<SparkContext> WATCHED = Collections.newSetFromMap(new WeakHashMap<>());

    /**
     * On the driver: after each of {@code sc}'s jobs, {@link #closeIdleEverywhere} (in {@code local}
     * mode the tasks ran here, and a Dataset's action ends no Tessella call that could release them).
     */
    static void releaseAfterEachJob(SparkContext sc) {
        if (!sc.isLocal()) {
            return; // a cluster's driver runs no task
        }
        synchronized (WATCHED) {
            if (!WATCHED.add(sc)) {
                return;
            }
        }
        sc.addSparkListener(new SparkListener() {
            @Override
            public void onJobEnd(SparkListenerJobEnd jobEnd) {
                closeIdleEverywhere();
            }
        });
    }

    /** {@link #closeIdle} on every cache of this JVM. */
    static void closeIdleEverywhere() {
        try {
            KERNELS.closeIdle();
        } finally {
            MAPPINGS.closeIdle();
        }
    }

    /** Closes every entry no task holds now; returns how many it closed. */
    int closeIdle() {
        List<V> evicted;
        synchronized (this) {
            evicted = evictBeyond(0);
        }
        Closing.all(evicted); // outside the lock: closing a mapping or a library is the slow part
        return evicted.size();
    }

    /** Entries open now, held or idle. */
    synchronized int size() {
        return entries.size();
    }

    /** Resources this cache has opened since the JVM started. */
    synchronized long opened() {
        return opened;
    }

    /** Entries open now that no task holds. */
    synchronized int idle() {
        int idle = 0;
        for (Entry<V> e : entries.values()) {
            idle += e.holders == 0 ? 1 : 0;
        }
        return idle;
    }

    /** Removes idle entries, least recently used first, until at most {@code keep} idle ones remain. */
    private List<V> evictBeyond(int keep) {
        int idle = idle();
        List<V> out = new ArrayList<>();
        for (Iterator<Map.Entry<K, Entry<V>>> it = entries.entrySet().iterator(); it.hasNext() && idle > keep;) {
            Entry<V> e = it.next().getValue();
            if (e.holders == 0) {
                it.remove();
                out.add(e.value);
                idle--;
            }
        }
        return out;
    }
}
