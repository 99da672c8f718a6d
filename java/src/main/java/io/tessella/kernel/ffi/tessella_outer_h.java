// Bindings for native/include/tessella_outer.h in exactly the layout jextract (JDK 22+ output) emits.
//
// NOT GENERATED HERE: jextract is not available from Maven Central or Debian on the machines this was
// written on, so this file was written by hand to match jextract's output for our header (one lazy
// holder class per function with DESC, ADDR and HANDLE; foo$descriptor(), foo$handle(), foo$address();
// findOrThrow with "unresolved symbol: "). Where jextract is installed, native/jextract.sh regenerates
// it; a diff against this file shows any drift. Keep it mechanical: everything users touch lives in
// io.tessella.kernel, the hand-written layer above.
//
// Symbols are looked up in the libraries this class loader has loaded (System.load); Tessella itself
// binds the outer-product library by address in io.tessella.kernel.NativeOuter.

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
public class tessella_outer_h {

    tessella_outer_h() {
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
    private static final int TESSELLA_OUTER_ABI_VERSION = (int)1L;
    /**
     * {@snippet lang=c :
     * #define TESSELLA_OUTER_ABI_VERSION 1
     * }
     */
    public static int TESSELLA_OUTER_ABI_VERSION() {
        return TESSELLA_OUTER_ABI_VERSION;
    }
    private static final int TESSELLA_STORE_PLAIN = (int)0L;
    /**
     * {@snippet lang=c :
     * #define TESSELLA_STORE_PLAIN 0
     * }
     */
    public static int TESSELLA_STORE_PLAIN() {
        return TESSELLA_STORE_PLAIN;
    }
    private static final int TESSELLA_STORE_STREAMING = (int)1L;
    /**
     * {@snippet lang=c :
     * #define TESSELLA_STORE_STREAMING 1
     * }
     */
    public static int TESSELLA_STORE_STREAMING() {
        return TESSELLA_STORE_STREAMING;
    }
    private static final int TESSELLA_OUTER_E_ARG = (int)1L;
    /**
     * {@snippet lang=c :
     * #define TESSELLA_OUTER_E_ARG 1
     * }
     */
    public static int TESSELLA_OUTER_E_ARG() {
        return TESSELLA_OUTER_E_ARG;
    }

    private static class tessella_outer_abi_version {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            tessella_outer_h.C_INT    );

        public static final MemorySegment ADDR = tessella_outer_h.findOrThrow("tessella_outer_abi_version");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * int32_t tessella_outer_abi_version()
     * }
     */
    public static FunctionDescriptor tessella_outer_abi_version$descriptor() {
        return tessella_outer_abi_version.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * int32_t tessella_outer_abi_version()
     * }
     */
    public static MethodHandle tessella_outer_abi_version$handle() {
        return tessella_outer_abi_version.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * int32_t tessella_outer_abi_version()
     * }
     */
    public static MemorySegment tessella_outer_abi_version$address() {
        return tessella_outer_abi_version.ADDR;
    }

