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
 * NumPy builds the same views with {@code np.ndarray(shape, dtype, buffer, offset, strides)}, computes
 * (with the {@code dtype=}, {@code out=} dtype and {@code casting=} a request may give), and writes its
 * result's logical values in its own dtype, little-endian. Tests call {@link NumPy#assumeAvailable()} first.
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
                    if req.get('astype'):
                        # The reference for converted operands: each converted as astype converts it.
                        a = [x.astype(req['dtype']) for x in a]
                    with np.errstate(all='ignore'):
                        if op in ('sum', 'min', 'max'):
                            kw = {'dtype': req['dtype']} if req.get('dtype') and op == 'sum' else {}
                            if req.get('outdtype'):
                                o = np.empty(a[0].shape[:-1], dtype=req['outdtype'])
                                r = getattr(a[0], op)(axis=-1, out=o, **kw)
                            else:
                                r = getattr(a[0], op)(axis=-1, **kw)
                        elif op in ('add', 'subtract', 'multiply', 'divide', 'minimum', 'maximum'):
                            kw = {'dtype': req['dtype']} if req.get('dtype') else {}
                            if req.get('out'):
                                o = np.empty(np.broadcast_shapes(a[0].shape, a[1].shape), dtype=req['outdtype'])
                                r = getattr(np, op)(a[0], a[1], out=o, casting=req.get('casting', 'same_kind'), **kw)
                            else:
                                r = getattr(np, op)(a[0], a[1], casting=req.get('casting', 'same_kind'), **kw)
                        elif op == 'outer':
                            if req.get('outdtype'):
                                o = np.empty((a[0].size, a[1].size), dtype=req['outdtype'])
                                r = np.outer(a[0], a[1], out=o)
                            else:
                                r = np.outer(a[0], a[1])
                        else:
                            raise ValueError('unknown op ' + op)
                    r = np.asarray(r)
                    np.ascontiguousarray(r).astype(r.dtype.newbyteorder('<')).tofile(req['outfile'])
                    fortran = bool(r.flags.f_contiguous and not r.flags.c_contiguous)
                    print('ok', 'F' if fortran else 'C', ','.join(map(str, r.shape)), r.dtype.newbyteorder('<').str, flush=True)
                except Exception as e:
                    print('error', type(e).__name__ + ': ' + str(e).replace('\\n', ' '), flush=True)
            """;

    private final Process process;
    private final Writer in;
    private final BufferedReader out;
    private final Path dir;
    private int files;

    /**
     * NumPy's answer: its result's logical values (as doubles, and exactly as {@link TestValues} bits of
     * its dtype), shape, dtype, and whether it came out in Fortran order.
     */
    public record Result(double[] values, long[] bits, DType dtype, long[] shape, boolean fortran) {
    }

    /**
     * What to ask NumPy besides the operation: {@code dtype=}, an {@code out=} of a dtype, {@code casting=}
     * (nulls for none); {@code astype}: convert every operand with {@code astype(dtype)} first.
     */
    public record Options(DType dtype, DType outDtype, Casting casting, boolean astype) {
        public static final Options NONE = new Options(null, null, null, false);

        public Options(DType dtype, DType outDtype, Casting casting) {
            this(dtype, outDtype, casting, false);
        }

        /** Operands converted to {@code dtype} by astype, then the operation in that dtype: NumPy's answer with astype's conversions. */
        public static Options converted(DType dtype) {
            return new Options(dtype, null, null, true);
        }

        String json() {
            return (astype ? ", \"astype\": true" : "") + (dtype == null ? "" : ", \"dtype\": \"" + dtype.descr() + "\"")
                    + (outDtype == null ? "" : ", \"outdtype\": \"" + outDtype.descr() + "\", \"out\": true")
                    + (casting == null ? "" : ", \"casting\": \"" + casting.numpyName() + "\"");
        }
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
        return call(op, operands, Options.NONE, error);
    }

    /** {@link #call(String, List, String[])} with NumPy's {@code dtype=}, {@code out=} dtype and {@code casting=}. */
    public Result call(String op, List<RandomLayouts.View> operands, Options options, String[] error) throws IOException {
        List<String> inputs = new ArrayList<>();
        List<Path> written = new ArrayList<>();
        for (RandomLayouts.View v : operands) {
            Path f = dir.resolve("m" + (files++));
            write(f, v.memory());
            written.add(f);
            inputs.add(v.numpy(f.toString()));
        }
        Path result = dir.resolve("r" + (files++));
        in.write("{\"op\": \"" + op + "\", \"outfile\": \"" + result + "\", \"inputs\": [" + String.join(", ", inputs) + "]"
                + options.json() + "}\n");
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
            DType dtype = DType.fromDescr(f[3]);
            byte[] bytes = Files.readAllBytes(result);
            MemorySegment raw = MemorySegment.ofArray(bytes);
            int n = (int) (bytes.length / dtype.byteSize());
            long[] bits = new long[n];
            double[] values = new double[n];
            for (int i = 0; i < n; i++) {
                bits[i] = TestValues.read(raw, 0, dtype, i);
                values[i] = TestValues.value(dtype, bits[i]);
            }
            return new Result(values, bits, dtype, shape, f[1].equals("F"));
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
        TestIndices.forEachIndex(a.shape(), idx -> v[i[0]++] = a.getAsDouble(idx));
        return v;
    }

    /** The logical values of an array in C order as {@link TestValues} bits of its dtype. */
    public static long[] bits(NdArray a) {
        long[] v = new long[Math.toIntExact(a.size())];
        int[] i = {0};
        TestIndices.forEachIndex(a.shape(), idx -> v[i[0]++] = TestValues.bits(a, idx));
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
