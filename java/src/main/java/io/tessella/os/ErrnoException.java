package io.tessella.os;

import java.io.IOException;

/**
 * A C library call that failed, with its {@code errno}: the call, the path or object it was about, and
 * the C library's text for the error, e.g. {@code "fallocate(/data/r.npy, 8000000128 bytes): No space
 * left on device (errno 28)"}.
 *
 * <p>Thread-safety: immutable.
 */
public final class ErrnoException extends IOException {
    private static final long serialVersionUID = 1L;

    private final int errno;

    ErrnoException(String call, int errno) {
        super(call + ": " + Libc.strerror(errno) + " (errno " + errno + ")");
        this.errno = errno;
    }

    /** The same failure, said first in the words of what it means: {@code "it needs 8000128 bytes, ..."}. */
    ErrnoException(String meaning, ErrnoException call) {
        super(meaning + " (" + call.getMessage() + ")", call);
        this.errno = call.errno;
    }

    /** The {@code errno} value the call failed with. */
    public int errno() {
        return errno;
    }

    /** Whether the call failed because the file system is full ({@code ENOSPC}). */
    public boolean isNoSpace() {
        return errno == Libc.ENOSPC;
    }

    /** Whether the call refused to follow a symbolic link ({@code ELOOP} under {@code O_NOFOLLOW}). */
    public boolean isSymbolicLink() {
        return errno == Libc.ELOOP;
    }

    /** Whether the call failed because something already exists at the path ({@code EEXIST}). */
    public boolean isExists() {
        return errno == Libc.EEXIST;
    }
}
