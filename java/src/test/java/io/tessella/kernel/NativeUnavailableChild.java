package io.tessella.kernel;

import io.tessella.jobs.IndexMode;
import io.tessella.jobs.OuterImpl;
import io.tessella.kernel.internal.NativeLoops;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.Callable;

/**
 * Runs in a JVM of its own for {@link NativeUnavailableTest}, started so that the bundled libraries
 * cannot load (mode {@code unavailable}: an extraction directory that cannot be created, an empty
 * {@code java.library.path}), with {@code -Dtessella.kernel.path} naming a missing file (mode
 * {@code explicit}), or with the libraries only on {@code java.library.path} (mode {@code librarypath}). Prints one {@code key=value} line per observation; a value starting with
 * {@code !} is a throwable's class and message.
 */
public final class NativeUnavailableChild {
    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "unavailable" -> unavailable();
            case "explicit" -> explicit();
            case "librarypath" -> libraryPath();
            default -> throw new IllegalArgumentException("mode = " + args[0] + " is not unavailable, explicit or librarypath");
        }
    }

    private static void unavailable() throws Exception {
        for (BundledLibrary lib : BundledLibrary.values()) {
            print("available." + lib, lib.isAvailable());
            KernelLinkException cause = lib.unavailabilityCause();
            print("cause." + lib, cause.getMessage());
            print("suppressed." + lib, cause.getSuppressed().length);
            print("sameCause." + lib, cause == lib.unavailabilityCause());
            print("origin." + lib, lib.origin().orElse("none"));
        }
        print("available.NativeKernel", NativeKernel.isAvailable() + "/" + (NativeKernel.unavailabilityCause() == BundledLibrary.KERNEL.unavailabilityCause()));
        print("available.NativeOuter", NativeOuter.isAvailable() + "/" + (NativeOuter.unavailabilityCause() == BundledLibrary.OUTER.unavailabilityCause()));
        print("available.NativeLoops", NativeLoops.isAvailable() + "/" + (NativeLoops.unavailabilityCause() == BundledLibrary.LOOP.unavailabilityCause()));
        run("best", () -> Kernel.best().description());
        run("best.again", () -> Kernel.best().description());
        run("bundled", () -> NativeKernel.bundled());
        run("bundled.causeIsTheMemo", () -> causeIsTheMemo(NativeKernel::bundled, BundledLibrary.KERNEL));
        run("outer.bundled", () -> NativeOuter.bundled());
        run("outer.bundled.causeIsTheMemo", () -> causeIsTheMemo(NativeOuter::bundled, BundledLibrary.OUTER));
        run("outer.NATIVE", () -> FallbackScenario.outer(OuterImpl.NATIVE));
        run("outer.TILED", () -> FallbackScenario.outer(OuterImpl.TILED));
        run("gather", NativeUnavailableChild::gather);
        run("zeroUpper", () -> {
            LoopLibrary.zeroUpper();
            return "ok";
        });
        for (IndexMode mode : IndexMode.values()) {
            run("index." + mode, () -> FallbackScenario.index(null, mode));
        }
        run("batchAndEach.best", () -> FallbackScenario.batchAndEach(Kernel.best()));
        try (NativeKernel byPath = NativeKernel.open(TestLibraries.bundle("tessella_kernel"));
             NativeKernel scalarOnly = NativeKernel.open(TestLibraries.broken("tessella_test_no_batch"))) {
            run("byPath.batchPath", byPath::batchPath);
            run("batchAndEach.byPath", () -> FallbackScenario.batchAndEach(byPath));
            run("scalarOnly.batchPath", scalarOnly::batchPath);
            run("scalarOnly.batchIsOneCall", scalarOnly::batchIsOneCall);
            run("batchAndEach.scalarOnly", () -> FallbackScenario.batchAndEach(scalarOnly));
            run("index.scalarOnly", () -> FallbackScenario.index(scalarOnly, IndexMode.AUTO));
        }
    }

    private static void explicit() {
        run("best", () -> Kernel.best().description());
        run("bundled", () -> NativeKernel.bundled());
        print("explicit.KERNEL", BundledLibrary.KERNEL.explicitlyNamed());
        print("available.OUTER", BundledLibrary.OUTER.isAvailable());
        print("available.LOOP", BundledLibrary.LOOP.isAvailable());
    }

    private static void libraryPath() throws Exception {
        for (BundledLibrary lib : BundledLibrary.values()) {
            print("available." + lib, lib.isAvailable());
            print("origin." + lib, lib.origin().orElse("none"));
        }
        run("best", () -> Kernel.best().description());
        run("index.AUTO", () -> FallbackScenario.index(null, IndexMode.AUTO));
        run("outer.NATIVE", () -> FallbackScenario.outer(OuterImpl.NATIVE));
        try (NativeKernel scalarOnly = NativeKernel.open(TestLibraries.broken("tessella_test_no_batch"))) {
            run("scalarOnly.batchPath", scalarOnly::batchPath);
            run("batchAndEach.scalarOnly", () -> FallbackScenario.batchAndEach(scalarOnly));
        }
    }

    private static String causeIsTheMemo(Callable<?> call, BundledLibrary lib) {
        try {
            call.call();
            return "no exception";
        } catch (KernelLinkException e) {
            return String.valueOf(e.getCause() == lib.unavailabilityCause() && e.getMessage().equals(lib.unavailabilityCause().getMessage()));
        } catch (Exception e) {
            return "!" + e;
        }
    }

    private static Object gather() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment d = arena.allocate(ValueLayout.JAVA_DOUBLE, 4);
            MemorySegment i = arena.allocate(ValueLayout.JAVA_INT, 4);
            return NativeLoops.gather(d, d, 4, -1.0e10, d, d, i);
        }
    }

    private static void run(String key, Callable<?> call) {
        try {
            print(key, call.call());
        } catch (Throwable t) {
            print(key, "!" + t.getClass().getName() + ": " + t.getMessage());
        }
    }

    private static void print(String key, Object value) {
        System.out.println(key + "=" + String.valueOf(value).replace("\n", "\\n"));
    }
}
