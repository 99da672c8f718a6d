package io.tessella.io;

import io.tessella.memory.DType;
import io.tessella.memory.NdArray;
import io.tessella.memory.NumPy;
import io.tessella.memory.Slice;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Python's multiprocessing.shared_memory and Tessella attach to each other's blocks, both directions. */
class SharedMemoryPythonInteropTest {

    private static String freshName() {
        return "tsl_py_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    }

    @Test
    void pythonAttachesToATessellaBlockReadsAndWrites() throws IOException {
        NumPy.assumeAvailable();
        String name = freshName();
        try (SharedMemory shm = SharedMemory.create(name, DType.INT64, new long[] {100, 7}, false)) {
            NdArray a = shm.array(DType.INT64, 100, 7);
            for (long i = 0; i < 100; i++) {
                for (long j = 0; j < 7; j++) {
                    a.setLong(i * 1_000_003L - j, i, j);
                }
            }
            String out = NumPy.run("""
                    import sys, numpy as np
                    from multiprocessing import shared_memory, resource_tracker
                    shm = shared_memory.SharedMemory(name=sys.argv[1])
                    # Python < 3.13 would unlink a block it merely attached to when it exits (CPython gh-82300).
                    resource_tracker.unregister(shm._name, 'shared_memory')
                    a = np.ndarray((100, 7), dtype=np.int64, buffer=shm.buf)
                    i, j = np.meshgrid(np.arange(100), np.arange(7), indexing='ij')
                    assert np.array_equal(a, i * 1000003 - j)
                    a[:, 3] = -a[:, 3]
                    print(shm.size)
                    del a
                    shm.close()
                    """, "", name);
            assertEquals(shm.size(), Long.parseLong(out.strip()));
            for (long i = 0; i < 100; i++) {
                for (long j = 0; j < 7; j++) {
                    long v = i * 1_000_003L - j;
                    assertEquals(j == 3 ? -v : v, a.getLong(i, j));
                }
            }
            shm.unlink();
        }
    }

    /**
     * Recipe 003 in reverse: Python creates a, b and out (365, 16, 16), Tessella attaches and computes
     * out[:, i:i+4, j:j+4] = a[...] + b[...] tile by tile on virtual threads, Python checks and unlinks.
     */
    @Test
    void tessellaAttachesToPythonBlocksAndComputesTiles() throws Exception {
        NumPy.assumeAvailable();
        String base = freshName();
        Process py = new ProcessBuilder("python3", "-c", """
                import sys, numpy as np
                from multiprocessing import shared_memory
                base = sys.argv[1]
                shape = (365, 16, 16)
                blocks = {k: shared_memory.SharedMemory(name=base + '_' + k, create=True, size=8 * 365 * 256) for k in 'abo'}
                a, b, o = (np.ndarray(shape, np.float64, buffer=blocks[k].buf) for k in 'abo')
                rng = np.random.default_rng(3)
                a[:] = rng.random(shape)
                b[:] = rng.random(shape)
                o[:] = np.nan
                print('ready', flush=True)
                sys.stdin.readline()
                print('ok' if np.array_equal(o, a + b) else 'mismatch', flush=True)
                del a, b, o
                for s in blocks.values():
                    s.close()
                    s.unlink()
                """, base).start();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread pump = Thread.ofVirtual().start(() -> {
            try {
                py.getErrorStream().transferTo(err);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        BufferedReader out = new BufferedReader(new InputStreamReader(py.getInputStream(), StandardCharsets.UTF_8));
        try (Writer in = new java.io.OutputStreamWriter(py.getOutputStream(), StandardCharsets.UTF_8)) {
            assertEquals("ready", out.readLine(), () -> err.toString(StandardCharsets.UTF_8));
            try (SharedMemory sa = SharedMemory.attach(base + "_a");
                 SharedMemory sb = SharedMemory.attach(base + "_b");
                 SharedMemory so = SharedMemory.attach(base + "_o")) {
                NdArray a = sa.array(DType.FLOAT64, 365, 16, 16);
                NdArray b = sb.array(DType.FLOAT64, 365, 16, 16);
                NdArray o = so.array(DType.FLOAT64, 365, 16, 16);
                List<Thread> workers = new ArrayList<>();
                for (long i = 0; i < 16; i += 4) {
                    for (long j = 0; j < 16; j += 4) {
                        Slice[] tile = {Slice.all(), Slice.of(i, i + 4), Slice.of(j, j + 4)};
                        NdArray ta = a.slice(tile);
                        NdArray tb = b.slice(tile);
                        NdArray to = o.slice(tile);
                        workers.add(Thread.ofVirtual().start(() -> {
                            for (long d = 0; d < 365; d++) {
                                for (long y = 0; y < 4; y++) {
                                    for (long x = 0; x < 4; x++) {
                                        to.setDouble(ta.getDouble(d, y, x) + tb.getDouble(d, y, x), d, y, x);
                                    }
                                }
                            }
                        }));
                    }
                }
                for (Thread t : workers) {
                    t.join();
                }
            }
            in.write("done\n");
            in.flush();
            assertEquals("ok", out.readLine(), () -> err.toString(StandardCharsets.UTF_8));
        }
        if (!py.waitFor(30, TimeUnit.SECONDS)) {
            py.destroyForcibly();
        }
        pump.join();
        assertEquals(0, py.exitValue(), () -> err.toString(StandardCharsets.UTF_8));
        assertFalse(Files.exists(Path.of("/dev/shm", base + "_o")), "Python unlinked its blocks");
    }
}
