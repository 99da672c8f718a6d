package io.tessella.testing;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessella.exec.TileExecutor;
import io.tessella.io.NpyFile;
import io.tessella.io.NpyOutput;
import io.tessella.memory.Allocation;
import io.tessella.memory.DType;
import io.tessella.memory.NdArray;
import io.tessella.os.ResourceLedger;
import io.tessella.tiling.Tiling;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The leak check itself: it names what is still held, and passes once it is released. */
class LeakCheckTest {

    @Test
    void anArrayAnOutputFileAndAWorkerThreadAreNamedUntilReleased(@TempDir Path dir) throws Exception {
        long start = ResourceLedger.nextId();
        NdArray array = NdArray.allocate(Allocation.ZEROED, DType.FLOAT64, 3, 4);
        NpyOutput out = NpyFile.create(dir.resolve("r.npy"), DType.INT32, 10);
        CountDownLatch inside = new CountDownLatch(2), release = new CountDownLatch(1);
        Thread job = Thread.ofPlatform().start(() -> {
            try {
                TileExecutor.create().withParallelism(2).forEach(Tiling.blocks(new long[] {2}, 1), t -> {
                    inside.countDown();
                    release.await();
                });
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        inside.await();
        AssertionError leak = assertThrows(AssertionError.class, () -> LeakCheck.check("this test", start));
        String m = leak.getMessage();
        assertTrue(m.contains("memory NdArray FLOAT64 [3, 4] (Allocation.ZEROED) (96 bytes)"), m);
        assertTrue(m.contains("the mapping of ") && m.contains("to publish as " + dir.resolve("r.npy")), m);
        assertTrue(m.contains("file descriptor") && m.contains(".r.npy.tessella-partial-"), m);
        assertTrue(m.contains("thread tessella-job-"), m);
        assertTrue(m.contains("LeakCheckTest."), "names the code that took it: " + m);
        release.countDown();
        job.join();
        array.close();
        out.close();
        LeakCheck.check("this test", start);
    }
}
