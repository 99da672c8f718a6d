package io.tessella.bench.vector;

import io.tessella.exec.TileExecutor;
import io.tessella.kernel.NativeOuter;
import io.tessella.tiling.Tiling;
import java.lang.foreign.MemorySegment;

/**
 * The store-bandwidth baselines of the outer-product benchmarks: the C library's fill of a row-major
 * buffer, with plain or streaming stores, on the row tiles and threads the outer product uses, so a
 * benchmark's implementations are read against writing the same bytes with nothing computed.
 */
final class StoreBandwidth {
    private StoreBandwidth() {
    }

    /** Fills {@code rows} rows of {@code rowBytes} each at the start of {@code seg}, eight row tiles a thread. */
    static void fill(MemorySegment seg, long rows, long rowBytes, int threads, boolean streaming) throws InterruptedException {
        long rowsPerTile = Math.max(1, Math.ceilDiv(rows, 8L * threads));
        TileExecutor.create().withParallelism(threads).forEach(Tiling.blocks(new long[] {rows}, rowsPerTile), t ->
                NativeOuter.bundled().fill(seg.asSlice(t.start(0) * rowBytes, (t.stop(0) - t.start(0)) * rowBytes),
                        (t.stop(0) - t.start(0)) * rowBytes / Double.BYTES, 1.5, streaming));
    }
}
