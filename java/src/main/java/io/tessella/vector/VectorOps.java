package io.tessella.vector;

import java.lang.System.Logger;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.util.Optional;

/**
 * Picks, once per JVM, the {@link Kernels} Tessella uses for every dtype, Lucene-style: the Vector API
 * path when {@code jdk.incubator.vector} is in the boot layer and the hardware and JIT can run it fast,
 * otherwise the scalar twin with one log line naming the fix
 * ({@code pass '--add-modules jdk.incubator.vector'}).
 *
 * <p>The system property {@value #PROPERTY} forces a path: {@code false} always takes the scalar
 * path (silently); {@code true} requires the Vector API path, and if it cannot run,
 * {@link #active()} throws {@link IllegalStateException} saying why instead of quietly running
 * slower: a forced path is asked for by people who measure. Any other value is also an error.
 *
 * <p>This class never touches the Vector API itself: the vector implementation is loaded by name
 * only after the checks pass, so the scalar path works on JVMs started without the module.
 *
 * <p>Thread-safe: the choice is made once, in a class initialiser.
 *
 * <pre>{@code
 * Kernels k = VectorOps.active();
 * System.out.println(VectorOps.implementation() + ": " + VectorOps.implementationName());
 * k.outer(DType.FLOAT32).outerProduct(r, y, x);
 * }</pre>
 */
public final class VectorOps {

    /** The system property that forces a path: {@code true}, {@code false}, or unset (automatic). */
    public static final String PROPERTY = "tessella.vector";

    private static final String PANAMA_CLASS = "io.tessella.vector.PanamaKernels";

    /** The two kinds of implementation {@link #active()} can be. */
    public enum Implementation {
        /** The Vector API ({@code jdk.incubator.vector}) path. */
        VECTOR,
        /** Plain Java loops, the scalar twin. */
        SCALAR
    }

    private VectorOps() {
    }

    /**
     * The implementation Tessella uses, chosen at first use.
     *
     * <pre>{@code VectorOps.active().elementwise(DType.FLOAT64).apply(BinaryOp.ADD, out, a, b);}</pre>
     *
     * @return the vector path if available (and not disabled), else the scalar path
     * @throws IllegalStateException if {@value #PROPERTY} is {@code true} but the vector path cannot
     *                               run, or the property has an invalid value
     */
    public static Kernels active() {
        VectorSelection s = Active.SELECTION;
        if (s.failure() != null) {
            throw new IllegalStateException(s.failure().getMessage(), s.failure());
        }
        return s.ops();
    }

    /**
     * Which kind of implementation {@link #active()} is.
     *
     * <pre>{@code if (VectorOps.implementation() == VectorOps.Implementation.SCALAR) { ... }}</pre>
     *
     * @return {@link Implementation#VECTOR} or {@link Implementation#SCALAR}
     * @throws IllegalStateException as {@link #active()}
     */
    public static Implementation implementation() {
        return active() instanceof PanamaKernels ? Implementation.VECTOR : Implementation.SCALAR;
    }

    /**
     * The {@link Kernels#name()} of {@link #active()}, e.g. {@code "vector (512-bit)"} or {@code "scalar"}.
     *
     * <pre>{@code log.info("kernels: " + VectorOps.implementationName());}</pre>
     *
     * @return the active implementation's name
     * @throws IllegalStateException as {@link #active()}
     */
    public static String implementationName() {
        return active().name();
    }

    /**
     * The scalar twin, whatever {@link #active()} is: cache-blocked outer products and loops that
     * give the same bits as the vector path.
     *
     * <pre>{@code VectorOps.scalar().reduction(DType.FLOAT64).reduceRows(Reduction.SUM, m, sums);}</pre>
     *
     * @return the scalar implementation
     */
    public static Kernels scalar() {
        return ScalarKernels.INSTANCE;
    }

    /**
     * The reference implementation: each operation written as plainly as its definition (the outer
     * product as the recipe's per-row loop). For tests and as a benchmark baseline.
     *
     * <pre>{@code VectorOps.naive().outer(DType.FLOAT64).outerProduct(r, y, x);}</pre>
     *
     * @return the naive implementation
     */
    public static Kernels naive() {
        return NaiveKernels.INSTANCE;
    }

