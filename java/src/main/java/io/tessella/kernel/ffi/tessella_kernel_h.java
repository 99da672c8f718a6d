// Bindings for native/include/tessella_kernel.h in exactly the layout jextract (JDK 22+ output) emits.
//
// NOT GENERATED HERE: jextract is not available from Maven Central or Debian on the machines this was
// written on, so this file was written by hand to match jextract's output for our header (one lazy
// holder class per function with DESC, ADDR and HANDLE; foo$descriptor(), foo$handle(), foo$address();
// findOrThrow with "unresolved symbol: "). Where jextract is installed, native/jextract.sh regenerates
// it; a diff against this file shows any drift. Keep it mechanical: everything users touch lives in
// io.tessella.kernel, the hand-written layer above.
//
// Symbols are looked up in the libraries this class loader has loaded (System.load), which is what
// io.tessella.kernel.NativeKernel.bundled() arranges; other libraries are bound by address there.

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
public class tessella_kernel_h {

    tessella_kernel_h() {
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
    private static final int TESSELLA_KERNEL_ABI_VERSION = (int)1L;
    /**
     * {@snippet lang=c :
     * #define TESSELLA_KERNEL_ABI_VERSION 1
     * }
     */
    public static int TESSELLA_KERNEL_ABI_VERSION() {
        return TESSELLA_KERNEL_ABI_VERSION;
    }
    private static final int TESSELLA_OK = (int)0L;
    /**
     * {@snippet lang=c :
     * #define TESSELLA_OK 0
     * }
     */
    public static int TESSELLA_OK() {
        return TESSELLA_OK;
    }
    private static final int TESSELLA_E_NONFINITE = (int)1L;
    /**
     * {@snippet lang=c :
     * #define TESSELLA_E_NONFINITE 1
     * }
     */
    public static int TESSELLA_E_NONFINITE() {
        return TESSELLA_E_NONFINITE;
    }
    private static final int TESSELLA_E_DOMAIN = (int)2L;
    /**
     * {@snippet lang=c :
     * #define TESSELLA_E_DOMAIN 2
     * }
     */
    public static int TESSELLA_E_DOMAIN() {
        return TESSELLA_E_DOMAIN;
    }
    private static final int TESSELLA_E_DIVERGED = (int)3L;
    /**
     * {@snippet lang=c :
     * #define TESSELLA_E_DIVERGED 3
     * }
     */
    public static int TESSELLA_E_DIVERGED() {
        return TESSELLA_E_DIVERGED;
    }
    private static final int TESSELLA_E_NULL = (int)4L;
    /**
     * {@snippet lang=c :
     * #define TESSELLA_E_NULL 4
     * }
     */
    public static int TESSELLA_E_NULL() {
        return TESSELLA_E_NULL;
    }
    private static final double TESSELLA_DOMAIN_MAX = 1.0E9d;
    /**
     * {@snippet lang=c :
     * #define TESSELLA_DOMAIN_MAX 1000000000.0
     * }
     */
    public static double TESSELLA_DOMAIN_MAX() {
        return TESSELLA_DOMAIN_MAX;
    }

    private static class tessella_kernel_abi_version {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            tessella_kernel_h.C_INT    );

        public static final MemorySegment ADDR = tessella_kernel_h.findOrThrow("tessella_kernel_abi_version");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * int32_t tessella_kernel_abi_version()
     * }
     */
    public static FunctionDescriptor tessella_kernel_abi_version$descriptor() {
        return tessella_kernel_abi_version.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * int32_t tessella_kernel_abi_version()
     * }
     */
    public static MethodHandle tessella_kernel_abi_version$handle() {
        return tessella_kernel_abi_version.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * int32_t tessella_kernel_abi_version()
     * }
     */
    public static MemorySegment tessella_kernel_abi_version$address() {
        return tessella_kernel_abi_version.ADDR;
    }

    /**
     * {@snippet lang=c :
     * int32_t tessella_kernel_abi_version()
     * }
     */
    public static int tessella_kernel_abi_version() {
        var mh$ = tessella_kernel_abi_version.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("tessella_kernel_abi_version");
            }
            return (int)mh$.invokeExact();
        } catch (Error | RuntimeException ex) {
           throw ex;
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class slow_computation {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            tessella_kernel_h.C_INT,
            tessella_kernel_h.C_DOUBLE,
            tessella_kernel_h.C_DOUBLE,
            tessella_kernel_h.C_POINTER
        );

        public static final MemorySegment ADDR = tessella_kernel_h.findOrThrow("slow_computation");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * int32_t slow_computation(double a, double b, int64_t *out)
     * }
     */
    public static FunctionDescriptor slow_computation$descriptor() {
        return slow_computation.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * int32_t slow_computation(double a, double b, int64_t *out)
     * }
     */
    public static MethodHandle slow_computation$handle() {
        return slow_computation.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * int32_t slow_computation(double a, double b, int64_t *out)
     * }
     */
    public static MemorySegment slow_computation$address() {
        return slow_computation.ADDR;
    }

    /**
     * {@snippet lang=c :
     * int32_t slow_computation(double a, double b, int64_t *out)
     * }
     */
    public static int slow_computation(double a, double b, MemorySegment out) {
        var mh$ = slow_computation.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("slow_computation", a, b, out);
            }
            return (int)mh$.invokeExact(a, b, out);
        } catch (Error | RuntimeException ex) {
           throw ex;
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class slow_computation_batch {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            tessella_kernel_h.C_LONG,
            tessella_kernel_h.C_POINTER,
            tessella_kernel_h.C_POINTER,
            tessella_kernel_h.C_LONG,
            tessella_kernel_h.C_POINTER,
            tessella_kernel_h.C_POINTER
        );

        public static final MemorySegment ADDR = tessella_kernel_h.findOrThrow("slow_computation_batch");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * int64_t slow_computation_batch(const double *a, const double *b, int64_t n, int64_t *out, int32_t *status)
     * }
     */
    public static FunctionDescriptor slow_computation_batch$descriptor() {
        return slow_computation_batch.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * int64_t slow_computation_batch(const double *a, const double *b, int64_t n, int64_t *out, int32_t *status)
     * }
     */
    public static MethodHandle slow_computation_batch$handle() {
        return slow_computation_batch.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * int64_t slow_computation_batch(const double *a, const double *b, int64_t n, int64_t *out, int32_t *status)
     * }
     */
    public static MemorySegment slow_computation_batch$address() {
        return slow_computation_batch.ADDR;
    }

    /**
     * {@snippet lang=c :
     * int64_t slow_computation_batch(const double *a, const double *b, int64_t n, int64_t *out, int32_t *status)
     * }
     */
    public static long slow_computation_batch(MemorySegment a, MemorySegment b, long n, MemorySegment out, MemorySegment status) {
        var mh$ = slow_computation_batch.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("slow_computation_batch", a, b, n, out, status);
            }
            return (long)mh$.invokeExact(a, b, n, out, status);
        } catch (Error | RuntimeException ex) {
           throw ex;
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }
}
