package io.tessella.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessella.jobs.IndexMode;
import io.tessella.jobs.OuterImpl;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JVM where the bundled libraries really cannot load ({@link NativeUnavailableChild}): every
 * library reports why and the fix the same way, every path with a fallback gives this JVM's native
 * results bit for bit with one log line per library, the paths without one throw the cause, and
 * nothing throws {@link ExceptionInInitializerError}.
 */
class NativeUnavailableTest {
    private static final String LINK_EXCEPTION = "!" + KernelLinkException.class.getName() + ": ";

    @Test
    void withoutTheBundledLibrariesEveryFallbackGivesTheNativeResultsAndTheRestSayWhy(@TempDir Path dir) throws Exception {
        Path blocker = Files.writeString(dir.resolve("a-file"), "extraction cannot happen under a regular file");
        Path workDir = blocker.resolve("sub");
        Child child = Child.run(dir, "unavailable", null, "-D" + NativeLibraryLoader.WORKDIR_PROPERTY + "=" + workDir);
        Map<String, String> seen = child.values();

        for (BundledLibrary lib : BundledLibrary.values()) {
            String cause = seen.get("cause." + lib);
            assertTrue(cause.startsWith("lib" + lib.libraryName() + ".so is unavailable: cannot create a private directory under " + workDir), cause);
            assertTrue(cause.contains("set -Dtessella.native.workdir=DIR to a writable directory"), cause);
        }
        assertEveryFallbackGivesTheNativeResultsAndTheRestSayWhy(child);
    }

    @Test
    void whereTheJarHasNoBuildForThisPlatformEveryFallbackGivesTheNativeResultsAndTheRestSayWhy(@TempDir Path dir) throws Exception {
        // As on a platform the jar has no folder for (-Dos.arch cannot stand in: FFM takes its ABI from it
        // too): the library's classes without native/. NativeLibraryLoaderTest checks the words for
        // another platform's name.
        Path classes = BundledPlatformsTest.libraryClasses();
        Path stripped = dir.resolve("classes-without-natives");
        try (Stream<Path> all = Files.walk(classes)) {
            for (Path p : all.toList()) {
                Path rel = classes.relativize(p);
                if (!rel.startsWith("native")) {
                    Files.copy(p, stripped.resolve(rel.toString()));
                }
            }
        }
        String classPath = Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(e -> Path.of(e).toAbsolutePath().normalize().equals(classes.toAbsolutePath().normalize()) ? stripped.toString() : e)
                .collect(Collectors.joining(File.pathSeparator));
        assertTrue(classPath.contains(stripped.toString()), classPath);
        Child child = Child.runOnClassPath(dir, "unavailable", null, classPath);
        Map<String, String> seen = child.values();
        String platform = NativeLibraryLoader.platform();
        for (BundledLibrary lib : BundledLibrary.values()) {
            String file = "lib" + lib.libraryName() + ".so";
            assertTrue(seen.get("cause." + lib).startsWith(file + " is unavailable: Tessella's jar has no native/" + platform + "/" + file
                    + ": it was built without it; build " + file + " from Tessella's native/ sources (CMake) and add its directory to "
                    + "-Djava.library.path"), seen.get("cause." + lib));
        }
        assertEveryFallbackGivesTheNativeResultsAndTheRestSayWhy(child);
    }