    /**
     * {@snippet lang=c :
     * int32_t tessella_outer_abi_version()
     * }
     */
    public static int tessella_outer_abi_version() {
        var mh$ = tessella_outer_abi_version.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("tessella_outer_abi_version");
            }
            return (int)mh$.invokeExact();
        } catch (Error | RuntimeException ex) {
           throw ex;
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class tessella_outer_f64 {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            tessella_outer_h.C_INT,
            tessella_outer_h.C_POINTER,
            tessella_outer_h.C_POINTER,
            tessella_outer_h.C_LONG,
            tessella_outer_h.C_LONG,
            tessella_outer_h.C_POINTER,
            tessella_outer_h.C_LONG,
            tessella_outer_h.C_INT
        );

        public static final MemorySegment ADDR = tessella_outer_h.findOrThrow("tessella_outer_f64");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * int32_t tessella_outer_f64(const double *y, const double *x, int64_t m, int64_t n, double *r, int64_t row_stride, int32_t store)
     * }
     */
    public static FunctionDescriptor tessella_outer_f64$descriptor() {
        return tessella_outer_f64.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * int32_t tessella_outer_f64(const double *y, const double *x, int64_t m, int64_t n, double *r, int64_t row_stride, int32_t store)
     * }
     */
    public static MethodHandle tessella_outer_f64$handle() {
        return tessella_outer_f64.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * int32_t tessella_outer_f64(const double *y, const double *x, int64_t m, int64_t n, double *r, int64_t row_stride, int32_t store)
     * }
     */
    public static MemorySegment tessella_outer_f64$address() {
        return tessella_outer_f64.ADDR;
    }

    /**
     * {@snippet lang=c :
     * int32_t tessella_outer_f64(const double *y, const double *x, int64_t m, int64_t n, double *r, int64_t row_stride, int32_t store)
     * }
     */
    public static int tessella_outer_f64(MemorySegment y, MemorySegment x, long m, long n, MemorySegment r, long row_stride, int store) {
        var mh$ = tessella_outer_f64.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("tessella_outer_f64", y, x, m, n, r, row_stride, store);
            }
            return (int)mh$.invokeExact(y, x, m, n, r, row_stride, store);
        } catch (Error | RuntimeException ex) {
           throw ex;
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class tessella_outer_i64 {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            tessella_outer_h.C_INT,
            tessella_outer_h.C_POINTER,
            tessella_outer_h.C_POINTER,
            tessella_outer_h.C_LONG,
            tessella_outer_h.C_LONG,
            tessella_outer_h.C_POINTER,
            tessella_outer_h.C_LONG,
            tessella_outer_h.C_INT
        );

        public static final MemorySegment ADDR = tessella_outer_h.findOrThrow("tessella_outer_i64");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * int32_t tessella_outer_i64(const int64_t *y, const double *x, int64_t m, int64_t n, double *r, int64_t row_stride, int32_t store)
     * }
     */
    public static FunctionDescriptor tessella_outer_i64$descriptor() {
        return tessella_outer_i64.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * int32_t tessella_outer_i64(const int64_t *y, const double *x, int64_t m, int64_t n, double *r, int64_t row_stride, int32_t store)
     * }
     */
    public static MethodHandle tessella_outer_i64$handle() {
        return tessella_outer_i64.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * int32_t tessella_outer_i64(const int64_t *y, const double *x, int64_t m, int64_t n, double *r, int64_t row_stride, int32_t store)
     * }
     */
    public static MemorySegment tessella_outer_i64$address() {
        return tessella_outer_i64.ADDR;
    }

    /**
     * {@snippet lang=c :
     * int32_t tessella_outer_i64(const int64_t *y, const double *x, int64_t m, int64_t n, double *r, int64_t row_stride, int32_t store)
     * }
     */
    public static int tessella_outer_i64(MemorySegment y, MemorySegment x, long m, long n, MemorySegment r, long row_stride, int store) {
        var mh$ = tessella_outer_i64.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("tessella_outer_i64", y, x, m, n, r, row_stride, store);
            }
            return (int)mh$.invokeExact(y, x, m, n, r, row_stride, store);
        } catch (Error | RuntimeException ex) {
           throw ex;
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class tessella_fill_f64 {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            tessella_outer_h.C_INT,
            tessella_outer_h.C_POINTER,
            tessella_outer_h.C_LONG,
            tessella_outer_h.C_DOUBLE,
            tessella_outer_h.C_INT
        );

        public static final MemorySegment ADDR = tessella_outer_h.findOrThrow("tessella_fill_f64");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * int32_t tessella_fill_f64(double *r, int64_t count, double value, int32_t store)
     * }
     */
    public static FunctionDescriptor tessella_fill_f64$descriptor() {
        return tessella_fill_f64.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * int32_t tessella_fill_f64(double *r, int64_t count, double value, int32_t store)
     * }
     */
    public static MethodHandle tessella_fill_f64$handle() {
        return tessella_fill_f64.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * int32_t tessella_fill_f64(double *r, int64_t count, double value, int32_t store)
     * }
     */
    public static MemorySegment tessella_fill_f64$address() {
        return tessella_fill_f64.ADDR;
    }

    /**
     * {@snippet lang=c :
     * int32_t tessella_fill_f64(double *r, int64_t count, double value, int32_t store)
     * }
     */
    public static int tessella_fill_f64(MemorySegment r, long count, double value, int store) {
        var mh$ = tessella_fill_f64.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("tessella_fill_f64", r, count, value, store);
            }
            return (int)mh$.invokeExact(r, count, value, store);
        } catch (Error | RuntimeException ex) {
           throw ex;
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class tessella_outer_isa {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            tessella_outer_h.C_POINTER    );

        public static final MemorySegment ADDR = tessella_outer_h.findOrThrow("tessella_outer_isa");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * const char *tessella_outer_isa()
     * }
     */
    public static FunctionDescriptor tessella_outer_isa$descriptor() {
        return tessella_outer_isa.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * const char *tessella_outer_isa()
     * }
     */
    public static MethodHandle tessella_outer_isa$handle() {
        return tessella_outer_isa.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * const char *tessella_outer_isa()
     * }
     */
    public static MemorySegment tessella_outer_isa$address() {
        return tessella_outer_isa.ADDR;
    }

    /**
     * {@snippet lang=c :
     * const char *tessella_outer_isa()
     * }
     */
    public static MemorySegment tessella_outer_isa() {
        var mh$ = tessella_outer_isa.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("tessella_outer_isa");
            }
            return (MemorySegment)mh$.invokeExact();
        } catch (Error | RuntimeException ex) {
           throw ex;
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }
}
