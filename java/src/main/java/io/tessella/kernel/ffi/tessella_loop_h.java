// Bindings for native/include/tessella_loop.h in exactly the layout jextract (JDK 22+ output) emits.
//
// NOT GENERATED HERE: jextract is not available from Maven Central or Debian on the machines this was
// written on, so this file was written by hand to match jextract's output for our header (one lazy
// holder class per function with DESC, ADDR and HANDLE; foo$descriptor(), foo$handle(), foo$address();
// findOrThrow with "unresolved symbol: "). Where jextract is installed, native/jextract.sh regenerates
// it; a diff against this file shows any drift. Keep it mechanical: everything users touch lives in
// io.tessella.kernel, the hand-written layer above.
//
// Symbols are looked up in the libraries this class loader has loaded (System.load); Tessella itself
// binds the loop library by address in io.tessella.kernel.NativeLoops.

package io.tessella.kernel.ffi;

import java.lang.invoke.*;
import java.lang.foreign.*;
import java.nio.ByteOrder;
import java.util.*;
import java.util.function.*;
import java.util.stream.*;

import static java.lang.foreign.ValueLayout.*;
import static java.lang.foreign.MemoryLayout.PathElement.*;

@SuppressWarnings("unused")
public class tessella_loop_h {

    tessella_loop_h() {
        // Should not be called directly
    }

    static final Arena LIBRARY_ARENA = Arena.ofAuto();
    static final boolean TRACE_DOWNCALLS = Boolean.getBoolean("jextract.trace.downcalls");

    static void traceDowncall(String name, Object... args) {
         String traceArgs = Arrays.stream(args)
                       .map(Object::toString)
                       .collect(Collectors.joining(", "));
         System.out.printf("%s(%s)\n", name, traceArgs);
    }

    static MemorySegment findOrThrow(String symbol) {
        return SYMBOL_LOOKUP.find(symbol)
            .orElseThrow(() -> new UnsatisfiedLinkError("unresolved symbol: " + symbol));
    }

    static MethodHandle upcallHandle(Class<?> fi, String name, FunctionDescriptor fdesc) {
        try {
            return MethodHandles.lookup().findVirtual(fi, name, fdesc.toMethodType());
        } catch (ReflectiveOperationException ex) {
            throw new AssertionError(ex);
        }
    }

    static MemoryLayout align(MemoryLayout layout, long align) {
        return switch (layout) {
            case PaddingLayout p -> p;
            case ValueLayout v -> v.withByteAlignment(align);
            case GroupLayout g -> {
                MemoryLayout[] alignedMembers = g.memberLayouts().stream()
                        .map(m -> align(m, align)).toArray(MemoryLayout[]::new);
                yield g instanceof StructLayout ?
                        MemoryLayout.structLayout(alignedMembers) : MemoryLayout.unionLayout(alignedMembers);
            }
            case SequenceLayout s -> MemoryLayout.sequenceLayout(s.elementCount(), align(s.elementLayout(), align));
        };
    }

    static final SymbolLookup SYMBOL_LOOKUP = SymbolLookup.loaderLookup()
            .or(Linker.nativeLinker().defaultLookup());

    public static final ValueLayout.OfBoolean C_BOOL = ValueLayout.JAVA_BOOLEAN;
    public static final ValueLayout.OfByte C_CHAR = ValueLayout.JAVA_BYTE;
    public static final ValueLayout.OfShort C_SHORT = ValueLayout.JAVA_SHORT;
    public static final ValueLayout.OfInt C_INT = ValueLayout.JAVA_INT;
    public static final ValueLayout.OfLong C_LONG_LONG = ValueLayout.JAVA_LONG;
    public static final ValueLayout.OfFloat C_FLOAT = ValueLayout.JAVA_FLOAT;
    public static final ValueLayout.OfDouble C_DOUBLE = ValueLayout.JAVA_DOUBLE;
    public static final AddressLayout C_POINTER = ValueLayout.ADDRESS
            .withTargetLayout(MemoryLayout.sequenceLayout(java.lang.Long.MAX_VALUE, JAVA_BYTE));
    public static final ValueLayout.OfLong C_LONG = ValueLayout.JAVA_LONG;
    private static final int TESSELLA_LOOP_ABI_VERSION = (int)3L;
    /**
     * {@snippet lang=c :
     * #define TESSELLA_LOOP_ABI_VERSION 3
     * }
     */
    public static int TESSELLA_LOOP_ABI_VERSION() {
        return TESSELLA_LOOP_ABI_VERSION;
    }