    /** What holds whatever kept the bundled libraries from loading in the child. */
    private static void assertEveryFallbackGivesTheNativeResultsAndTheRestSayWhy(Child child) throws Exception {
        Map<String, String> seen = child.values();
        for (BundledLibrary lib : BundledLibrary.values()) {
            assertEquals("false", seen.get("available." + lib), lib.name());
            String cause = seen.get("cause." + lib);
            assertEquals(lib == BundledLibrary.KERNEL, cause.contains("or name a library with -Dtessella.kernel.path=FILE"), cause);
            assertEquals("2", seen.get("suppressed." + lib), "the jar attempt and the java.library.path attempt");
            assertEquals("true", seen.get("sameCause." + lib), "the first attempt's cause is kept");
            assertEquals("none", seen.get("origin." + lib));
        }
        for (String api : List.of("NativeKernel", "NativeOuter", "NativeLoops")) {
            assertEquals("false/true", seen.get("available." + api), api + " answers as its BundledLibrary does");
        }

        // The paths that cannot fall back throw the cause, with its fix.
        assertEquals(LINK_EXCEPTION + seen.get("cause.KERNEL"), seen.get("bundled"));
        assertEquals(LINK_EXCEPTION + seen.get("cause.OUTER"), seen.get("outer.bundled"));
        assertEquals(LINK_EXCEPTION + seen.get("cause.OUTER"), seen.get("outer.NATIVE"));
        assertEquals(LINK_EXCEPTION + seen.get("cause.LOOP"), seen.get("gather"));
        assertEquals("true", seen.get("bundled.causeIsTheMemo"));
        assertEquals("true", seen.get("outer.bundled.causeIsTheMemo"));

        // The paths that can fall back do, and compute what the native libraries compute here.
        assertEquals(JavaKernel.STANDARD.description(), seen.get("best"));
        assertEquals(JavaKernel.STANDARD.description(), seen.get("best.again"));
        assertEquals("ok", seen.get("zeroUpper"));
        for (IndexMode mode : IndexMode.values()) {
            assertEquals(FallbackScenario.index(null, mode), seen.get("index." + mode), "index, mode " + mode);
        }
        assertEquals(FallbackScenario.index(null, IndexMode.AUTO), seen.get("index.scalarOnly"));
        String batches = FallbackScenario.batchAndEach(NativeKernel.bundled());
        assertEquals(batches, seen.get("batchAndEach.best"), "the Java twin");
        assertEquals(batches, seen.get("batchAndEach.byPath"), "the bundled library opened by path");
        assertEquals(batches, seen.get("batchAndEach.scalarOnly"), "a library without the batch symbol, looped in Java");
        assertEquals("slow_computation_batch", seen.get("byPath.batchPath"));
        assertEquals("java loop", seen.get("scalarOnly.batchPath"));
        assertEquals("false", seen.get("scalarOnly.batchIsOneCall"));
        assertEquals(FallbackScenario.outer(OuterImpl.NATIVE), seen.get("outer.TILED"));

        assertEquals(1, child.stderrLinesStartingWith("WARNING: Kernel.best() uses the Java kernel (JavaKernel.STANDARD), which gives "
                + "identical results (" + seen.get("cause.KERNEL") + ")"), child.stderr());
        assertEquals(1, child.stderrLinesStartingWith("WARNING: Tessella's C loops run in Java instead"), child.stderr());
        assertEquals(0, child.stderrLinesStartingWith("WARNING: outer products"), "no fallback from the outer product ran: " + child.stderr());
        child.assertNoInitializerErrorsOrStackTraces();
    }

    @Test
    void aKernelNamedByThePropertyThatCannotLoadIsNeverReplacedByTheJavaTwin(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("no-such-libkernel.so");
        Child child = Child.run(dir, "explicit", null, "-D" + NativeLibraryLoader.PATH_PROPERTY + "=" + missing,
                "-D" + NativeLibraryLoader.WORKDIR_PROPERTY + "=" + dir.resolve("work"));
        Map<String, String> seen = child.values();
        String expected = LINK_EXCEPTION + "cannot load " + missing + " named by -Dtessella.kernel.path (no such file); point "
                + "-Dtessella.kernel.path at a " + NativeLibraryLoader.platform() + " library with Tessella's ABI, or remove the property to use the bundled one";
        assertEquals(expected, seen.get("best"), "the Java twin computes the bundled kernel, not the one the property names");
        assertEquals(expected, seen.get("bundled"));
        assertEquals("true", seen.get("explicit.KERNEL"));
        assertEquals("true", seen.get("available.OUTER"));
        assertEquals("true", seen.get("available.LOOP"));
        assertEquals(0, child.stderrLinesStartingWith("WARNING: Kernel.best()"), child.stderr());
        child.assertNoInitializerErrorsOrStackTraces();
    }

