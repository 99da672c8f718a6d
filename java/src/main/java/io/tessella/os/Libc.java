package io.tessella.os;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.Locale;

/**
 * The C library calls Tessella makes itself, bound once through FFM with {@code errno} captured:
 * files ({@code open}, {@code fallocate}, {@code ftruncate}, {@code pwrite}, {@code fsync}, {@code flock},
 * {@code renameat2}, {@code close}) and memory ({@code mmap}, {@code msync}, {@code madvise},
 * {@code munmap}). Linux only; the constants are Linux's, per architecture where they differ.
 *
 * <p>The handles are bound lazily ({@link Handles}), so loading a class that mentions this one on
 * another platform does not fail; {@link #check()} says why a call cannot be made here.
 */
final class Libc {
    static final boolean LINUX = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux");
    private static final boolean AARCH64 = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT).matches("aarch64|arm64");

    static final int O_RDONLY = 0;
    static final int O_RDWR = 2;
    static final int O_CREAT = 0100;
    static final int O_EXCL = 0200;
    // The only two flags here that asm-generic (AArch64) and x86-64 number differently.
    static final int O_DIRECTORY = AARCH64 ? 040000 : 0200000;
    static final int O_NOFOLLOW = AARCH64 ? 0100000 : 0400000;
    static final int O_CLOEXEC = 02000000;

    static final int LOCK_EX = 2;
    static final int LOCK_NB = 4;

    static final int AT_FDCWD = -100;
    static final int RENAME_NOREPLACE = 1;
    static final int RENAME_EXCHANGE = 2;

    static final int PROT_READ = 0x1;
    static final int PROT_WRITE = 0x2;
    static final int MAP_SHARED = 0x01;
    static final int MAP_PRIVATE = 0x02;
    static final int MAP_ANONYMOUS = 0x20;
    static final int MS_SYNC = 4;
    static final int MADV_WILLNEED = 3;
    static final int MADV_DONTNEED = 4;
    static final int MADV_HUGEPAGE = 14;
    static final int MADV_POPULATE_WRITE = 23;
    static final long MAP_FAILED = -1L;

    static final int EINTR = 4;
    static final int EAGAIN = 11;
    static final int EEXIST = 17;
    static final int EINVAL = 22;
    static final int ENOSPC = 28;
    static final int ENOSYS = 38;
    static final int ELOOP = 40;
    static final int EOPNOTSUPP = 95;

    private Libc() {
    }

    /** Bound on first use: {@code Handles.X} loads every handle, or fails with the reason. */
    static final class Handles {
        static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
        static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
        static final MethodHandle OPEN, CLOSE, FALLOCATE, FTRUNCATE, PWRITE, FSYNC, FLOCK, RENAMEAT2, STRERROR;
        static final MethodHandle MMAP, MSYNC, MADVISE, MUNMAP;

        static {
            Linker linker = Linker.nativeLinker();
            SymbolLookup libc = linker.defaultLookup();
            Linker.Option errno = Linker.Option.captureCallState("errno");
            ValueLayout.OfInt i = ValueLayout.JAVA_INT;
            ValueLayout.OfLong l = ValueLayout.JAVA_LONG;
            var p = ValueLayout.ADDRESS;
            OPEN = linker.downcallHandle(find(libc, "open"), FunctionDescriptor.of(i, p, i, i), errno, Linker.Option.firstVariadicArg(2));
            CLOSE = linker.downcallHandle(find(libc, "close"), FunctionDescriptor.of(i, i), errno);
            FALLOCATE = linker.downcallHandle(find(libc, "fallocate"), FunctionDescriptor.of(i, i, i, l, l), errno);
            FTRUNCATE = linker.downcallHandle(find(libc, "ftruncate"), FunctionDescriptor.of(i, i, l), errno);
            PWRITE = linker.downcallHandle(find(libc, "pwrite"), FunctionDescriptor.of(l, i, p, l, l), errno);
            FSYNC = linker.downcallHandle(find(libc, "fsync"), FunctionDescriptor.of(i, i), errno);
            FLOCK = linker.downcallHandle(find(libc, "flock"), FunctionDescriptor.of(i, i, i), errno);
            RENAMEAT2 = linker.downcallHandle(find(libc, "renameat2"), FunctionDescriptor.of(i, i, p, i, p, i), errno);
            STRERROR = linker.downcallHandle(find(libc, "strerror"), FunctionDescriptor.of(p, i));
            MMAP = linker.downcallHandle(find(libc, "mmap"), FunctionDescriptor.of(p, p, l, i, i, i, l), errno);
            MSYNC = linker.downcallHandle(find(libc, "msync"), FunctionDescriptor.of(i, p, l, i), errno);
            MADVISE = linker.downcallHandle(find(libc, "madvise"), FunctionDescriptor.of(i, p, l, i), errno);
            MUNMAP = linker.downcallHandle(find(libc, "munmap"), FunctionDescriptor.of(i, p, l), errno);
        }

        private static MemorySegment find(SymbolLookup lookup, String name) {
            return lookup.find(name).orElseThrow(() -> new UnsatisfiedLinkError("unresolved symbol: " + name));
        }
    }

    /** Refuses calls off Linux before any handle is bound. */
    static void check() {
        if (!LINUX) {
            throw new UnsupportedOperationException("this needs Linux; os.name = " + System.getProperty("os.name"));
        }
    }

    static int errno(MemorySegment state) {
        return (int) Handles.ERRNO.get(state, 0L);
    }

    /** The C library's text for an errno value, e.g. "No space left on device". */
    static String strerror(int errno) {
        try {
            MemorySegment s = (MemorySegment) Handles.STRERROR.invokeExact(errno);
            return s.reinterpret(256).getString(0);
        } catch (Throwable t) {
            return "errno " + errno;
        }
    }

    /** A C string of {@code text} in {@code arena}. */
    static MemorySegment cString(Arena arena, String text) {
        return arena.allocateFrom(text);
    }

    /** Rethrows what a downcall can throw as an unchecked exception: it is a binding bug, not an I/O error. */
    static RuntimeException downcallFailed(String call, Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException(call + " downcall failed", t);
    }
}