    /**
     * The Vector API implementation if this JVM can run it, whatever {@value #PROPERTY} says, so
     * that tests and benchmarks can compare it with {@link #scalar()}. Loads it on first call.
     *
     * <pre>{@code VectorOps.vector().ifPresent(v -> v.outer(DType.FLOAT64).outerProduct(r, y, x));}</pre>
     *
     * @return the vector implementation, or empty (see {@link #vectorUnavailableReason()})
     */
    public static Optional<Kernels> vector() {
        return Optional.ofNullable(Vector.OPS);
    }

    /**
     * Why {@link #vector()} is empty.
     *
     * <pre>{@code VectorOps.vectorUnavailableReason().ifPresent(System.err::println);}</pre>
     *
     * @return the reason, or empty if the vector implementation is available
     */
    public static Optional<String> vectorUnavailableReason() {
        return Optional.ofNullable(Vector.REASON);
    }

    static boolean moduleInBootLayer() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }

    /** Holds the vector implementation; initialised only when someone asks for it. */
    private static final class Vector {
        static final Kernels OPS;
        static final String REASON;

        static {
            Kernels ops = null;
            String reason = null;
            if (!moduleInBootLayer()) {
                reason = "module jdk.incubator.vector is not in the boot layer: " + VectorSelection.FIX;
            } else {
                try {
                    ops = load();
                } catch (UnsupportedOperationException e) {
                    reason = e.getMessage();
                }
            }
            OPS = ops;
            REASON = reason;
        }

        private static Kernels load() {
            String jit = jitProblem();
            if (jit != null) {
                throw new UnsupportedOperationException(jit);
            }
            try {
                Class<?> c = Class.forName(PANAMA_CLASS, true, VectorOps.class.getClassLoader());
                return (Kernels) MethodHandles.lookup()
                        .findConstructor(c, MethodType.methodType(void.class))
                        .invoke();
            } catch (UnsupportedOperationException e) {
                throw e;
            } catch (Throwable e) {
                // A linkage or reflection failure: keep it as the cause, the scalar path still works.
                throw new UnsupportedOperationException("cannot load " + PANAMA_CLASS + ": " + e, e);
            }
        }

        /** The Vector API is only fast once C2 compiles it; interpreted or C1-only it is far slower than scalar code. */
        private static String jitProblem() {
            String info = System.getProperty("java.vm.info", "");
            if (info.contains("interpreted mode")) {
                return "the JVM runs in interpreted mode (-Xint), where the Vector API is far slower than scalar code";
            }
            if (ModuleLayer.boot().findModule("jdk.management").isEmpty()) {
                return null;
            }
            try {
                var bean = ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
                if (bean == null) {
                    return null;
                }
                boolean tiered = Boolean.parseBoolean(bean.getVMOption("TieredCompilation").getValue());
                int stopAt = Integer.parseInt(bean.getVMOption("TieredStopAtLevel").getValue());
                if (tiered && stopAt < 4) {
                    return "-XX:TieredStopAtLevel=" + stopAt + " keeps C2 from compiling the Vector API, "
                            + "which then runs far slower than scalar code";
                }
            } catch (IllegalArgumentException e) {
                // Not HotSpot (no such VM option): nothing known to be wrong.
                return null;
            }
            return null;
        }
    }

    /** Holds the start-up choice; its initialiser logs the one line. */
    private static final class Active {
        static final VectorSelection SELECTION;

        static {
            SELECTION = VectorSelection.decide(System.getProperty(PROPERTY), moduleInBootLayer(), () -> {
                Kernels ops = Vector.OPS;
                if (ops == null) {
                    throw new UnsupportedOperationException(Vector.REASON);
                }
                return ops;
            });
            if (SELECTION.message() != null) {
                Logger log = System.getLogger("io.tessella.vector");
                log.log(SELECTION.level(), SELECTION.message());
            }
        }
    }
}