    @Test
    void whereTheJarsCopiesCannotBeExtractedTheLibrariesOnJavaLibraryPathAreUsed(@TempDir Path dir) throws Exception {
        Path blocker = Files.writeString(dir.resolve("a-file"), "extraction cannot happen under a regular file");
        Path bundle = TestLibraries.bundle("tessella_kernel").getParent();
        Child child = Child.run(dir, "librarypath", bundle, "-D" + NativeLibraryLoader.WORKDIR_PROPERTY + "=" + blocker.resolve("sub"));
        Map<String, String> seen = child.values();
        for (BundledLibrary lib : BundledLibrary.values()) {
            assertEquals("true", seen.get("available." + lib), lib.name());
            assertEquals(bundle.resolve("lib" + lib.libraryName() + ".so") + " (from java.library.path)", seen.get("origin." + lib));
        }
        assertTrue(seen.get("best").startsWith(bundle.resolve("libtessella_kernel.so").toString()), seen.get("best"));
        assertEquals(FallbackScenario.index(null, IndexMode.AUTO), seen.get("index.AUTO"));
        assertEquals(FallbackScenario.outer(OuterImpl.NATIVE), seen.get("outer.NATIVE"));
        assertEquals("tessella_loop_scalar", seen.get("scalarOnly.batchPath"));
        assertEquals(FallbackScenario.batchAndEach(NativeKernel.bundled()), seen.get("batchAndEach.scalarOnly"));
        assertEquals(0, child.stderrLinesStartingWith("WARNING: Kernel.best()") + child.stderrLinesStartingWith("WARNING: Tessella's C loops"),
                child.stderr());
        child.assertNoInitializerErrorsOrStackTraces();
    }

    /** A finished {@link NativeUnavailableChild}: its {@code key=value} lines and its standard error. */
    private record Child(List<String> stdout, List<String> stderrLines) {
        /** @param libraryPath the child's {@code java.library.path}, or null for an empty directory */
        static Child run(Path dir, String mode, Path libraryPath, String... properties) throws IOException, InterruptedException {
            return runOnClassPath(dir, mode, libraryPath, System.getProperty("java.class.path"), properties);
        }

        static Child runOnClassPath(Path dir, String mode, Path libraryPath, String classPath, String... properties)
                throws IOException, InterruptedException {
            Path emptyLibraryPath = libraryPath != null ? libraryPath : Files.createDirectories(dir.resolve("empty-library-path"));
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--enable-native-access=ALL-UNNAMED"));
            if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
                command.addAll(List.of("--add-modules", "jdk.incubator.vector"));
            }
            // By default nothing on java.library.path either: the bundled libraries have nowhere to come from.
            command.addAll(List.of("-Djava.library.path=" + emptyLibraryPath, "-D" + "tessella.test.nativeDir=" + TestLibraries.nativeDir()));
            command.addAll(List.of(properties));
            command.addAll(List.of("-cp", classPath, NativeUnavailableChild.class.getName(), mode));
            Path out = dir.resolve(mode + ".out"), err = dir.resolve(mode + ".err");
            Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            try {
                assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the child finishes");
            } finally {
                p.destroyForcibly();
            }
            Child child = new Child(Files.readAllLines(out), Files.readAllLines(err));
            assertEquals(0, p.exitValue(), () -> "child exit status; stdout: " + child.stdout + "\nstderr: " + child.stderr());
            return child;
        }

        Map<String, String> values() {
            Map<String, String> m = new LinkedHashMap<>();
            for (String line : stdout) {
                int eq = line.indexOf('=');
                assertTrue(eq > 0, line);
                assertFalse(m.containsKey(line.substring(0, eq)), line);
                m.put(line.substring(0, eq), line.substring(eq + 1));
            }
            return m;
        }

        String stderr() {
            return String.join("\n", stderrLines);
        }

        long stderrLinesStartingWith(String prefix) {
            return stderrLines.stream().filter(l -> l.startsWith(prefix)).count();
        }

        void assertNoInitializerErrorsOrStackTraces() {
            String all = String.join("\n", stdout) + "\n" + stderr();
            assertFalse(all.contains("ExceptionInInitializerError") || all.contains("NoClassDefFoundError"), all);
            assertFalse(all.contains("\tat "), "no stack trace: " + all);
        }
    }
}
