package io.tessella.spark;

import io.tessella.jobs.IndexCounts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.CRC32C;

/**
 * One row block's index results on shared storage: its counts, then its coordinate arrays (one per
 * axis, axis 0 already shifted to the whole array's rows) and its indices, each {@code emitted} int64
 * values. A task writes it under an attempt's own name, forces it to disk if it is durable (a
 * checkpoint's part, which must outlive a crash; a work file inside a result dies with the result) and renames it onto
 * {@code part-NNNNNN.tsp} in one step, so a part that exists is complete; two attempts of one block
 * write the same bytes, and whichever rename lands last leaves the same file. A header CRC guards the
 * counts, a data CRC the arrays (checked as they are copied out).
 *
 * <p>Parts are the checkpoint of a resumable job ({@code --checkpoint DIR}) and, without one, the work
 * files inside the result's partial directory from which the {@code .npy} outputs are assembled.
 *
 * @param partition the row block
 * @param axes      coordinate arrays (the input's rank)
 * @param counts    what the block saw
 * @param dataCrc   CRC32C of the arrays, in file order
 * @param dataStart byte offset of the first array in the file
 */
record IndexPart(int partition, int axes, IndexCounts counts, long dataCrc, long dataStart) {
    static final long MAGIC = 0x3154524150534c54L; // "TLSPART1", little-endian
    private static final String PREFIX = "part-";
    private static final String SUFFIX = ".tsp";

    static String fileName(int partition) {
        return String.format("%s%06d%s", PREFIX, partition, SUFFIX);
    }

    /** The block's number from a part's file name, or -1 if it is not one. */
    static int partitionOf(String fileName) {
        if (!fileName.startsWith(PREFIX) || !fileName.endsWith(SUFFIX) || fileName.length() != PREFIX.length() + 6 + SUFFIX.length()) {
            return -1;
        }
        try {
            return Integer.parseInt(fileName.substring(PREFIX.length(), PREFIX.length() + 6));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Whether a file name is an attempt's unfinished part (what a killed task leaves). */
    static boolean isAttempt(String fileName) {
        return fileName.startsWith("." + PREFIX) && fileName.contains(SUFFIX + ".attempt-");
    }

    /** Bytes of one array. */
    long arrayBytes() {
        return counts.emitted() * Long.BYTES;
    }

    /**
     * Writes a block's part into {@code dir} (which must exist: a driver that gave up has removed it).
     *
     * @param arrays  the coordinate arrays then the indices, {@code counts.emitted()} int64 values each
     * @param durable whether the part is forced to disk before it is renamed into place
     */
    static void write(Path dir, int partition, IndexCounts counts, MemorySegment[] arrays, long attempt, boolean durable) {
        Path tmp = dir.resolve("." + fileName(partition) + ".attempt-" + attempt + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        Path done = dir.resolve(fileName(partition));
        CRC32C crc = new CRC32C();
        for (MemorySegment a : arrays) {
            crc.update(a.asByteBuffer());
        }
        ByteBuffer header = header(partition, arrays.length - 1, counts, crc.getValue());
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                long pos = 0;
                while (header.hasRemaining()) {
                    pos += ch.write(header, pos);
                }
                for (MemorySegment a : arrays) {
                    ByteBuffer b = a.asByteBuffer();
                    while (b.hasRemaining()) {
                        pos += ch.write(b, pos);
                    }
                }
                if (durable) {
                    ch.force(false);
                }
            }
            try {
                Files.move(tmp, done, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the part directory " + dir + " cannot rename atomically", e);
            }
            if (durable) {
                try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
                    d.force(true);
                } catch (IOException e) {
                    // Some file systems cannot sync a directory; the rename is still atomic there.
                }
            }
        } catch (NoSuchFileException e) {
            throw new IllegalStateException("the part directory " + dir + " is gone: the driver ended the job", e);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new UncheckedIOException("cannot write index part " + done, e);
        }
    }

    private static ByteBuffer header(int partition, int axes, IndexCounts counts, long dataCrc) {
        Map<Integer, Long> failures = counts.failedByCode();
        int len = 8 + 4 + 4 + 8 * 4 + 4 + failures.size() * 12 + 8 + 4;
        ByteBuffer b = ByteBuffer.allocate(len).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(MAGIC).putInt(len).putInt(axes).putLong(partition);
        b.putLong(counts.visited()).putLong(counts.skipped()).putLong(counts.emitted());
        b.putInt(failures.size());
        failures.forEach((code, n) -> b.putInt(code).putLong(n));
        b.putLong(dataCrc);
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, len - 4);
        b.putInt((int) crc.getValue());
        return b.flip();
    }

