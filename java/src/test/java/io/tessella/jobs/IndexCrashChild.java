package io.tessella.jobs;

import io.tessella.io.NpyFile;
import io.tessella.kernel.JavaKernel;
import io.tessella.memory.NdArray;
import java.nio.file.Path;

/** Runs a slow checkpointed index build in its own JVM, to be killed with SIGKILL by IndexCheckpointTest. */
public final class IndexCrashChild {
    public static void main(String[] args) throws Exception {
        try (NdArray a1 = NpyFile.open(Path.of(args[0]), NpyFile.Mode.READ_ONLY);
             NdArray a2 = NpyFile.open(Path.of(args[1]), NpyFile.Mode.READ_ONLY);
             IndexResult r = IndexBuilder.create().kernel(new SlowKernel(JavaKernel.STANDARD, 2_000_000, -1))
                     .parallelism(2).tileElements(500).checkpoint(Path.of(args[2])).outputDirectory(Path.of(args[3])).run(a1, a2)) {
            System.out.println("child finished: " + r.counts());
        }
    }
}
