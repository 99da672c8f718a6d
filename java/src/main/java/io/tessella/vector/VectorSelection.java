package io.tessella.vector;

import java.lang.System.Logger.Level;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The start-up decision between the Vector API and the scalar path, kept free of static state so
 * that tests can run it for every combination of property, module and hardware.
 *
 * @param ops     the chosen implementation, or null when {@code failure} is set
 * @param level   how loudly to log {@code message}
 * @param message the one log line, or null for none
 * @param failure why no implementation may be used (a forced but impossible path), or null
 */
record VectorSelection(Kernels ops, Level level, String message, RuntimeException failure) {

    static final String FIX = "pass '--add-modules jdk.incubator.vector'";

    /**
     * @param property     the value of {@code -Dtessella.vector}: null or blank (automatic),
     *                     {@code true} (vector or fail) or {@code false} (scalar)
     * @param moduleInBoot whether {@code jdk.incubator.vector} is in the boot layer
     * @param loadVector   creates the vector implementation; throws
     *                     {@link UnsupportedOperationException} naming why it cannot
     */
    static VectorSelection decide(String property, boolean moduleInBoot, Supplier<Kernels> loadVector) {
        String p = property == null ? "" : property.strip().toLowerCase(Locale.ROOT);
        boolean forced;
        switch (p) {
            case "" -> forced = false;
            case "true" -> forced = true;
            case "false" -> {
                return new VectorSelection(ScalarKernels.INSTANCE, Level.DEBUG,
                        "Tessella uses scalar loops: -D" + VectorOps.PROPERTY + "=false", null);
            }
            default -> {
                return new VectorSelection(null, Level.ERROR, null, new IllegalStateException(
                        VectorOps.PROPERTY + " = '" + property + "' is neither true nor false (or unset for automatic)"));
            }
        }
        if (!moduleInBoot) {
            if (forced) {
                return new VectorSelection(null, Level.ERROR, null, new IllegalStateException(
                        "-D" + VectorOps.PROPERTY + "=true but module jdk.incubator.vector is not in the boot layer: "
                                + FIX + " to the java command, or drop -D" + VectorOps.PROPERTY + "=true"));
            }
            return new VectorSelection(ScalarKernels.INSTANCE, Level.WARNING,
                    "Java vector incubator module is not readable; Tessella falls back to scalar loops. "
                            + "For faster outer products, elementwise ops and reductions, " + FIX, null);
        }
        Kernels vector;
        try {
            vector = loadVector.get();
        } catch (UnsupportedOperationException e) {
            if (forced) {
                return new VectorSelection(null, Level.ERROR, null, new IllegalStateException(
                        "-D" + VectorOps.PROPERTY + "=true but the Vector API path cannot run: " + e.getMessage(), e));
            }
            return new VectorSelection(ScalarKernels.INSTANCE, Level.WARNING,
                    "Tessella falls back to scalar loops: " + e.getMessage(), null);
        }
        return new VectorSelection(vector, Level.DEBUG, "Tessella uses the Vector API: " + vector.name(), null);
    }
}
