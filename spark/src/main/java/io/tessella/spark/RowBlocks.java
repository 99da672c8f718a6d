package io.tessella.spark;

/**
 * How a job's rows (its arrays' axis 0) are cut into Spark partitions: consecutive blocks of
 * {@code rowsPerPartition} rows, the last one shorter. A partition is a tile of row blocks; its task runs
 * Tessella's own tile code on the block.
 *
 * <p>Immutable. Example: {@code RowBlocks.sized(100_000, 80_000, 128 << 20)} cuts 100 000 rows of
 * 80 000 bytes into blocks of 1677 rows, 60 partitions.
 *
 * @param rows             rows in the job, {@code >= 0}
 * @param rowsPerPartition rows per block, {@code >= 1}
 */
public record RowBlocks(long rows, long rowsPerPartition) implements java.io.Serializable {
    /** What a task touches when nothing else is asked for: inputs and outputs together, about 128 MiB. */
    public static final long DEFAULT_PARTITION_BYTES = 128L << 20;

    /** @throws IllegalArgumentException if {@code rows} is negative or {@code rowsPerPartition} below 1 */
    public RowBlocks {
        if (rows < 0) {
            throw new IllegalArgumentException("rows = " + rows + " is negative");
        }
        if (rowsPerPartition < 1) {
            throw new IllegalArgumentException("rowsPerPartition = " + rowsPerPartition + " must be at least 1");
        }
    }

    /**
     * Blocks of about {@code targetBytes} each (at least one row), for rows of {@code bytesPerRow} bytes
     * of inputs and outputs together.
     *
     * @throws IllegalArgumentException if {@code targetBytes} is below 1
     */
    public static RowBlocks sized(long rows, long bytesPerRow, long targetBytes) {
        if (targetBytes < 1) {
            throw new IllegalArgumentException("targetBytes = " + targetBytes + " must be at least 1");
        }
        return new RowBlocks(rows, Math.max(1, targetBytes / Math.max(1, bytesPerRow)));
    }

    /**
     * These blocks, grown where needed so that none is shorter than {@code minimum} rows unless the job
     * has fewer: the block size rises until the last block is whole or long enough.
     */
    public RowBlocks atLeast(long minimum) {
        if (minimum <= 1 || rows <= minimum) {
            return rowsPerPartition >= minimum || rows <= rowsPerPartition ? this : new RowBlocks(rows, Math.max(rowsPerPartition, minimum));
        }
        long n = Math.max(rowsPerPartition, minimum);
        while (n < rows && rows % n != 0 && rows % n < minimum) {
            n++;
        }
        return new RowBlocks(rows, n);
    }

    /** Partitions: {@code ceil(rows / rowsPerPartition)}, 0 for no rows. */
    public int partitions() {
        long n = Math.ceilDiv(rows, rowsPerPartition);
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(rows + " rows in blocks of " + rowsPerPartition + " make " + n
                    + " partitions, more than Spark can schedule; use larger blocks");
        }
        return (int) n;
    }

    /** The first row of partition {@code p}. */
    public long start(int p) {
        return Math.min(rows, p * rowsPerPartition);
    }

    /** One past the last row of partition {@code p}. */
    public long stop(int p) {
        return Math.min(rows, (p + 1L) * rowsPerPartition);
    }
}
