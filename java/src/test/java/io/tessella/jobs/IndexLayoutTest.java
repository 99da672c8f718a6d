package io.tessella.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessella.exec.JobFailedException;
import io.tessella.kernel.JavaKernel;
import io.tessella.memory.DType;
import io.tessella.memory.NdArray;
import java.lang.foreign.Arena;
import java.nio.ByteOrder;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The index builder's inputs in other layouts: read in place when they can be, and one job whatever the layout. */
class IndexLayoutTest {

    /** A copy of {@code a} with the same logical content, stored Fortran-order in the given byte order. */
    static NdArray fortranCopy(Arena arena, NdArray a, ByteOrder order) {
        long[] shape = a.shape();
        long[] reversed = new long[shape.length];
        for (int k = 0; k < shape.length; k++) {
            reversed[k] = shape[shape.length - 1 - k];
        }
        NdArray f = NdArray.allocate(arena, DType.FLOAT64, reversed).withByteOrder(order).transpose();
        f.copyFrom(a);
        return f;
    }

    @Test
    void aCheckpointResumesFromACopyOfTheSameInputsInAnotherLayoutAndRefusesOtherContent(@TempDir Path dir) throws Exception {
        try (Arena arena = Arena.ofShared()) {
            NdArray a1 = IndexInputs.fill(arena, 41, true, 50, 60);
            NdArray a2 = IndexInputs.fill(arena, 42, false, 50, 60);
            Path ckpt = dir.resolve("ckpt");
            IndexBuilder b = IndexBuilder.create().kernel(JavaKernel.STANDARD).parallelism(1).tileElements(100).checkpoint(ckpt);
            assertThrows(JobFailedException.class, () -> b.kernel(new SlowKernel(JavaKernel.STANDARD, 0, 700)).run(a1, a2));

            NdArray f1 = fortranCopy(arena, a1, ByteOrder.BIG_ENDIAN), f2 = fortranCopy(arena, a2, ByteOrder.LITTLE_ENDIAN);
            NdArray other = fortranCopy(arena, a1, ByteOrder.BIG_ENDIAN);
            other.setDouble(Math.nextUp(other.getDouble(49, 59)), 49, 59);
            CheckpointException e = assertThrows(CheckpointException.class, () -> b.run(other, f2));
            assertTrue(e.getMessage().contains("a1.crc32c"), e.getMessage());

            try (IndexResult r = b.run(f1, f2)) {
                assertTrue(r.resumedTiles() > 0, "resumed " + r.resumedTiles() + " tiles from the C-order run's checkpoint");
                IndexAssertions.assertMatches(SerialIndexLoop.run(JavaKernel.STANDARD, IndexBuilder.DEFAULT_SENTINEL, a1, a2), r,
                        "resumed on Fortran-order, big-endian copies");
            }
        }
    }

    @Test
    void contiguousNativeInputsAreReadInPlaceAndOthersStaged() throws Exception {
        try (Arena arena = Arena.ofShared()) {
            NdArray a1 = IndexInputs.fill(arena, 43, true, 30, 40);
            NdArray a2 = IndexInputs.fill(arena, 44, false, 30, 40);
            SerialIndexLoop expected = SerialIndexLoop.run(JavaKernel.STANDARD, IndexBuilder.DEFAULT_SENTINEL, a1, a2);
            IndexBuilder b = IndexBuilder.create().kernel(JavaKernel.STANDARD).parallelism(2).tileElements(128);
            for (IndexBuilder passes : new IndexBuilder[] {b, b.javaPasses()}) {
                long before = IndexScanner.stagedElements();
                try (IndexResult r = passes.run(a1, a2)) {
                    IndexAssertions.assertMatches(expected, r, "C order");
                }
                assertEquals(before, IndexScanner.stagedElements(), "C-contiguous native inputs are not copied");
                NdArray be = NdArray.allocate(arena, DType.FLOAT64, 30, 40).withByteOrder(ByteOrder.BIG_ENDIAN);
                be.copyFrom(a1);
                try (IndexResult r = passes.run(be, a2)) {
                    IndexAssertions.assertMatches(expected, r, "big-endian a1");
                }
                assertEquals(before + 1200, IndexScanner.stagedElements(), "only the big-endian input is staged, once");
            }
        }
    }

    @Test
    void zeroDimensionalAndEmptyInputsAreTheSerialLoops() throws Exception {
        try (Arena arena = Arena.ofShared()) {
            for (long[] shape : new long[][] {{}, {0}, {0, 5}, {4, 0}, {1, 1}}) {
                NdArray a1 = IndexInputs.fill(arena, 45, true, shape), a2 = IndexInputs.fill(arena, 46, false, shape);
                if (a1.size() == 1) {
                    a1.setDouble(2.5, new long[shape.length]);    // a value the kernel accepts: one output
                    a2.setDouble(1.5, new long[shape.length]);
                }
                try (IndexResult r = IndexBuilder.create().kernel(JavaKernel.STANDARD).run(a1, a2)) {
                    IndexAssertions.assertMatches(SerialIndexLoop.run(JavaKernel.STANDARD, IndexBuilder.DEFAULT_SENTINEL, a1, a2), r,
                            java.util.Arrays.toString(shape));
                    assertEquals(shape.length, r.coordinates().size());
                }
            }
        }
    }
}
