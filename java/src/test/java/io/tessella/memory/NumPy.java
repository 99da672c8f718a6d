package io.tessella.memory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Runs the machine's real {@code python3} with NumPy as an independent reference. Tests call
 * {@link #assumeAvailable()} first so they are skipped, not failed, where Python or NumPy is missing.
 */
public final class NumPy {

    private static Boolean available;

    private NumPy() {
    }

    /** Skips the calling test unless python3 with NumPy 2.x runs here. */
    public static synchronized void assumeAvailable() {
        if (available == null) {
            available = probe();
        }
        assumeTrue(available, "python3 with NumPy 2.x is not available");
    }

    /** Whether python3 with NumPy 2.x runs here (probed once). */
    public static synchronized boolean isAvailable() {
        if (available == null) {
            available = probe();
        }
        return available;
    }

    /** Whether python3 starts and imports NumPy 2.x; any failure to do so means "absent", the skip case. */
    private static boolean probe() {
        try {
            Process p = new ProcessBuilder("python3", "-c", "import numpy; print(numpy.__version__)")
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String v = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0 && v.matches("\\d+\\..*") && Integer.parseInt(v.split("\\.")[0]) >= 2;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Runs a Python program with the given stdin, returning stdout; fails the test on a non-zero exit. */
    public static String run(String program, String stdin, String... args) throws IOException {
        List<String> cmd = new java.util.ArrayList<>(List.of("python3", "-c", program));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).start();
        p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread errPump = Thread.ofVirtual().start(() -> pump(p.getErrorStream(), err));
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("python3 did not finish in 60 s");
            }
            errPump.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted waiting for python3", e);
        }
        assertEquals(0, p.exitValue(), () -> "python3 failed: " + err.toString(StandardCharsets.UTF_8));
        return out;
    }

    static void pump(InputStream in, ByteArrayOutputStream sink) {
        try {
            in.transferTo(sink);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
