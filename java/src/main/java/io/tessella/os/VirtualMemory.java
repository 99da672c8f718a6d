package io.tessella.os;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Mappings straight from the kernel: anonymous memory without a zeroing pass, file mappings of
 * {@link NativeFile}s, and the advice and flushes Tessella gives them ({@code mmap}, {@code madvise},
 * {@code msync}, {@code munmap}). Every mapping belongs to the caller's arena, which unmaps it when it
 * closes.
 *
 * <p>Thread-safety: stateless; the calls are the kernel's.
 */
public final class VirtualMemory {
    /** The base page size these calls round to. */
    public static final long PAGE = 4096;
    /** A transparent huge page. */
    public static final long HUGE_PAGE = 2L << 20;

    private VirtualMemory() {
    }

    /**
     * Maps {@code bytes} of private anonymous memory, attached to {@code arena} (unmapped when it
     * closes). With {@code hugePages}, the mapping is 2 MiB aligned and advised MADV_HUGEPAGE.
     *
     * @throws UnsupportedOperationException off Linux
     * @throws OutOfMemoryError if the kernel refuses the mapping
     * @throws IllegalStateException if huge pages were asked for and the kernel refuses the advice
     */
    public static MemorySegment mapAnonymous(Arena arena, long bytes, boolean hugePages) {
        Libc.check();
        if (bytes == 0) {
            return arena.allocate(0);
        }
        long length = hugePages ? roundUp(bytes, HUGE_PAGE) : bytes;
        // Over-map by one huge page so a 2 MiB aligned window exists; the slack is unmapped at once.
        long request = hugePages ? Math.addExact(length, HUGE_PAGE) : length;
        long raw;
        try {
            raw = mmap(request, Libc.PROT_READ | Libc.PROT_WRITE, Libc.MAP_PRIVATE | Libc.MAP_ANONYMOUS, -1, 0);
        } catch (ErrnoException e) {
            throw new OutOfMemoryError("mmap of " + request + " bytes of anonymous memory failed: " + e.getMessage());
        }
        long start = raw;
        if (hugePages) {
            start = roundUp(raw, HUGE_PAGE);
            unmap(raw, start - raw);
            unmap(start + length, raw + request - (start + length));
            int err = madvise(start, length, Libc.MADV_HUGEPAGE);
            if (err != 0) {
                unmap(start, length);
                throw new IllegalStateException("madvise(MADV_HUGEPAGE) failed: " + Libc.strerror(err) + " (errno " + err
                        + "; is CONFIG_TRANSPARENT_HUGEPAGE off?); use Allocation.UNINITIALIZED");
            }
        }
        return attach(arena, start, length).asSlice(0, bytes);
    }

    /** Maps {@code length} bytes of an open file read-write and shared, attached to {@code arena}. */
    static MemorySegment mapFile(Arena arena, int fd, String path, long length) throws ErrnoException {
        if (length == 0) {
            return arena.allocate(0);
        }
        long address;
        try {
            address = mmap(length, Libc.PROT_READ | Libc.PROT_WRITE, Libc.MAP_SHARED, fd, 0);
        } catch (ErrnoException e) {
            throw new ErrnoException("mmap(" + path + ", " + length + " bytes)", e.errno());
        }
        return attach(arena, address, length);
    }

    private static MemorySegment attach(Arena arena, long address, long length) {
        return MemorySegment.ofAddress(address).reinterpret(length, arena, seg -> unmap(address, length));
    }

    /**
     * Writes the dirty pages of {@code [segment.address(), + byteSize)} of a file mapping to the file and
     * waits ({@code msync(MS_SYNC)}); the range is widened to whole pages.
     *
     * @throws ErrnoException if the kernel reports a write error
     */
    public static void sync(MemorySegment segment) throws ErrnoException {
        Libc.check();
        if (segment.byteSize() == 0) {
            return;
        }
        long start = Math.floorDiv(segment.address(), PAGE) * PAGE;
        long length = segment.address() + segment.byteSize() - start;
        try (Arena scratch = Arena.ofConfined()) {
            MemorySegment state = scratch.allocate(Libc.Handles.CAPTURE);
            int rc = (int) Libc.Handles.MSYNC.invokeExact(state, MemorySegment.ofAddress(start), length, Libc.MS_SYNC);
            if (rc != 0) {
                throw new ErrnoException("msync(0x" + Long.toHexString(start) + ", " + length + " bytes)", Libc.errno(state));
            }
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw Libc.downcallFailed("msync", t);
        }
    }