    private static class tessella_loop_abi_version {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            tessella_loop_h.C_INT    );

        public static final MemorySegment ADDR = tessella_loop_h.findOrThrow("tessella_loop_abi_version");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * int32_t tessella_loop_abi_version()
     * }
     */
    public static FunctionDescriptor tessella_loop_abi_version$descriptor() {
        return tessella_loop_abi_version.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * int32_t tessella_loop_abi_version()
     * }
     */
    public static MethodHandle tessella_loop_abi_version$handle() {
        return tessella_loop_abi_version.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * int32_t tessella_loop_abi_version()
     * }
     */
    public static MemorySegment tessella_loop_abi_version$address() {
        return tessella_loop_abi_version.ADDR;
    }

    /**
     * {@snippet lang=c :
     * int32_t tessella_loop_abi_version()
     * }
     */
    public static int tessella_loop_abi_version() {
        var mh$ = tessella_loop_abi_version.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("tessella_loop_abi_version");
            }
            return (int)mh$.invokeExact();
        } catch (Error | RuntimeException ex) {
           throw ex;
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class tessella_zero_upper {
        public static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(    );

        public static final MemorySegment ADDR = tessella_loop_h.findOrThrow("tessella_zero_upper");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * void tessella_zero_upper()
     * }
     */
    public static FunctionDescriptor tessella_zero_upper$descriptor() {
        return tessella_zero_upper.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * void tessella_zero_upper()
     * }
     */
    public static MethodHandle tessella_zero_upper$handle() {
        return tessella_zero_upper.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * void tessella_zero_upper()
     * }
     */
    public static MemorySegment tessella_zero_upper$address() {
        return tessella_zero_upper.ADDR;
    }

    /**
     * {@snippet lang=c :
     * void tessella_zero_upper()
     * }
     */
    public static void tessella_zero_upper() {
        var mh$ = tessella_zero_upper.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("tessella_zero_upper");
            }
            mh$.invokeExact();
        } catch (Error | RuntimeException ex) {
           throw ex;
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class tessella_loop_scalar {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            tessella_loop_h.C_LONG,
            tessella_loop_h.C_POINTER,
            tessella_loop_h.C_POINTER,
            tessella_loop_h.C_POINTER,
            tessella_loop_h.C_LONG,
            tessella_loop_h.C_POINTER,
            tessella_loop_h.C_POINTER
        );

        public static final MemorySegment ADDR = tessella_loop_h.findOrThrow("tessella_loop_scalar");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * int64_t tessella_loop_scalar(const void *kernel, const double *a, const double *b, int64_t n, int64_t *out, int32_t *status)
     * }
     */
    public static FunctionDescriptor tessella_loop_scalar$descriptor() {
        return tessella_loop_scalar.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * int64_t tessella_loop_scalar(const void *kernel, const double *a, const double *b, int64_t n, int64_t *out, int32_t *status)
     * }
     */
    public static MethodHandle tessella_loop_scalar$handle() {
        return tessella_loop_scalar.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * int64_t tessella_loop_scalar(const void *kernel, const double *a, const double *b, int64_t n, int64_t *out, int32_t *status)
     * }
     */
    public static MemorySegment tessella_loop_scalar$address() {
        return tessella_loop_scalar.ADDR;
    }

    /**
     * {@snippet lang=c :
     * int64_t tessella_loop_scalar(const void *kernel, const double *a, const double *b, int64_t n, int64_t *out, int32_t *status)
     * }
     */
    public static long tessella_loop_scalar(MemorySegment kernel, MemorySegment a, MemorySegment b, long n, MemorySegment out, MemorySegment status) {
        var mh$ = tessella_loop_scalar.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("tessella_loop_scalar", kernel, a, b, n, out, status);
            }
            return (long)mh$.invokeExact(kernel, a, b, n, out, status);
        } catch (Error | RuntimeException ex) {
           throw ex;
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class tessella_index_gather {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            tessella_loop_h.C_LONG,
            tessella_loop_h.C_POINTER,
            tessella_loop_h.C_POINTER,
            tessella_loop_h.C_LONG,
            tessella_loop_h.C_DOUBLE,
            tessella_loop_h.C_POINTER,
            tessella_loop_h.C_POINTER,
            tessella_loop_h.C_POINTER
        );

        public static final MemorySegment ADDR = tessella_loop_h.findOrThrow("tessella_index_gather");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * int64_t tessella_index_gather(const double *a1, const double *a2, int64_t n, double sentinel, double *ka, double *kb, int32_t *offsets)
     * }
     */
    public static FunctionDescriptor tessella_index_gather$descriptor() {
        return tessella_index_gather.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * int64_t tessella_index_gather(const double *a1, const double *a2, int64_t n, double sentinel, double *ka, double *kb, int32_t *offsets)
     * }
     */
    public static MethodHandle tessella_index_gather$handle() {
        return tessella_index_gather.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * int64_t tessella_index_gather(const double *a1, const double *a2, int64_t n, double sentinel, double *ka, double *kb, int32_t *offsets)
     * }
     */
    public static MemorySegment tessella_index_gather$address() {
        return tessella_index_gather.ADDR;
    }

    /**
     * {@snippet lang=c :
     * int64_t tessella_index_gather(const double *a1, const double *a2, int64_t n, double sentinel, double *ka, double *kb, int32_t *offsets)
     * }
     */
    public static long tessella_index_gather(MemorySegment a1, MemorySegment a2, long n, double sentinel, MemorySegment ka, MemorySegment kb, MemorySegment offsets) {
        var mh$ = tessella_index_gather.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("tessella_index_gather", a1, a2, n, sentinel, ka, kb, offsets);
            }
            return (long)mh$.invokeExact(a1, a2, n, sentinel, ka, kb, offsets);
        } catch (Error | RuntimeException ex) {
           throw ex;
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class tessella_index_scatter {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            tessella_loop_h.C_LONG,
            tessella_loop_h.C_POINTER,
            tessella_loop_h.C_POINTER,
            tessella_loop_h.C_POINTER,
            tessella_loop_h.C_LONG,
            tessella_loop_h.C_LONG,
            tessella_loop_h.C_LONG,
            tessella_loop_h.C_POINTER,
            tessella_loop_h.C_POINTER,
            tessella_loop_h.C_POINTER
        );

        public static final MemorySegment ADDR = tessella_loop_h.findOrThrow("tessella_index_scatter");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * int64_t tessella_index_scatter(const int32_t *offsets, int32_t *status, const int64_t *out, int64_t c, int64_t start, int64_t width, int64_t *rows, int64_t *cols, int64_t *ids)
     * }
     */
    public static FunctionDescriptor tessella_index_scatter$descriptor() {
        return tessella_index_scatter.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * int64_t tessella_index_scatter(const int32_t *offsets, int32_t *status, const int64_t *out, int64_t c, int64_t start, int64_t width, int64_t *rows, int64_t *cols, int64_t *ids)
     * }
     */
    public static MethodHandle tessella_index_scatter$handle() {
        return tessella_index_scatter.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * int64_t tessella_index_scatter(const int32_t *offsets, int32_t *status, const int64_t *out, int64_t c, int64_t start, int64_t width, int64_t *rows, int64_t *cols, int64_t *ids)
     * }
     */
    public static MemorySegment tessella_index_scatter$address() {
        return tessella_index_scatter.ADDR;
    }

    /**
     * {@snippet lang=c :
     * int64_t tessella_index_scatter(const int32_t *offsets, int32_t *status, const int64_t *out, int64_t c, int64_t start, int64_t width, int64_t *rows, int64_t *cols, int64_t *ids)
     * }
     */
    public static long tessella_index_scatter(MemorySegment offsets, MemorySegment status, MemorySegment out, long c, long start, long width, MemorySegment rows, MemorySegment cols, MemorySegment ids) {
        var mh$ = tessella_index_scatter.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("tessella_index_scatter", offsets, status, out, c, start, width, rows, cols, ids);
            }
            return (long)mh$.invokeExact(offsets, status, out, c, start, width, rows, cols, ids);
        } catch (Error | RuntimeException ex) {
           throw ex;
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }
}
