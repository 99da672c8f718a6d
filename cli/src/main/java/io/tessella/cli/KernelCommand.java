package io.tessella.cli;

import com.fasterxml.jackson.jr.ob.JSON;
import io.tessella.kernel.BundledLibrary;
import io.tessella.kernel.Evaluation;
import io.tessella.kernel.JavaKernel;
import io.tessella.kernel.KernelStatus;
import io.tessella.kernel.NativeKernel;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tessella kernel}: which kernel library Tessella binds, its ABI version, whether it has the
 * batch entry point; with {@code --eval A B}, the result of one {@code slow_computation(A, B)} call.
 *
 * <pre>{@code
 * tessella kernel --kernel /opt/libmine.so --json
 * tessella kernel --eval nan 1      # status 1 (NONFINITE)
 * }</pre>
 */
@Command(name = "kernel", mixinStandardHelpOptions = true,
        description = "Show the native kernel library Tessella binds; --eval A B calls slow_computation(A, B) once.")
final class KernelCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--kernel", paramLabel = "PATH|java",
            description = "A kernel library with the Tessella ABI, or java for the bundled kernel's Java twin (default: the bundled one, or -Dtessella.kernel.path).")
    Path kernel;

    @Option(names = "--json", description = "Print one JSON object instead of text.")
    boolean json;

    @Option(names = "--eval", arity = "2", paramLabel = "A B", converter = DoubleConverter.class,
            description = "Call slow_computation(A, B) once and print the index or the error code. Accepts nan, inf, -inf.")
    List<Double> eval;

    @Override
    public Integer call() throws IOException {
        // With --kernel java, or without --kernel and without the bundled library, the Java twin answers
        // (identical results), and says why.
        boolean forced = kernel != null && kernel.toString().equals(ArrayCommandSupport.JAVA_KERNEL);
        boolean twin = forced || kernel == null && !BundledLibrary.KERNEL.isAvailable();
        NativeKernel k = twin ? null : kernel == null ? NativeKernel.bundled() : ArrayCommandSupport.kernel("--kernel", kernel);
        try {
            Map<String, Object> info = new LinkedHashMap<>();
            if (twin) {
                info.put("library", JavaKernel.STANDARD.description() + (forced ? " (--kernel java)" : " (the bundled library is unavailable: "
                        + BundledLibrary.KERNEL.unavailabilityCause().getMessage() + ")"));
            } else {
                info.put("library", k.library());
                info.put("abiVersion", k.abiVersion());
                info.put("batch", k.hasBatch());
                info.put("batchVia", k.batchPath());
                info.put("linkage", k.linkage().name().toLowerCase(java.util.Locale.ROOT));
            }
            Map<String, Object> bundled = new LinkedHashMap<>();
            for (BundledLibrary lib : BundledLibrary.values()) {
                bundled.put(lib.libraryName(), lib.isAvailable() ? lib.origin().orElse("loaded")
                        : "unavailable: " + lib.unavailabilityCause().getMessage());
            }
            info.put("bundled", bundled);
            if (eval != null) {
                double a = eval.get(0), b = eval.get(1);
                Evaluation r = twin ? JavaKernel.STANDARD.evaluate(a, b) : k.evaluate(a, b);
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("a", Double.toString(a));
                e.put("b", Double.toString(b));
                e.put("status", r.status());
                if (r.succeeded()) {
                    e.put("index", r.index());
                } else {
                    e.put("error", KernelStatus.describe(r.status()));
                }
                info.put("eval", e);
            }
            print(info);
            return 0;
        } finally {
            if (k != null) {
                k.close();
            }
        }
    }

    private void print(Map<String, Object> info) throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(JSON.std.asString(info));
            return;
        }
        out.printf("kernel library   %s%n", info.get("library"));
        if (info.containsKey("abiVersion")) {
            out.printf("abi version      %s%n", info.get("abiVersion"));
            out.printf("batch symbol     %s%n", (Boolean) info.get("batch") ? "present (slow_computation_batch)"
                    : "tessella_loop_scalar".equals(info.get("batchVia")) ? "absent (batches run Tessella's bundled C loop over slow_computation)"
                    : "absent (batches loop over slow_computation in Java)");
            out.printf("per-element call %s linkage%n", info.get("linkage"));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> bundled = (Map<String, Object>) info.get("bundled");
        out.printf("bundled libraries%n");
        bundled.forEach((name, where) -> out.printf("  %-16s %s%n", name, where));
        @SuppressWarnings("unchecked")
        Map<String, Object> e = (Map<String, Object>) info.get("eval");
        if (e != null) {
            out.printf("slow_computation(%s, %s) = %s%n", e.get("a"), e.get("b"),
                    e.containsKey("index") ? "status 0, index " + e.get("index") : "status " + e.get("error"));
        }
    }
}
