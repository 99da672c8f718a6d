package io.tessella.jobs;

import io.tessella.io.NpyHeader;
import io.tessella.memory.DType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * A 1-D int64 {@code .npy} output written with positional writes from many threads at once (tile
 * regions land at their prefix-sum offsets), never mapped, so writing it adds nothing to the
 * process's resident memory. The file appears under its name only when complete.
 */
final class NpyOutput implements AutoCloseable {
    private static final int CHUNK = 1 << 26;

    private final Path target;
    private final Path partial;
    private final FileChannel ch;
    private final long dataOffset;
    private boolean published;

    NpyOutput(Path target, long length) {
        this.target = target;
        this.partial = target.resolveSibling(target.getFileName() + ".partial");
        try {
            byte[] header = NpyHeader.encode(DType.INT64, false, new long[] {length});
            this.ch = FileChannel.open(partial, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE);
            this.dataOffset = header.length;
            write(ByteBuffer.wrap(header), 0);
            ch.truncate(dataOffset + length * Long.BYTES);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + partial + ": " + e.getMessage(), e);
        }
    }

    /** Writes {@code count} int64s from {@code src} at element {@code at} of the output. Thread-safe. */
    void put(MemorySegment src, long srcElement, long at, long count) {
        long bytes = count * Long.BYTES;
        for (long done = 0; done < bytes; done += CHUNK) {
            long len = Math.min(CHUNK, bytes - done);
            write(src.asSlice(srcElement * Long.BYTES + done, len).asByteBuffer(), dataOffset + at * Long.BYTES + done);
        }
    }

    private void write(ByteBuffer b, long position) {
        try {
            long pos = position;
            while (b.hasRemaining()) {
                pos += ch.write(b, pos);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + partial + ": " + e.getMessage(), e);
        }
    }

    /** Forces the data and renames the file into place. */
    void publish() {
        try {
            ch.force(true);
            ch.close();
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel d = FileChannel.open(target.getParent(), StandardOpenOption.READ)) {
                d.force(true);
            }
            published = true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot publish " + target + ": " + e.getMessage(), e);
        }
    }

    /** Abandons an unpublished file: the partial one is removed. */
    @Override
    public void close() {
        if (published) {
            return;
        }
        try {
            ch.close();
            Files.deleteIfExists(partial);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