    /**
     * Gives the whole 4 KiB pages inside {@code [address, address + length)} of a private anonymous
     * mapping back to the kernel: they read as zero when next touched. Partial pages at either end
     * are left alone.
     */
    public static void discard(long address, long length) {
        Libc.check();
        long start = roundUp(address, PAGE);
        long end = Math.floorDiv(address + length, PAGE) * PAGE;
        if (end <= start) {
            return;
        }
        int err = madvise(start, end - start, Libc.MADV_DONTNEED);
        if (err != 0) {
            throw new IllegalStateException("madvise(MADV_DONTNEED) failed: " + Libc.strerror(err) + " (errno " + err + ")");
        }
    }

    /**
     * Advises the kernel that {@code [address, address + length)} of a file mapping will be read soon,
     * so it starts reading it in and returns ({@code MADV_WILLNEED}). Advice only: off Linux, or if
     * the kernel refuses, nothing happens.
     *
     * @return whether the kernel took the advice
     */
    public static boolean willNeed(long address, long length) {
        if (!Libc.LINUX || length <= 0) {
            return false;
        }
        long start = Math.floorDiv(address, PAGE) * PAGE;
        return madvise(start, address + length - start, Libc.MADV_WILLNEED) == 0;
    }

    /**
     * Faults in the pages of {@code [address, address + length)} writable, as a first write to each
     * would, without writing ({@code MADV_POPULATE_WRITE}, Linux 5.14+): the workers that are about to
     * fill a fresh output take its page faults in parallel, each on its own part, instead of one at a
     * time at each first store; a file's blocks are allocated then too. Data already there is kept.
     *
     * @return 0, or the errno it failed with ({@code EINVAL}: a kernel without it; {@code ENOMEM},
     *         {@code EFAULT}: no memory or no space for the pages)
     */
    public static int populateWrite(long address, long length) {
        if (!Libc.LINUX || length <= 0) {
            return Libc.EINVAL;
        }
        long start = Math.floorDiv(address, PAGE) * PAGE;
        return madvise(start, address + length - start, Libc.MADV_POPULATE_WRITE);
    }

    private static long mmap(long length, int prot, int flags, int fd, long offset) throws ErrnoException {
        try (Arena scratch = Arena.ofConfined()) {
            MemorySegment state = scratch.allocate(Libc.Handles.CAPTURE);
            MemorySegment p = (MemorySegment) Libc.Handles.MMAP.invokeExact(state, MemorySegment.NULL, length, prot, flags, fd, offset);
            if (p.address() == Libc.MAP_FAILED) {
                throw new ErrnoException("mmap(" + length + " bytes)", Libc.errno(state));
            }
            return p.address();
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw Libc.downcallFailed("mmap", t);
        }
    }

    /** {@code madvise} on a page-aligned range: 0, or the errno it failed with. */
    private static int madvise(long start, long length, int advice) {
        try (Arena scratch = Arena.ofConfined()) {
            MemorySegment state = scratch.allocate(Libc.Handles.CAPTURE);
            int rc = (int) Libc.Handles.MADVISE.invokeExact(state, MemorySegment.ofAddress(start), length, advice);
            return rc == 0 ? 0 : Libc.errno(state);
        } catch (Throwable t) {
            throw Libc.downcallFailed("madvise", t);
        }
    }

    private static void unmap(long address, long length) {
        if (length == 0) {
            return;
        }
        try (Arena scratch = Arena.ofConfined()) {
            MemorySegment state = scratch.allocate(Libc.Handles.CAPTURE);
            int rc = (int) Libc.Handles.MUNMAP.invokeExact(state, MemorySegment.ofAddress(address), length);
            if (rc != 0) {
                int err = Libc.errno(state);
                throw new IllegalStateException("munmap(0x" + Long.toHexString(address) + ", " + length + ") failed: "
                        + Libc.strerror(err) + " (errno " + err + ")");
            }
        } catch (Throwable t) {
            throw Libc.downcallFailed("munmap", t);
        }
    }

    /** {@code value} rounded up to a multiple of {@code multiple}. */
    public static long roundUp(long value, long multiple) {
        return Math.multiplyExact(Math.ceilDiv(value, multiple), multiple);
    }
}
