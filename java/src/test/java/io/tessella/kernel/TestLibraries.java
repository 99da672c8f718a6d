package io.tessella.kernel;

import java.nio.file.Files;
import java.nio.file.Path;

/** Paths of the libraries CMake builds for tests (java/target/native), passed in by Surefire. */
final class TestLibraries {
    private TestLibraries() {
    }

    static Path nativeDir() {
        String dir = System.getProperty("tessella.test.nativeDir");
        if (dir == null) {
            throw new IllegalStateException("tessella.test.nativeDir is not set: run the tests through Maven");
        }
        return Path.of(dir);
    }

    static Path bundle(String name) {
        return existing(nativeDir().resolve("bundle").resolve(System.mapLibraryName(name)));
    }

    /** The bench-only libraries (bundle/bench/), which ride in the benchmark jar, never in the library jar. */
    static Path bench(String name) {
        return existing(nativeDir().resolve("bundle").resolve("bench").resolve(System.mapLibraryName(name)));
    }

    static Path broken(String name) {
        return existing(nativeDir().resolve("testlibs").resolve(System.mapLibraryName(name)));
    }

    /** The README's example kernels, built beside the broken ones. */
    static Path example(String name) {
        return existing(nativeDir().resolve("testlibs").resolve(System.mapLibraryName(name)));
    }

    private static Path existing(Path p) {
        if (!Files.isRegularFile(p)) {
            throw new IllegalStateException(p + " was not built: run the tests through Maven, which runs CMake first");
        }
        return p;
    }
}
