package io.tessella.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@code native/test/kernel_golden.txt}: the Java twin's results on inputs that reach every branch
 * of the kernel (non-finite, out of the domain, diverging, signed zeros, subnormals, every
 * magnitude). The C test {@code kernel_golden_test} checks each architecture's build of the bundled
 * kernel against the same file, the cross-compiled linux-aarch64 one under qemu, so every platform
 * in the jar computes what the twin does, bit for bit, including where no JVM runs the build.
 * Regenerate with {@code main} after a deliberate change of the kernel's definition.
 */
class KernelGoldenTest {
    static final Path GOLDEN = Path.of("..", "native", "test", "kernel_golden.txt");

    @Test
    void theGoldenFileHoldsTheJavaTwinsResults() throws IOException {
        List<String> file = Files.readAllLines(GOLDEN).stream().filter(l -> !l.startsWith("#")).toList();
        assertEquals(lines(), file);
    }

    @Test
    void theBundledLibraryOfThisMachineGivesTheGoldenResults() throws IOException {
        NativeKernel k = NativeKernel.bundled();
        for (String line : Files.readAllLines(GOLDEN)) {
            if (!line.startsWith("#")) {
                String[] f = line.split(" ");
                assertEquals(line, line(Double.parseDouble(f[0]), Double.parseDouble(f[1]), k.evaluate(Double.parseDouble(f[0]), Double.parseDouble(f[1]))));
            }
        }
    }

    /** One line per input: {@code a b status index}, the doubles in Java's hexadecimal form (C's strtod reads it). */
    static List<String> lines() {
        List<String> out = new ArrayList<>();
        double[] special = {0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL, 1.0, -1.0, 0.5, 3.0, 1.0e9, -1.0e9,
                Math.nextUp(1.0e9), Math.nextDown(-1.0e9), -1.0e10, Double.MAX_VALUE, Double.NaN, Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY};
        for (double a : special) {
            for (double b : special) {
                out.add(line(a, b, JavaKernel.STANDARD.evaluate(a, b)));
            }
        }
        SplittableRandom rnd = new SplittableRandom(20_261_203L);
        for (int i = 0; i < 4000; i++) {
            double a = draw(rnd), b = draw(rnd);
            out.add(line(a, b, JavaKernel.STANDARD.evaluate(a, b)));
        }
        return out;
    }

    private static double draw(SplittableRandom rnd) {
        return switch (rnd.nextInt(4)) {
            case 0 -> rnd.nextDouble(-4, 4);
            case 1 -> rnd.nextDouble(-1.0e3, 1.0e3);
            case 2 -> Math.scalb(rnd.nextDouble(-1, 1), rnd.nextInt(-1074, 31));
            default -> Double.longBitsToDouble(rnd.nextLong());
        };
    }

    private static String line(double a, double b, Evaluation e) {
        return Double.toHexString(a) + " " + Double.toHexString(b) + " " + e.status() + " " + e.index();
    }

    /** Rewrites the golden file: {@code java -cp ... io.tessella.kernel.KernelGoldenTest native/test/kernel_golden.txt}. */
    public static void main(String[] args) throws IOException {
        List<String> all = new ArrayList<>();
        all.add("# a b status index: JavaKernel.STANDARD, the bundled kernel's Java twin (KernelGoldenTest writes and checks this file;");
        all.add("# kernel_golden_test checks every architecture's libtessella_kernel against it). Doubles in Java's hexadecimal form.");
        all.addAll(lines());
        Files.write(Path.of(args[0]), all);
    }
}
