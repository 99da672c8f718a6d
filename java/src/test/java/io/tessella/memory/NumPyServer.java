package io.tessella.memory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * One long-lived {@code python3} with NumPy answering requests, so that property tests can ask the
 * real NumPy about hundreds of drawn layouts without starting Python for each. A request names an
 * operation and its operands as NumPy views of raw bytes Java wrote ({@link RandomLayouts.View#numpy}),
 * NumPy builds the same views with {@code np.ndarray(shape, dtype, buffer, offset, strides)}, computes,
 * and writes its result's logical values as little-endian float64 bits. Tests call
 * {@link NumPy#assumeAvailable()} first.
 */
public final class NumPyServer implements AutoCloseable {

    private static final String SCRIPT = """
            import sys, json
            import numpy as np
            def view(d):
                buf = np.fromfile(d['file'], dtype=np.uint8)
                return np.ndarray(tuple(d['shape']), dtype=np.dtype(d['descr']), buffer=buf, offset=d['offset'],
                                  strides=tuple(d['strides']))
            for line in sys.stdin:
                req = json.loads(line)
                try:
                    a = [view(d) for d in req['inputs']]
                    op = req['op']
                    with np.errstate(all='ignore'):
                        if op in ('sum', 'min', 'max'):
                            r = getattr(a[0], op)(axis=-1)
                        elif op in ('add', 'subtract', 'multiply', 'divide'):
                            r = getattr(np, op)(a[0], a[1])
                        elif op == 'outer':
                            r = np.outer(a[0], a[1])
                        else:
                            raise ValueError('unknown op ' + op)
                    r = np.asarray(r)
                    np.ascontiguousarray(r).astype('<f8').tofile(req['out'])
                    fortran = bool(r.flags.f_contiguous and not r.flags.c_contiguous)
                    print('ok', 'F' if fortran else 'C', ','.join(map(str, r.shape)), flush=True)
                except Exception as e:
                    print('error', type(e).__name__ + ': ' + str(e).replace('\\n', ' '), flush=True)
            """;

    private final Process process;
    private final Writer in;
    private final BufferedReader out;
    private final Path dir;
    private int files;

    /** NumPy's answer: its result's logical values, shape, and whether it came out in Fortran order. */
    public record Result(double[] values, long[] shape, boolean fortran) {
    }

    private NumPyServer(Path dir) throws IOException {
        this.dir = dir;
        this.process = new ProcessBuilder("python3", "-c", SCRIPT).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /** Starts Python; {@link #close()} stops it and removes the files it was handed. */
    public static NumPyServer start() throws IOException {
        NumPy.assumeAvailable();
        return new NumPyServer(Files.createTempDirectory("tessella-numpy-"));
    }

    /**
     * Asks NumPy for {@code op} over the operands ({@code sum}, {@code min}, {@code max} along the last
     * axis; {@code add}, {@code subtract}, {@code multiply}, {@code divide}; {@code outer}).
     *
     * @return the result, or null with {@code error[0]} set when NumPy raised
     */
    public Result call(String op, List<RandomLayouts.View> operands, String[] error) throws IOException {
        List<String> inputs = new ArrayList<>();
        List<Path> written = new ArrayList<>();
        for (RandomLayouts.View v : operands) {
            Path f = dir.resolve("m" + (files++));
            write(f, v.memory());
            written.add(f);
            inputs.add(v.numpy(f.toString()));
        }
        Path result = dir.resolve("r" + (files++));
        in.write("{\"op\": \"" + op + "\", \"out\": \"" + result + "\", \"inputs\": [" + String.join(", ", inputs) + "]}\n");
        in.flush();
        String line = out.readLine();
        try {
            if (line == null) {
                fail("python3 ended unexpectedly");
            }
            if (line.startsWith("error ")) {
                error[0] = line.substring(6);
                return null;
            }
            String[] f = line.split(" ", -1);
            long[] shape = f.length < 3 || f[2].isEmpty() ? new long[0] : Arrays.stream(f[2].split(",")).mapToLong(Long::parseLong).toArray();
            byte[] bytes = Files.readAllBytes(result);
            double[] values = new double[bytes.length / 8];
            java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().get(values);
            return new Result(values, shape, f[1].equals("F"));
        } finally {
            for (Path p : written) {
                Files.deleteIfExists(p);
            }
            Files.deleteIfExists(result);
        }
    }

    private static void write(Path f, MemorySegment memory) throws IOException {
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            var b = memory.asByteBuffer();
            while (b.hasRemaining()) {
                ch.write(b);
            }
        }
    }

    /** The logical values of an array in C order, read element by element (big-endian ones converted). */
    public static double[] values(NdArray a) {
        double[] v = new double[Math.toIntExact(a.size())];
        int[] i = {0};
        TestIndices.forEachIndex(a.shape(), idx -> v[i[0]++] = a.dtype().isFloating() ? a.getDouble(idx) : a.getLong(idx));
        return v;
    }

    @Override
    public void close() throws IOException {
        in.close();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try (var s = Files.list(dir)) {
            for (Path p : s.toList()) {
                Files.deleteIfExists(p);
            }
        }
        Files.deleteIfExists(dir);
    }
}
