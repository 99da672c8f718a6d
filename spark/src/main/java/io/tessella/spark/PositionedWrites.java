package io.tessella.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An executor's writes into a result the driver reserved: positioned writes ({@code pwrite}) of
 * off-heap memory at fixed offsets of an existing partial file, forced to disk before the task reports
 * done. The file is never created here (a driver that gave up has removed it, and the write fails) and
 * never reached through a symbolic link. The same bytes at the same offsets: a retried or speculative
 * attempt rewrites what another attempt wrote, identically.
 */
final class PositionedWrites implements AutoCloseable {
    private final Path file;
    private final FileChannel channel;

    private PositionedWrites(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
    }

    static PositionedWrites open(Path file) {
        try {
            return new PositionedWrites(file, FileChannel.open(file, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS));
        } catch (NoSuchFileException e) {
            throw new IllegalStateException("the result's partial file " + file + " is gone: the driver ended the job", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the result's partial file " + file + " for writing", e);
        }
    }

    /** Writes all of {@code data} at byte {@code position}. */
    void write(long position, MemorySegment data) {
        try {
            for (long done = 0; done < data.byteSize(); ) {
                ByteBuffer b = data.asSlice(done, Math.min(1L << 30, data.byteSize() - done)).asByteBuffer();
                while (b.hasRemaining()) {
                    done += channel.write(b, position + done);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + data.byteSize() + " bytes at " + position + " of " + file + " failed", e);
        }
    }

    /** Forces the writes to disk, then closes. */
    @Override
    public void close() {
        try (channel) {
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("forcing the writes to " + file + " failed", e);
        }
    }
}
