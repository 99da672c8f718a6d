package io.tessella.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The process's peak resident memory over a window, read from Linux's {@code /proc}: {@link #reset()}
 * writes {@code 5} to {@code /proc/self/clear_refs}, which sets the high-water mark {@code VmHWM} back
 * to the current resident size, and {@link #peakBytes()} reads {@code VmHWM} from
 * {@code /proc/self/status}. If the reset is refused (another OS, a locked-down container), the peak is
 * the whole process's since it started, and {@link #isPerWindow()} says so.
 *
 * <pre>{@code
 * PeakMemory peak = PeakMemory.ofThisProcess();
 * peak.reset();
 * runStep();
 * long bytes = peak.peakBytes();   // -1 if /proc/self/status has no VmHWM
 * }</pre>
 *
 * <p>Not thread-safe; one window at a time.
 */
final class PeakMemory {
    private final Path clearRefs;
    private final Path status;
    private boolean perWindow = true;

    PeakMemory(Path clearRefs, Path status) {
        this.clearRefs = clearRefs;
        this.status = status;
    }

    static PeakMemory ofThisProcess() {
        return new PeakMemory(Path.of("/proc/self/clear_refs"), Path.of("/proc/self/status"));
    }

    /** Starts a window; returns whether the kernel reset the high-water mark (once refused, it is not retried). */
    boolean reset() {
        if (!perWindow) {
            return false;
        }
        try {
            Files.writeString(clearRefs, "5");
            return true;
        } catch (IOException | SecurityException | UnsupportedOperationException e) {
            perWindow = false;
            return false;
        }
    }

    /** Whether peaks are per window ({@code true}) or since the process started. */
    boolean isPerWindow() {
        return perWindow;
    }

    /** {@code VmHWM} in bytes, or -1 if it cannot be read. */
    long peakBytes() {
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("VmHWM:")) {
                    String[] parts = line.substring("VmHWM:".length()).trim().split("\\s+");
                    long value = Long.parseLong(parts[0]);
                    // The kernel has always reported this field in kB (KiB).
                    return parts.length > 1 && parts[1].equalsIgnoreCase("kB") ? value * 1024 : value;
                }
            }
            return -1;
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }
}
