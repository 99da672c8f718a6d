package io.tessella.os;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * Everything Tessella holds that must be given back: native memory and mappings (arenas, owned arrays,
 * result files being written, shared memory handles, checkpoints), libraries opened by path, and worker
 * threads. Each is registered when taken and unregistered when released, with where it was taken, so a
 * leak is a list of named entries, not a number: the test suite fails any test class that ends with an
 * entry still here ({@code LeakCheck}).
 *
 * <p>Only what has an owner that must release it is registered. Libraries loaded for the life of the
 * process (the bundled kernels) are not.
 *
 * <p>Thread-safety: all methods are thread-safe.
 */
public final class ResourceLedger {
    private static final ConcurrentHashMap<Long, Entry> LIVE = new ConcurrentHashMap<>();
    private static final AtomicLong IDS = new AtomicLong();
    private static final StackWalker WALKER = StackWalker.getInstance();

    private ResourceLedger() {
    }

    /**
     * One held resource: what kind, which one, how many native bytes, and the code that took it.
     *
     * @param id     its registration number, increasing: what was taken since a moment is what has a larger id
     * @param kind   "memory", "file", "library", "thread"
     * @param what   a description naming it (a path, a dtype and shape, a thread name)
     * @param bytes  native bytes it holds (0 for a thread or a library)
     * @param origin the first frames of the code that took it
     */
    public record Held(long id, String kind, String what, long bytes, String origin) {
        @Override
        public String toString() {
            return kind + " " + what + (bytes > 0 ? " (" + bytes + " bytes)" : "") + ", taken at " + origin;
        }
    }

    /** A registration; {@link #close()} releases it, once. */
    public static final class Entry implements AutoCloseable {
        private final long id;
        private final String kind;
        private final String what;
        private final String origin;
        private final AtomicLong bytes;

        private Entry(long id, String kind, String what, long bytes, String origin) {
            this.id = id;
            this.kind = kind;
            this.what = what;
            this.origin = origin;
            this.bytes = new AtomicLong(bytes);
        }

        /** Counts more native bytes under this entry (an arena that allocated again). */
        public void addBytes(long more) {
            bytes.addAndGet(more);
        }

        /** Unregisters; idempotent. */
        @Override
        public void close() {
            LIVE.remove(id);
        }

        Held held() {
            return new Held(id, kind, what, bytes.get(), origin);
        }
    }

    /** Registers a resource just taken. Close the returned entry when it is released. */
    public static Entry register(String kind, String what, long bytes) {
        long id = IDS.incrementAndGet();
        Entry e = new Entry(id, kind, what, bytes, origin());
        LIVE.put(id, e);
        return e;
    }

    /**
     * A shared arena whose allocations are counted and which is registered until it closes: for every
     * arena Tessella creates for memory it owns. Mappings attached to it can be counted with
     * {@link TrackedArena#account(long)}.
     */
    public static TrackedArena sharedArena(String what) {
        return new TrackedArena(Arena.ofShared(), register("memory", what, 0));
    }

    /** What is held right now, oldest first. */
    public static List<Held> held() {
        return LIVE.entrySet().stream().sorted(java.util.Map.Entry.comparingByKey()).map(e -> e.getValue().held()).toList();
    }

    /** The registration number the next resource will get: {@link #held()} entries below it were taken before now. */
    public static long nextId() {
        return IDS.get() + 1;
    }

    /** Native bytes held right now. */
    public static long bytes() {
        return LIVE.values().stream().mapToLong(e -> e.bytes.get()).sum();
    }

    /** {@link #held()} as lines, for a message. */
    public static String describe(List<Held> held) {
        return held.stream().map(Held::toString).collect(Collectors.joining("\n  ", "  ", ""));
    }

    private static String origin() {
        List<String> frames = WALKER.walk(s -> s.dropWhile(f -> f.getClassName().startsWith("io.tessella.os."))
                .limit(4).map(f -> f.getClassName().substring(f.getClassName().lastIndexOf('.') + 1) + "." + f.getMethodName()
                        + ":" + f.getLineNumber()).toList());
        return String.join(" < ", new ArrayList<>(frames));
    }

    /**
     * An {@link Arena#ofShared() shared arena} that counts what it allocates and stays registered in the
     * ledger until it is closed.
     */
    public static final class TrackedArena implements Arena {
        private final Arena arena;
        private final Entry entry;

        private TrackedArena(Arena arena, Entry entry) {
            this.arena = arena;
            this.entry = entry;
        }

        @Override
        public MemorySegment allocate(long byteSize, long byteAlignment) {
            MemorySegment s = arena.allocate(byteSize, byteAlignment);
            entry.addBytes(byteSize);
            return s;
        }

        /** Counts {@code bytes} of a mapping attached to this arena (they are released when it closes). */
        public void account(long bytes) {
            entry.addBytes(bytes);
        }

        @Override
        public MemorySegment.Scope scope() {
            return arena.scope();
        }

        @Override
        public void close() {
            arena.close();
            entry.close();
        }
    }
}
