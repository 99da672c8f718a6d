package io.tessella.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessella.kernel.Linkage;
import io.tessella.kernel.NativeKernel;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The bench-only cheap kernel: it rides in the benchmark jar and not in the library's, and on the recipe
 * data it computes its definition ({@code native/test/cheap_kernel.c}), written again here in Java
 * ({@link CheapKernelProperties} checks it on any input).
 */
class BenchLibrariesTest {
    private static final String CHEAP = "native/linux-x86_64/" + System.mapLibraryName("tessella_kernel_cheap");
    private static NativeKernel cheap;

    @BeforeAll
    static void open() {
        cheap = BenchLibraries.openKernel("tessella_kernel_cheap", Linkage.CRITICAL);
    }

    @AfterAll
    static void close() {
        cheap.close();
    }

    /** The definition: (index >= 0) or minus the status, as {@code Kernel.evaluate} returns it. */
    static long definition(double a, double b) {
        if (!Double.isFinite(a) || !Double.isFinite(b)) {
            return -1;
        }
        if (Math.abs(a) > 1.0e9 || Math.abs(b) > 1.0e9) {
            return -2;
        }
        long h = Double.doubleToRawLongBits(a) ^ (Double.doubleToRawLongBits(b) * 0x9E3779B97F4A7C15L);
        h = (h ^ (h >>> 30)) * 0xBF58476D1CE4E5B9L;
        h ^= h >>> 31;
        return (h & 63) == 0 ? -3 : h >>> 24;
    }

    /** The index on success, else minus the status: the definition's own encoding. */
    static long packed(io.tessella.kernel.Evaluation e) {
        return e.succeeded() ? e.index() : -(long) e.status();
    }

    @Test
    void cheapKernelGivesEveryStatusOnTheRecipeData() {
        boolean[] seen = new boolean[4];
        for (long k = 0; k < 4096; k++) {
            double a1 = RecipeData.a1(k), a2 = RecipeData.a2(k);
            long r = packed(cheap.evaluate(a2, a1));
            assertEquals(definition(a2, a1), r, "element " + k);
            seen[r >= 0 ? 0 : (int) -r] = true;
        }
        assertEquals(-1, packed(cheap.evaluate(Double.NaN, 1.0)));
        assertTrue(seen[0] && seen[2] && seen[3], "successes, the sentinels' domain failures and divergences all occur");
    }

    @Test
    void cheapKernelRidesInTheBenchmarkJarOnly() throws IOException, URISyntaxException {
        Path library = Path.of(NativeKernel.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        String bundled = "native/linux-x86_64/" + System.mapLibraryName("tessella_kernel");
        assertTrue(contains(library, bundled), library + " holds the bundled kernel, so it is the place to look");
        assertFalse(contains(library, CHEAP), library + " must not carry the bench-only " + CHEAP);
        assertTrue(BenchLibraries.class.getClassLoader().getResource(CHEAP) != null, "the benchmark classpath carries " + CHEAP);
    }

    private static boolean contains(Path classesOrJar, String entry) throws IOException {
        if (Files.isDirectory(classesOrJar)) {
            return Files.exists(classesOrJar.resolve(entry));
        }
        try (ZipFile jar = new ZipFile(classesOrJar.toFile())) {
            return jar.getEntry(entry) != null;
        }
    }
}
