package io.tessella.kernel;

import java.util.Optional;

/**
 * A native library (a kernel library, or one of the {@link BundledLibrary bundled ones}) could not
 * be loaded or bound: missing file, not a shared library, a required symbol missing, an ABI version
 * Tessella does not speak, no build for this platform, nowhere to extract it. The message names the
 * library and, where one is at fault, the symbol, and says what to do; attempts that failed on the
 * way are attached as suppressed exceptions.
 *
 * <pre>{@code
 * try { NativeKernel.open(path); }
 * catch (KernelLinkException e) { System.err.println(e.getMessage()); }  // "... does not export 'slow_computation'"
 * }</pre>
 */
public final class KernelLinkException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String library;
    private final String symbol;

    /** @param library the library path or resource; @param symbol the symbol at fault, or {@code null} */
    public KernelLinkException(String message, String library, String symbol, Throwable cause) {
        super(message, cause);
        this.library = library;
        this.symbol = symbol;
    }

    /** The library (path or jar resource) the failure concerns. */
    public String library() {
        return library;
    }

    /** The symbol at fault, when the failure is about one. */
    public Optional<String> symbol() {
        return Optional.ofNullable(symbol);
    }
}
