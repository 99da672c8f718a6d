package io.tessella.jobs;

import static io.tessella.jobs.IndexAssertions.assertMatches;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessella.io.NpyFile;
import io.tessella.kernel.JavaKernel;
import io.tessella.kernel.Kernel;
import io.tessella.kernel.NativeKernel;
import io.tessella.memory.DType;
import io.tessella.memory.NdArray;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The index builder equals the serial loop for every parallelism, mode, tiling and kernel. */
class IndexBuilderTest {

    @Test
    void equalsTheSerialLoopForEveryParallelismModeTilingAndKernel() throws Exception {
        // A library without slow_computation_batch: its batches run Tessella's bundled C loop.
        Path noBatch = Path.of(System.getProperty("tessella.test.nativeDir"), "testlibs", System.mapLibraryName("tessella_test_no_batch"));
        try (Arena arena = Arena.ofShared(); NativeKernel scalarOnly = NativeKernel.open(noBatch)) {
            NdArray a1 = IndexInputs.fill(arena, 1, true, 123, 77);
            NdArray a2 = IndexInputs.fill(arena, 2, false, 123, 77);
            for (Kernel kernel : new Kernel[] {NativeKernel.bundled(), scalarOnly, JavaKernel.STANDARD}) {
                SerialIndexLoop expected = SerialIndexLoop.run(kernel, IndexBuilder.DEFAULT_SENTINEL, a1, a2);
                assertTrue(expected.skipped > 500 && expected.failed.size() >= 3 && expected.idxs.size() > 5000,
                        "the inputs exercise every branch: " + expected.failed);
                for (int threads : new int[] {1, 2}) {
                    for (IndexMode mode : IndexMode.values()) {
                        for (long tile : new long[] {0, 1, 7, 500, 1 << 20}) {
                            // Both the C passes around the kernel and the Java ones other platforms take.
                            for (boolean javaPasses : new boolean[] {false, true}) {
                                IndexBuilder b = IndexBuilder.create().kernel(kernel).parallelism(threads).mode(mode).tileElements(tile);
                                try (IndexResult r = (javaPasses ? b.javaPasses() : b).run(a1, a2)) {
                                    assertMatches(expected, r, kernel.description() + " threads " + threads + " " + mode + " tile " + tile
                                            + (javaPasses ? " java passes" : ""));
                                    assertEquals(mode == IndexMode.AUTO ? IndexMode.BATCH : mode, r.mode());
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void tilesFinishingOutOfOrderStillPublishInTheSerialOrder() throws Exception {
        try (Arena arena = Arena.ofShared()) {
            NdArray a1 = IndexInputs.fill(arena, 3, true, 60, 50);
            NdArray a2 = IndexInputs.fill(arena, 4, false, 60, 50);
            SerialIndexLoop expected = SerialIndexLoop.run(JavaKernel.STANDARD, IndexBuilder.DEFAULT_SENTINEL, a1, a2);
            // Every 100th call sleeps, so some 37-element tiles take far longer than their neighbours:
            // later tiles finish first, wait in scratch, and fill the scratch limit of 4 tiles a thread.
            Kernel uneven = new SlowKernel(JavaKernel.STANDARD, 2_000_000, -1);
            for (int threads : new int[] {2, 5}) {
                try (IndexResult r = IndexBuilder.create().kernel(uneven).parallelism(threads).mode(IndexMode.ELEMENT).tileElements(37)
                        .run(a1, a2)) {
                    assertMatches(expected, r, "uneven tiles, threads " + threads);
                }
            }
        }
    }

    @Test
    void stridedViewsAndThreeDimensionalInputsGiveOneCoordinateArrayPerAxis() throws Exception {
        try (Arena arena = Arena.ofShared()) {
            NdArray big1 = IndexInputs.fill(arena, 3, true, 9, 20, 31);
            NdArray big2 = IndexInputs.fill(arena, 4, false, 9, 20, 31);
            NdArray a1 = big1.slice("1:8:2, ::-3, 5:");
            NdArray a2 = big2.slice("1:9:2, 1::3, :26");
            assertEquals(List.of(4L, 7L, 26L), boxed(a1.shape()));
            SerialIndexLoop expected = SerialIndexLoop.run(JavaKernel.STANDARD, IndexBuilder.DEFAULT_SENTINEL, a1, a2);
            try (IndexResult r = IndexBuilder.create().kernel(NativeKernel.bundled()).parallelism(2).tileElements(13).run(a1, a2)) {
                assertEquals(3, r.coordinates().size());
                assertMatches(expected, r, "3-d strided views");
            }
        }
    }

    @Test
    void emptyAllSentinelAndZeroSizeInputsGiveEmptyOutputs() throws Exception {
        try (Arena arena = Arena.ofShared()) {
            for (long[] shape : new long[][] {{0}, {0, 5}, {4, 0}, {3, 0, 2}}) {
                NdArray a = NdArray.allocate(arena, DType.FLOAT64, shape);
                try (IndexResult r = IndexBuilder.create().parallelism(2).run(a, a)) {
                    assertEquals(0, r.counts().visited());
                    assertEquals(0, r.idxs().size());
                    assertEquals(shape.length, r.coordinates().size());
                }
            }
            NdArray sentinels = NdArray.allocate(arena, DType.FLOAT64, 50, 40);
            for (long i = 0; i < 50; i++) {
                for (long j = 0; j < 40; j++) {
                    sentinels.setDouble(-1.0e10, i, j);
                }
            }
            try (IndexResult r = IndexBuilder.create().parallelism(2).tileElements(64).run(sentinels, sentinels)) {
                assertEquals(2000, r.counts().visited());
                assertEquals(2000, r.counts().skipped());
                assertEquals(0, r.counts().emitted());
                assertEquals(0, r.coordinates().get(1).size());
            }
        }
    }

    @Test
    void badInputsAreRefusedNamingTheArgument() {
        try (Arena arena = Arena.ofShared()) {
            NdArray f = NdArray.allocate(arena, DType.FLOAT64, 3, 4);
            NdArray g = NdArray.allocate(arena, DType.FLOAT64, 3, 5);
            assertEquals("a1 shape [3, 4] != a2 shape [3, 5]",
                    assertThrows(IllegalArgumentException.class, () -> IndexBuilder.create().run(f, g)).getMessage());
            assertTrue(assertThrows(IllegalArgumentException.class, () -> IndexBuilder.create().parallelism(0))
                    .getMessage().contains("parallelism = 0"));
            assertTrue(assertThrows(IllegalArgumentException.class, () -> IndexBuilder.create().tileElements(IndexBuilder.MAX_TILE_ELEMENTS + 1))
                    .getMessage().startsWith("tileElements = 67108865 is more than 67108864"));
        }
    }

    @Test
    void writesNpyOutputsThatReadBackAsTheResult(@TempDir Path dir) throws Exception {
        try (Arena arena = Arena.ofShared()) {
            NdArray a1 = IndexInputs.fill(arena, 5, true, 40, 50);
            NdArray a2 = IndexInputs.fill(arena, 6, false, 40, 50);
            SerialIndexLoop expected = SerialIndexLoop.run(JavaKernel.STANDARD, IndexBuilder.DEFAULT_SENTINEL, a1, a2);
            Path out = dir.resolve("out");
            try (IndexResult r = IndexBuilder.create().parallelism(2).tileElements(100).outputDirectory(out).run(a1, a2)) {
                assertMatches(expected, r, "in memory");
            }
            try (Arena files = Arena.ofShared();
                 NdArray xs = NpyFile.open(out.resolve("xs.npy"), NpyFile.Mode.READ_ONLY);
                 NdArray ys = NpyFile.open(out.resolve("ys.npy"), NpyFile.Mode.READ_ONLY);
                 NdArray idxs = NpyFile.open(out.resolve("idxs.npy"), NpyFile.Mode.READ_ONLY)) {
                assertEquals(expected.idxs.size(), idxs.size());
                for (int k = 0; k < expected.idxs.size(); k++) {
                    assertEquals(expected.idxs.get(k).longValue(), idxs.getLong(k));
                    assertEquals(expected.coords.get(k)[0], xs.getLong(k));
                    assertEquals(expected.coords.get(k)[1], ys.getLong(k));
                }
            }
            try (var names = Files.list(out)) {
                assertEquals(List.of("idxs.npy", "xs.npy", "ys.npy"), names.map(p -> p.getFileName().toString()).sorted().toList());
            }
        }
    }

    private static List<Long> boxed(long[] a) {
        List<Long> l = new ArrayList<>();
        for (long v : a) {
            l.add(v);
        }
        return l;
    }
}
