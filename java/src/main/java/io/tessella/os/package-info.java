/**
 * Internal: the operating system calls Tessella makes itself through FFM, below every other package.
 * {@link io.tessella.os.NativeFile} is a file descriptor for the files Tessella creates (reserved in one
 * step, locked with {@code flock}, opened without following symbolic links);
 * {@link io.tessella.os.VirtualMemory} maps anonymous memory and files and flushes them. Linux only;
 * elsewhere the calls throw {@link java.lang.UnsupportedOperationException} before binding anything.
 *
 * <p>Not part of Tessella's API: the module does not export it, and it may change at any time.
 */
package io.tessella.os;