    /**
     * Reads a part's header and checks it against its file: its CRC, its block, and a size that holds
     * exactly its arrays.
     *
     * @throws IllegalArgumentException naming the file and what is wrong
     */
    static IndexPart read(Path file, int expectedPartition, int expectedAxes) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            long size = ch.size();
            ByteBuffer fixed = readAt(ch, 0, 16, file);
            if (fixed.getLong(0) != MAGIC) {
                throw new IllegalArgumentException("index part " + file + " does not start with Tessella's part magic");
            }
            int len = fixed.getInt(8);
            if (len < 64 || len > 1 << 20 || len > size) {
                throw new IllegalArgumentException("index part " + file + " has a header of " + len + " bytes in a file of " + size);
            }
            ByteBuffer h = readAt(ch, 0, len, file);
            CRC32C crc = new CRC32C();
            crc.update(h.array(), 0, len - 4);
            if (h.getInt(len - 4) != (int) crc.getValue()) {
                throw new IllegalArgumentException("index part " + file + " has a corrupt header (CRC mismatch)");
            }
            h.position(12);
            int axes = h.getInt();
            long partition = h.getLong();
            long visited = h.getLong(), skipped = h.getLong(), emitted = h.getLong();
            int nf = h.getInt();
            TreeMap<Integer, Long> failures = new TreeMap<>();
            for (int i = 0; i < nf; i++) {
                failures.put(h.getInt(), h.getLong());
            }
            long dataCrc = h.getLong();
            if (partition != expectedPartition || axes != expectedAxes) {
                throw new IllegalArgumentException("index part " + file + " holds block " + partition + " of a " + axes
                        + "-d job, not block " + expectedPartition + " of a " + expectedAxes + "-d one");
            }
            IndexPart p = new IndexPart(expectedPartition, axes, new IndexCounts(visited, skipped, failures, emitted), dataCrc, len);
            long expectedSize = len + (axes + 1L) * p.arrayBytes();
            if (size != expectedSize) {
                throw new IllegalArgumentException("index part " + file + " is " + size + " bytes; its header says " + expectedSize);
            }
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read index part " + file, e);
        }
    }

    private static ByteBuffer readAt(FileChannel ch, long pos, int len, Path file) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(len).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining()) {
            if (ch.read(b, pos + b.position()) < 0) {
                throw new IllegalArgumentException("index part " + file + " ends at byte " + (pos + b.position()) + " inside its header");
            }
        }
        return b;
    }

    /**
     * Copies array {@code k} of the part to byte {@code position} of {@code out}, checking the data CRC
     * over all arrays as it goes (so call it for every array, in order, with one {@code crc}).
     */
    void copyArray(FileChannel in, int k, PositionedWrites out, long position, CRC32C crc, ByteBuffer buffer) throws IOException {
        long from = dataStart + k * arrayBytes();
        for (long done = 0; done < arrayBytes(); ) {
            buffer.clear();
            buffer.limit((int) Math.min(buffer.capacity(), arrayBytes() - done));
            while (buffer.hasRemaining()) {
                if (in.read(buffer, from + done + buffer.position()) < 0) {
                    throw new IOException("index part of block " + partition + " ends early");
                }
            }
            buffer.flip();
            crc.update(buffer.duplicate());
            out.write(position + done, MemorySegment.ofBuffer(buffer));
            done += buffer.limit();
        }
    }
}
