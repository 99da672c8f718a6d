package io.tessella.io;

import io.tessella.memory.DType;
import io.tessella.memory.NdArray;
import io.tessella.os.ResourceLedger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.LinkOption;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A named block of shared memory that other processes attach to by name: the lifecycle of Python's
 * {@code multiprocessing.shared_memory.SharedMemory}, and interoperable with it. On Linux a block is the
 * file {@code /dev/shm/<name>} (what {@code shm_open("/<name>")} uses), so Python attaches with
 * {@code SharedMemory(name="<name>")} and Tessella attaches to blocks Python made.
 *
 * <p><b>Lifecycle.</b> One process {@link #create}s the block (owner-only permissions, 0600); others
 * {@link #attach}; every process {@link #close()}s its own mapping; exactly one process {@link #unlink()}s
 * the name (the memory lives until the last mapping closes). Closing is idempotent; access through
 * {@link #segment()} or {@link #array} after close throws {@link IllegalStateException}.
 *
 * <p><b>Names.</b> As in CPython on Linux: a name without a leading slash ({@code "psm_1a2b3c4d"}); Tessella
 * rejects names that are empty, contain {@code '/'} or NUL, are {@code "."} or {@code ".."}, start with
 * {@code ".tessella-"}, or exceed 255 bytes of UTF-8 (Linux's file-name limit). For macOS compatibility
 * keep names within CPython's "safe" length of 14 characters, as {@link #create(long)} does.
 *
 * <p><b>Stale blocks.</b> Each block this library creates gets a marker naming the creating process (pid
 * and start time) in {@code /dev/shm/.tessella-registry-<uid>/}. {@link #listStale()} reports blocks whose
 * creator has exited and which no live process maps or holds open (checked through {@code /proc}), and
 * {@link #removeStale()} unlinks them: the cleanup a crashed job needs.
 *
 * <p><b>Python 3.8–3.12 caveat.</b> Python's resource tracker unlinks a block when a process that merely
 * attached to it exits (CPython issue 82300); Python code attaching to a Tessella block should call
 * {@code resource_tracker.unregister(shm._name, "shared_memory")} or, on 3.13+, pass {@code track=False}.
 *
 * <p><b>Thread-safety.</b> A handle may be used from any thread (its mapping lives in a shared arena);
 * {@code close} and {@code unlink} are idempotent and thread-safe. Concurrent writes to the same bytes from
 * several processes need the caller's coordination, as with Python.
 *
 * <pre>{@code
 * try (SharedMemory shm = SharedMemory.create("tsl_cube", DType.FLOAT64, new long[] {365, 16, 16}, false)) {
 *     NdArray a = shm.array(DType.FLOAT64, 365, 16, 16);
 *     // ... a child process: SharedMemory.attach("tsl_cube"), or in Python:
 *     // np.ndarray((365, 16, 16), np.float64, buffer=SharedMemory(name="tsl_cube").buf)
 *     shm.unlink();
 * }
 * }</pre>
 */
public final class SharedMemory implements AutoCloseable {

    /** Longest name in bytes of UTF-8: Linux's NAME_MAX for the file under /dev/shm. */
    public static final int MAX_NAME_BYTES = 255;
    private static final String RESERVED_PREFIX = ".tessella-";
    private static final Path DEFAULT_ROOT = Path.of("/dev/shm");

    private final String name;
    private final Path path;
    private final Path root;
    private final Arena arena;
    private final MemorySegment segment;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean unlinked = new AtomicBoolean();

    private SharedMemory(String name, Path root, Path path, Arena arena, MemorySegment segment) {
        this.name = name;
        this.root = root;
        this.path = path;
        this.arena = arena;
        this.segment = segment;
    }

    // ---------------------------------------------------------------- create / attach

    /**
     * Creates a block with a fresh random name in CPython's style ({@code psm_} and 8 hex digits).
     *
     * <pre>{@code SharedMemory shm = SharedMemory.create(1 << 20); String n = shm.name();}</pre>
     *
     * @param size bytes, {@code > 0}
     * @return the new block, mapped read-write
     * @throws IllegalArgumentException if {@code size <= 0}
     * @throws UncheckedIOException on an I/O error
     */
    public static SharedMemory create(long size) {
        while (true) {
            String n = "psm_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
            try {
                return create(DEFAULT_ROOT, n, size, false);
            } catch (NameExistsException e) {
                // a collision with an existing random name: draw again, as CPython does
            }
        }
    }

    /**
     * Creates a block of {@code size} bytes under {@code name}.
     *
     * <pre>{@code SharedMemory shm = SharedMemory.create("tsl_out", 8L * 365 * 16 * 16, false);}</pre>
     *
     * @param name    the block's name (see the class comment for the rules)
     * @param size    bytes, {@code > 0}
     * @param replace whether to unlink an existing block of that name first (its current users keep the
     *                old memory); if false an existing name is an error
     * @return the new block, mapped read-write
     * @throws IllegalArgumentException if the name is invalid, exists and {@code replace} is false, or
     *                                  {@code size <= 0}
     * @throws UncheckedIOException on an I/O error
     */
    public static SharedMemory create(String name, long size, boolean replace) {
        return create(DEFAULT_ROOT, name, size, replace);
    }

    /**
     * Creates a block sized for a C-order array of this type and shape.
     *
     * <pre>{@code SharedMemory shm = SharedMemory.create("tsl_a", DType.INT32, new long[] {1000, 1000}, false);}</pre>
     *
     * @param name    the block's name
     * @param dtype   element type
     * @param shape   axis lengths; the product must be {@code > 0}
     * @param replace whether to replace an existing block of that name
     * @return the new block
     * @throws IllegalArgumentException if the name or shape is invalid, or the name exists and
     *                                  {@code replace} is false
     */
    public static SharedMemory create(String name, DType dtype, long[] shape, boolean replace) {
        // Validates the shape and that its byte size fits a long.
        NdArray.cStrides(dtype, shape);
        long bytes = dtype.byteSize();
        for (long d : shape) {
            bytes *= d;
        }
        if (bytes == 0) {
            throw new IllegalArgumentException("shape " + java.util.Arrays.toString(shape)
                    + " has no elements; a shared memory block needs at least one byte");
        }
        return create(DEFAULT_ROOT, name, bytes, replace);
    }

    static SharedMemory create(Path root, String name, long size, boolean replace) {
        validateName(name);
        if (size <= 0) {
            throw new IllegalArgumentException("size = " + size + " must be positive");
        }
        Path path = root.resolve(name);
        if (replace) {
            try {
                Files.deleteIfExists(path);
                Path registry = registryDir(root);
                if (Files.exists(registry, LinkOption.NOFOLLOW_LINKS)) {
                    Files.deleteIfExists(trustedRegistry(root, false).resolve(name));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("replacing shared memory block '" + name + "' failed", e);
            }
        }
        FileChannel ch;
        try {
            ch = FileChannel.open(path, java.util.Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                    StandardOpenOption.WRITE), PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rw-------")));
        } catch (FileAlreadyExistsException e) {
            throw new NameExistsException("shared memory block name = '" + name + "' already exists (" + path
                    + "); pass replace = true to replace it", e);
        } catch (IOException e) {
            throw new UncheckedIOException("creating shared memory block '" + name + "' failed", e);
        }
        Arena arena = ResourceLedger.sharedArena("shared memory block '" + name + "'");
        Throwable failure = null;
        try (ch) {
            // Sets the size like ftruncate: the block is sparse, zero until written.
            ch.write(ByteBuffer.allocate(1), size - 1);
            MemorySegment seg = ch.map(FileChannel.MapMode.READ_WRITE, 0, size, arena);
            writeMarker(root, name, path);
            return new SharedMemory(name, root, path, arena, seg);
        } catch (IOException e) {
            failure = e;
            throw new UncheckedIOException("creating shared memory block '" + name + "' failed", e);
        } catch (RuntimeException | Error e) {
            failure = e;
            throw e;
        } finally {
            if (failure != null) {
                arena.close();
                try {
                    Files.deleteIfExists(path);
                } catch (IOException suppressed) {
                    failure.addSuppressed(suppressed);
                }
            }
        }
    }

    /**
     * Attaches to an existing block by name, mapping all of it read-write; its size is the block's size.
     *
     * <pre>{@code try (SharedMemory shm = SharedMemory.attach("tsl_cube")) { ... }}</pre>
     *
     * @param name the block's name
     * @return a handle on the block
     * @throws IllegalArgumentException if the name is invalid or no block has it
     * @throws UncheckedIOException on an I/O error (e.g. another user's block)
     */
    public static SharedMemory attach(String name) {
        return attach(DEFAULT_ROOT, name);
    }

    static SharedMemory attach(Path root, String name) {
        validateName(name);
        Path path = root.resolve(name);
        Arena arena = ResourceLedger.sharedArena("shared memory block '" + name + "' (attached)");
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = ch.size();
            MemorySegment seg = ch.map(FileChannel.MapMode.READ_WRITE, 0, size, arena);
            return new SharedMemory(name, root, path, arena, seg);
        } catch (NoSuchFileException e) {
            arena.close();
            throw new IllegalArgumentException("name = '" + name + "': no shared memory block of that name ("
                    + path + " does not exist)", e);
        } catch (IOException e) {
            arena.close();
            throw new UncheckedIOException("attaching to shared memory block '" + name + "' failed", e);
        } catch (RuntimeException | Error e) {
            arena.close();
            throw e;
        }
    }

    /**
     * Checks a block name against the rules in the class comment.
     *
     * <pre>{@code SharedMemory.validateName("psm_12ab34cd"); // fine}</pre>
     *
     * @param name the candidate
     * @throws IllegalArgumentException naming the problem
     */
    public static void validateName(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("name = '" + name + "' is empty");
        }
        if (name.indexOf('/') >= 0) {
            throw new IllegalArgumentException("name = '" + name + "' contains '/'; give the name without any slash");
        }
        if (name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("name = '" + name.replace("\0", "\\0") + "' contains a NUL character");
        }
        if (name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("name = '" + name + "' is not a valid file name");
        }
        if (name.startsWith(RESERVED_PREFIX)) {
            throw new IllegalArgumentException("name = '" + name + "' starts with '" + RESERVED_PREFIX
                    + "', reserved for Tessella's registry");
        }
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_NAME_BYTES) {
            throw new IllegalArgumentException("name of " + bytes + " bytes is longer than " + MAX_NAME_BYTES
                    + " bytes: '" + name.substring(0, 20) + "...'");
        }
    }

    // ---------------------------------------------------------------- access

    /**
     * The name other processes attach with (no leading slash, as Python's {@code SharedMemory.name}).
     *
     * <pre>{@code String n = shm.name();}</pre>
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * The block's size in bytes.
     *
     * <pre>{@code long n = shm.size() / 8; // float64 elements that fit}</pre>
     *
     * @return its size
     */
    public long size() {
        return segment.byteSize();
    }

    /**
     * The file backing the block, {@code /dev/shm/<name>}.
     *
     * <pre>{@code Path p = shm.path();}</pre>
     *
     * @return the path
     */
    public Path path() {
        return path;
    }

    /**
     * The mapped bytes; valid until {@link #close()}.
     *
     * <pre>{@code shm.segment().set(ValueLayout.JAVA_LONG, 0, 42L);}</pre>
     *
     * @return the block's memory
     * @throws IllegalStateException if closed
     */
    public MemorySegment segment() {
        ensureOpen();
        return segment;
    }

    /**
     * A C-order array over the start of the block, borrowing its memory: it becomes unusable when this
     * handle closes. Equivalent to Python's {@code np.ndarray(shape, dtype, buffer=shm.buf)}.
     *
     * <pre>{@code NdArray a = shm.array(DType.FLOAT64, 365, 16, 16);}</pre>
     *
     * @param dtype element type
     * @param shape axis lengths
     * @return a view of the block
     * @throws IllegalArgumentException if the array does not fit in the block
     * @throws IllegalStateException if closed
     */
    public NdArray array(DType dtype, long... shape) {
        ensureOpen();
        return NdArray.wrap(segment, dtype, shape);
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException("shared memory block '" + name + "' is closed in this process");
        }
    }

    // ---------------------------------------------------------------- lifetime

    /**
     * Unmaps the block in this process; idempotent. The block and its name live on until
     * {@link #unlink()}. Arrays from {@link #array} then throw {@link IllegalStateException}.
     *
     * <pre>{@code shm.close();}</pre>
     */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            arena.close();
        }
    }

    /**
     * Removes the block's name (and Tessella's marker for it), once for all processes: afterwards nobody
     * can attach, and the memory is freed when the last process closes. Idempotent for this handle.
     *
     * <pre>{@code shm.close(); shm.unlink();}</pre>
     *
     * @throws IllegalStateException if the name was already removed by someone else
     * @throws UncheckedIOException on an I/O error
     */
    public void unlink() {
        if (!unlinked.compareAndSet(false, true)) {
            return;
        }
        try {
            if (Files.exists(registryDir(root), LinkOption.NOFOLLOW_LINKS)) {
                Files.deleteIfExists(trustedRegistry(root, false).resolve(name));
            }
            if (!Files.deleteIfExists(path)) {
                throw new IllegalStateException("shared memory block '" + name + "' was already unlinked ("
                        + path + " does not exist)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("unlinking shared memory block '" + name + "' failed", e);
        }
    }

    @Override
    public String toString() {
        return "SharedMemory['" + name + "', " + segment.byteSize() + " bytes" + (closed.get() ? ", closed" : "") + "]";
    }

    // ---------------------------------------------------------------- stale-block registry

    /**
     * A block Tessella created whose creator has exited and which no live process maps or holds open.
     *
     * <p>Thread-safety: an immutable record.
     *
     * <pre>{@code for (var s : SharedMemory.listStale()) System.out.println(s.name() + " from pid " + s.creatorPid());}</pre>
     *
     * @param name        the block's name
     * @param creatorPid  pid of the process that created it
     * @param size        its size in bytes, or -1 if the block itself is already gone (only the marker is left)
     */
    public record StaleBlock(String name, long creatorPid, long size) {
    }

    /**
     * Lists the blocks this user created through Tessella that are abandoned: the creating process is
     * no longer running (pid and start time checked, so a reused pid does not count) and no live process
     * has the block mapped or open (checked through {@code /proc/<pid>/maps} and {@code /proc/<pid>/fd};
     * processes of other users, which cannot open a 0600 block anyway, are not inspected).
     *
     * <pre>{@code List<SharedMemory.StaleBlock> leaks = SharedMemory.listStale();}</pre>
     *
     * @return the stale blocks, possibly empty
     * @throws UncheckedIOException on an I/O error reading the registry
     */
    public static List<StaleBlock> listStale() {
        return listStale(DEFAULT_ROOT);
    }

    /**
     * Unlinks every block {@link #listStale()} reports and removes its marker. A process attaching
     * between the check and the unlink keeps its mapping; only the name goes.
     *
     * <pre>{@code List<SharedMemory.StaleBlock> removed = SharedMemory.removeStale();}</pre>
     *
     * @return the blocks removed
     * @throws UncheckedIOException on an I/O error
     */
    public static List<StaleBlock> removeStale() {
        return removeStale(DEFAULT_ROOT);
    }

    static List<StaleBlock> removeStale(Path root) {
        List<StaleBlock> stale = listStale(root);
        try {
            Path registry = stale.isEmpty() ? null : trustedRegistry(root, false);
            for (StaleBlock s : stale) {
                // size -1: the marker outlived its block, or names a file that is not the block it recorded.
                if (s.size() >= 0) {
                    Files.deleteIfExists(root.resolve(s.name()));
                }
                Files.deleteIfExists(registry.resolve(s.name()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("removing stale shared memory blocks failed", e);
        }
        return stale;
    }

    static List<StaleBlock> listStale(Path root) {
        List<StaleBlock> out = new ArrayList<>();
        if (!Files.exists(registryDir(root), LinkOption.NOFOLLOW_LINKS)) {
            return out;
        }
        Path dir = trustedRegistry(root, false);
        try (DirectoryStream<Path> markers = Files.newDirectoryStream(dir)) {
            for (Path marker : markers) {
                String name = marker.getFileName().toString();
                if (!Files.isRegularFile(marker, LinkOption.NOFOLLOW_LINKS)) {
                    continue; // this library writes regular files only
                }
                Marker m;
                String text;
                try (var in = Files.newInputStream(marker, LinkOption.NOFOLLOW_LINKS)) {
                    text = new String(in.readNBytes(4096), StandardCharsets.UTF_8);
                } catch (NoSuchFileException e) {
                    continue; // unlinked by its owner while we listed
                }
                try {
                    m = Marker.parse(text);
                } catch (NumberFormatException e) {
                    throw new IllegalStateException("corrupt registry marker " + marker + " (content " + Untrusted.quote(text.strip())
                            + "); delete it by hand", e);
                }
                if (m.isAlive()) {
                    continue;
                }
                Path block = root.resolve(name);
                long size = m.identifies(block) ? Files.size(block) : -1;
                if (size >= 0 && isHeld(block)) {
                    continue;
                }
                out.add(new StaleBlock(name, m.pid(), size));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading the shared memory registry " + dir + " failed", e);
        }
        return out;
    }

    static Path registryDir(Path root) {
        return root.resolve(RESERVED_PREFIX + "registry-" + uid());
    }

    /**
     * The registry directory, used only if it is this user's own: a directory (not a link), owned by this
     * user, mode 0700. Anything else would let another user plant markers (making {@link #removeStale()}
     * unlink blocks it never made) or links (making {@link #create} write through them): refused.
     *
     * @param create whether to create it when absent
     * @throws IllegalStateException naming what is wrong with it and how to fix it
     */
    static Path trustedRegistry(Path root, boolean create) {
        Path dir = registryDir(root);
        try {
            if (create && !Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
                try {
                    Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                } catch (FileAlreadyExistsException e) {
                    // Another process created it first: it is checked below like any other.
                }
            }
            var attrs = Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            int owner = (Integer) Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            String problem = !attrs.isDirectory() ? "is not a directory"
                    : owner != uid() ? "is owned by uid " + owner + ", not by this user (uid " + uid() + ")"
                    : !attrs.permissions().equals(PosixFilePermissions.fromString("rwx------"))
                    ? "has mode " + PosixFilePermissions.toString(attrs.permissions()) + ", not rwx------" : null;
            if (problem != null) {
                throw new IllegalStateException("the shared memory registry " + dir + " " + problem + "; Tessella does not trust it."
                        + " Check who made it, then remove it (rm -r " + dir + ")");
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use the shared memory registry " + dir + ": " + e, e);
        }
    }

    private static int uid() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read this process's uid from /proc/self", e);
        }
    }

    private static void writeMarker(Path root, String name, Path block) throws IOException {
        Path marker = trustedRegistry(root, true).resolve(name);
        Files.deleteIfExists(marker);
        try (var out = Files.newOutputStream(marker, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
            out.write(Marker.current(block).format().getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * Who created a block: a pid plus start time, so that a recycled pid is not mistaken for the creator;
     * and which file the block was (device and inode), so that a later file of the same name is not
     * mistaken for it.
     */
    record Marker(long pid, long startMillis, String fileKey) {

        static Marker current(Path block) throws IOException {
            ProcessHandle self = ProcessHandle.current();
            return new Marker(self.pid(), startMillis(self), fileKey(block));
        }

        static String fileKey(Path block) throws IOException {
            var a = Files.readAttributes(block, "unix:dev,ino", LinkOption.NOFOLLOW_LINKS);
            return a.get("dev") + ":" + a.get("ino");
        }

        /** Whether {@code block} is the very file this marker recorded (a regular file, same device and inode). */
        boolean identifies(Path block) throws IOException {
            try {
                return fileKey != null && Files.isRegularFile(block, LinkOption.NOFOLLOW_LINKS) && fileKey.equals(fileKey(block));
            } catch (NoSuchFileException e) {
                return false;
            }
        }

        static long startMillis(ProcessHandle p) {
            return p.info().startInstant().map(Instant::toEpochMilli).orElse(-1L);
        }

        String format() {
            return "pid=" + pid + " start=" + startMillis + " file=" + fileKey + "\n";
        }

        static Marker parse(String text) {
            long pid = -1;
            long start = -1;
            String file = null;
            for (String field : text.strip().split("\\s+")) {
                if (field.startsWith("pid=")) {
                    pid = Long.parseLong(field.substring(4));
                } else if (field.startsWith("start=")) {
                    start = Long.parseLong(field.substring(6));
                } else if (field.startsWith("file=") && field.matches("file=\\d+:\\d+")) {
                    file = field.substring(5);
                }
            }
            return new Marker(pid, start, file);
        }

        boolean isAlive() {
            Optional<ProcessHandle> p = ProcessHandle.of(pid);
            return p.isPresent() && p.get().isAlive() && (startMillis == -1 || startMillis(p.get()) == startMillis);
        }
    }

    /** Whether any process we can inspect maps the file or has it open. */
    static boolean isHeld(Path block) throws IOException {
        String target = block.toAbsolutePath().toString();
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString().chars().allMatch(Character::isDigit))) {
            for (Path proc : procs) {
                try {
                    for (String line : Files.readAllLines(proc.resolve("maps"), StandardCharsets.ISO_8859_1)) {
                        if (line.endsWith(" " + target)) {
                            return true;
                        }
                    }
                    try (DirectoryStream<Path> fds = Files.newDirectoryStream(proc.resolve("fd"))) {
                        for (Path fd : fds) {
                            try {
                                if (Files.readSymbolicLink(fd).toString().equals(target)) {
                                    return true;
                                }
                            } catch (NoSuchFileException e) {
                                // the descriptor closed while we looked
                            }
                        }
                    }
                } catch (NoSuchFileException | AccessDeniedException e) {
                    // the process exited while we looked, or belongs to another user (who cannot open a 0600 block)
                }
            }
        }
        return false;
    }

    /** An existing name, distinguished so {@link #create(long)} can draw another random name. */
    static final class NameExistsException extends IllegalArgumentException {
        NameExistsException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
