package io.tessella.memory;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * Anonymous memory straight from the kernel: {@code mmap}, {@code madvise}, {@code munmap} from the C
 * library through FFM. The segments it hands out belong to the caller's arena, which unmaps them when
 * it closes.
 */
final class NativeMemory {

    // Linux values; identical on x86-64 and AArch64.
    private static final int PROT_READ = 0x1;
    private static final int PROT_WRITE = 0x2;
    private static final int MAP_PRIVATE = 0x02;
    private static final int MAP_ANONYMOUS = 0x20;
    private static final int MADV_HUGEPAGE = 14;
    private static final int MADV_DONTNEED = 4;
    private static final int MADV_WILLNEED = 3;
    private static final boolean LINUX = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux");
    static final long PAGE = 4096;
    static final long HUGE_PAGE = 2L << 20;
    private static final long MAP_FAILED = -1L;

    private NativeMemory() {
    }

    /** Lazily bound, so that merely loading NdArray on a non-Linux platform does not fail. */
    private static final class Libc {
        static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
        static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
        static final MethodHandle MMAP;
        static final MethodHandle MADVISE;
        static final MethodHandle MUNMAP;

        static {
            Linker linker = Linker.nativeLinker();
            var lookup = linker.defaultLookup();
            Linker.Option errno = Linker.Option.captureCallState("errno");
            MMAP = linker.downcallHandle(find(lookup, "mmap"),
                    FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG,
                            ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG),
                    errno);
            MADVISE = linker.downcallHandle(find(lookup, "madvise"),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG,
                            ValueLayout.JAVA_INT),
                    errno);
            MUNMAP = linker.downcallHandle(find(lookup, "munmap"),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG),
                    errno);
        }

        private static MemorySegment find(java.lang.foreign.SymbolLookup lookup, String name) {
            return lookup.find(name).orElseThrow(() -> new UnsatisfiedLinkError("unresolved symbol: " + name));
        }
    }

    /**
     * Maps {@code bytes} of private anonymous memory, attached to {@code arena} (unmapped when it
     * closes). With {@code hugePages}, the mapping is 2 MiB aligned and advised MADV_HUGEPAGE.
     */
    static MemorySegment map(Arena arena, long bytes, boolean hugePages) {
        if (!LINUX) {
            // Checked before the libc handles load: the constants above are Linux's.
            throw new UnsupportedOperationException("Allocation." + (hugePages ? "HUGE_PAGES" : "UNINITIALIZED")
                    + " needs Linux; os.name = " + System.getProperty("os.name") + "; use Allocation.ZEROED");
        }
        if (bytes == 0) {
            return arena.allocate(0);
        }
        long length = hugePages ? roundUp(bytes, HUGE_PAGE) : bytes;
        // Over-map by one huge page so a 2 MiB aligned window exists; the slack is unmapped at once.
        long request = hugePages ? Math.addExact(length, HUGE_PAGE) : length;
        long raw;
        try (Arena scratch = Arena.ofConfined()) {
            MemorySegment state = scratch.allocate(Libc.CAPTURE);
            MemorySegment p = (MemorySegment) Libc.MMAP.invokeExact(state, MemorySegment.NULL, request,
                    PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0L);
            raw = p.address();
            if (raw == MAP_FAILED) {
                throw new OutOfMemoryError("mmap of " + request + " bytes failed: errno " + errno(state));
            }
            long start = raw;
            if (hugePages) {
                start = roundUp(raw, HUGE_PAGE);
                unmap(raw, start - raw);
                unmap(start + length, raw + request - (start + length));
                int err = madvise(start, length, MADV_HUGEPAGE);
                if (err != 0) {
                    unmap(start, length);
                    throw new IllegalStateException("madvise(MADV_HUGEPAGE) failed with errno " + err
                            + " (is CONFIG_TRANSPARENT_HUGEPAGE off?); use Allocation.UNINITIALIZED");
                }
            }
            final long base = start;
            final long len = length;
            return MemorySegment.ofAddress(base).reinterpret(len, arena, seg -> unmap(base, len)).asSlice(0, bytes);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("mmap downcall failed", t);
        }
    }

    /**
     * Gives the whole 4 KiB pages inside {@code [address, address + length)} of a private anonymous
     * mapping back to the kernel: they read as zero when next touched. Partial pages at either end
     * are left alone.
     */
    static void discard(long address, long length) {
        long start = roundUp(address, PAGE);
        long end = Math.floorDiv(address + length, PAGE) * PAGE;
        if (end <= start) {
            return;
        }
        int err = madvise(start, end - start, MADV_DONTNEED);
        if (err != 0) {
            throw new IllegalStateException("madvise(MADV_DONTNEED) failed: errno " + err);
        }
    }

    /**
     * Advises the kernel that {@code [address, address + length)} of a file mapping will be read soon,
     * so it starts reading it in and returns ({@code MADV_WILLNEED}). Advice only: off Linux, or if
     * the kernel refuses, nothing happens.
     *
     * @return whether the kernel took the advice
     */
    static boolean willNeed(long address, long length) {
        if (!LINUX || length <= 0) {
            return false;
        }
        long start = Math.floorDiv(address, PAGE) * PAGE;
        return madvise(start, address + length - start, MADV_WILLNEED) == 0;
    }

    /** {@code madvise} on a page-aligned range: 0, or the errno it failed with. */
    private static int madvise(long start, long length, int advice) {
        try (Arena scratch = Arena.ofConfined()) {
            MemorySegment state = scratch.allocate(Libc.CAPTURE);
            int rc = (int) Libc.MADVISE.invokeExact(state, MemorySegment.ofAddress(start), length, advice);
            return rc == 0 ? 0 : errno(state);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("madvise downcall failed", t);
        }
    }

    private static void unmap(long address, long length) {
        if (length == 0) {
            return;
        }
        try (Arena scratch = Arena.ofConfined()) {
            MemorySegment state = scratch.allocate(Libc.CAPTURE);
            int rc = (int) Libc.MUNMAP.invokeExact(state, MemorySegment.ofAddress(address), length);
            if (rc != 0) {
                throw new IllegalStateException("munmap(0x" + Long.toHexString(address) + ", " + length
                        + ") failed: errno " + errno(state));
            }
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("munmap downcall failed", t);
        }
    }

    private static int errno(MemorySegment state) {
        return (int) Libc.ERRNO.get(state, 0L);
    }

    static long roundUp(long value, long multiple) {
        return Math.multiplyExact(Math.ceilDiv(value, multiple), multiple);
    }
}
