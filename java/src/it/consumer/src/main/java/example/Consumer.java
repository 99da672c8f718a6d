package example;

import io.tessella.io.NpyFile;
import io.tessella.io.NpyOutput;
import io.tessella.jobs.IndexBuilder;
import io.tessella.jobs.IndexResult;
import io.tessella.kernel.Evaluation;
import io.tessella.kernel.JavaKernel;
import io.tessella.kernel.NativeKernel;
import io.tessella.memory.Allocation;
import io.tessella.memory.DType;
import io.tessella.memory.NdArray;
import io.tessella.tiling.Cut;
import io.tessella.tiling.Tiling;
import io.tessella.jobs.ArrayOps;
import io.tessella.vector.BinaryOp;
import io.tessella.jobs.OuterImpl;
import io.tessella.vector.Reduction;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * What a user writes after adding the Maven dependency, with no setup and no system properties: arrays,
 * a .npy file written and read back, the array operations, the index builder and a kernel call, each
 * checked against a plain Java loop. Run by {@link Launcher} on the class path and on the module path,
 * with and without jdk.incubator.vector; it prints the digest of every result, which must be the same
 * in all four.
 *
 * <p>Arguments: {@code classpath|module} and {@code vector|scalar}, what the JVM was started with.
 */
public final class Consumer {
    private static final double SENTINEL = -1.0e10;
    private final MessageDigest digest;

    private Consumer() throws Exception {
        digest = MessageDigest.getInstance("SHA-256");
    }

    public static void main(String[] args) throws Exception {
        for (String key : System.getProperties().stringPropertyNames()) {
            check(!key.startsWith("tessella."), "the consumer JVM must start without tessella.* properties, found " + key);
        }
        String path = args[0];
        boolean vector = args[1].equals("vector");
        Consumer c = new Consumer();
        c.moduleBoundary(path.equals("module"));
        c.arrays();
        c.npyFile();
        c.arrayOps(vector);
        c.indexBuilder();
        c.kernel();
        System.out.println("consumer: ok (" + path + ", " + args[1] + ")");
        System.out.println("digest=" + HexFormat.of().formatHex(c.digest.digest()));
    }

    /** On the module path Tessella is the named module io.tessella and exports its API packages only. */
    private void moduleBoundary(boolean modulePath) throws Exception {
        Module m = NdArray.class.getModule();
        check(m.isNamed() == modulePath, "io.tessella is named exactly on the module path: " + m);
        Class<?> ledger = Class.forName("io.tessella.os.ResourceLedger");
        Method held = ledger.getMethod("held");
        if (!modulePath) {
            held.invoke(null);  // the class path has no module boundary
            return;
        }
        check(m.getName().equals("io.tessella"), "module name " + m.getName());
        Set<String> api = Set.of("io.tessella.exec", "io.tessella.io", "io.tessella.jobs", "io.tessella.kernel", "io.tessella.memory",
                "io.tessella.tiling", "io.tessella.vector");
        for (String p : m.getPackages()) {
            check(m.isExported(p) == api.contains(p), p + (api.contains(p) ? " is API and must be exported" : " is internal and must not be exported"));
        }
        check(m.getPackages().containsAll(api), "every API package is in the module: " + m.getPackages());
        try {
            held.invoke(null);
            throw new AssertionError("io.tessella.os.ResourceLedger.held() was reachable from " + Consumer.class.getModule());
        } catch (IllegalAccessException expected) {
            // io.tessella.os is not exported: its public classes are not the consumer's to call.
        }
    }

    private void arrays() {
        try (NdArray a = NdArray.allocate(Allocation.ZEROED, DType.FLOAT64, 4, 6)) {
            for (long i = 0; i < 4; i++) {
                for (long j = 0; j < 6; j++) {
                    a.setDouble(i * 10 + j, i, j);
                }
            }
            NdArray view = a.slice("1:3, ::-2");
            check(view.shape()[0] == 2 && view.shape()[1] == 3, "slice shape");
            check(view.getDouble(0, 0) == 15 && view.getDouble(1, 2) == 21, "a slice is a view of the same elements");
            view.setDouble(-1, 1, 1);
            check(a.getDouble(2, 3) == -1, "writes through a view land in the array");
            add(a);
        }
    }

    private void npyFile() throws Exception {
        Path dir = Files.createTempDirectory("tessella-consumer");
        Path file = dir.resolve("a.npy");
        try {
            try (NpyOutput out = NpyFile.create(file, DType.FLOAT64, 3, 4)) {
                for (long i = 0; i < 12; i++) {
                    out.array().setDouble(i * 0.5 - 1, i / 4, i % 4);
                }
                check(!Files.exists(file), "nothing appears before commit()");
                out.commit();
            }
            byte[] bytes = Files.readAllBytes(file);
            check(new String(bytes, 1, 5, StandardCharsets.ISO_8859_1).equals("NUMPY") && (bytes[0] & 0xff) == 0x93, "the .npy magic string");
            check(new String(bytes, 10, 60, StandardCharsets.ISO_8859_1).contains("'descr': '<f8'"), "a float64 header");
            check(bytes.length % 64 == 96 % 64 && bytes.length > 96, "header padded to 64 bytes, then 96 data bytes: " + bytes.length);
            try (NdArray a = NpyFile.open(file, NpyFile.Mode.READ_ONLY)) {
                for (long i = 0; i < 12; i++) {
                    check(a.getDouble(i / 4, i % 4) == i * 0.5 - 1, "element " + i + " read back");
                }
                add(a);
            }
            digest.update(bytes);
        } finally {
            Files.deleteIfExists(file);
            Files.delete(dir);
        }
    }

    private void arrayOps(boolean vector) throws Exception {
        ArrayOps ops = ArrayOps.create().parallelism(2);
        int m = 37, n = 1029;
        try (NdArray y = NdArray.allocate(Allocation.ZEROED, DType.FLOAT64, m);
             NdArray x = NdArray.allocate(Allocation.ZEROED, DType.FLOAT64, n);
             NdArray r = NdArray.allocate(Allocation.ZEROED, DType.FLOAT64, m, n);
             NdArray sum = NdArray.allocate(Allocation.ZEROED, DType.FLOAT64, m, n);
             NdArray rows = NdArray.allocate(Allocation.ZEROED, DType.FLOAT64, m)) {
            for (int i = 0; i < m; i++) {
                y.setDouble(i, i);
            }
            for (int j = 0; j < n; j++) {
                x.setDouble(Math.sin(j) * 3 + 0.25, j);
            }
            OuterImpl ran = ops.outer(r, y, x, OuterImpl.AUTO);
            check(ran == (vector ? OuterImpl.VECTOR : OuterImpl.TILED), "outer ran " + ran + " with" + (vector ? "" : "out") + " the vector module");
            ops.elementwise(BinaryOp.ADD, sum, r, r, Tiling.of(r.shape(), Cut.blocks(4), Cut.blocks(4)));
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double expected = y.getDouble(i) * x.getDouble(j);
                    check(r.getDouble(i, j) == expected, "outer[" + i + ", " + j + "]");
                    check(sum.getDouble(i, j) == expected + expected, "add[" + i + ", " + j + "]");
                }
            }
            // Whole numbers, so every summation order gives the same bits: the reference is a plain loop.
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    sum.setDouble((i * 7 + j * 13) % 101 - 50, i, j);
                }
            }
            ops.reduceLastAxis(Reduction.SUM, sum, rows);
            for (int i = 0; i < m; i++) {
                double expected = 0;
                for (int j = 0; j < n; j++) {
                    expected += sum.getDouble(i, j);
                }
                check(rows.getDouble(i) == expected, "rowsum[" + i + "] = " + rows.getDouble(i) + ", expected " + expected);
            }
            add(r);
            add(rows);
        }
    }

    private void indexBuilder() throws Exception {
        int m = 61, n = 70;
        try (NdArray a1 = NdArray.allocate(Allocation.ZEROED, DType.FLOAT64, m, n);
             NdArray a2 = NdArray.allocate(Allocation.ZEROED, DType.FLOAT64, m, n)) {
            List<long[]> expected = new ArrayList<>();
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    long k = (long) i * n + j;
                    double v1 = k % 11 == 0 ? SENTINEL : k % 97 == 0 ? Double.NaN : k * 0.37 - 300;
                    double v2 = k % 89 == 0 ? 2.0e9 : 40 - k * 0.011;
                    a1.setDouble(v1, i, j);
                    a2.setDouble(v2, i, j);
                    // The recipe's serial loop, on the bundled kernel's Java twin: slow_computation(a2, a1).
                    if (!(v1 <= SENTINEL)) {
                        Evaluation e = JavaKernel.STANDARD.evaluate(v2, v1);
                        if (e.succeeded()) {
                            expected.add(new long[] {i, j, e.index()});
                        }
                    }
                }
            }
            try (IndexResult r = IndexBuilder.create().parallelism(2).run(a1, a2)) {
                NdArray xs = r.coordinates().get(0), ys = r.coordinates().get(1), idxs = r.idxs();
                check(idxs.shape()[0] == expected.size(), "emitted " + idxs.shape()[0] + ", the serial loop " + expected.size());
                for (int e = 0; e < expected.size(); e++) {
                    long[] want = expected.get(e);
                    check(xs.getLong(e) == want[0] && ys.getLong(e) == want[1] && idxs.getLong(e) == want[2], "index output " + e);
                }
                check(r.counts().skipped() == (m * n + 10) / 11, "skipped " + r.counts());
                add(xs);
                add(ys);
                add(idxs);
            }
        }
    }

    private void kernel() {
        NativeKernel kernel = NativeKernel.bundled();
        long index = kernel.evaluate(2.5, 1.5).index();
        // The value the bundled kernel's definition gives (native/include/tessella_kernel.h).
        check(index == 961292723558L && JavaKernel.STANDARD.evaluate(2.5, 1.5).index() == index, "slow_computation(2.5, 1.5) = " + index);
        digest.update(ByteBuffer.allocate(8).putLong(index).array());
    }

    /** Adds an array's elements, in C order, to the digest. */
    private void add(NdArray a) {
        long[] shape = a.shape();
        long count = 1;
        for (long s : shape) {
            count *= s;
        }
        long[] at = new long[shape.length];
        ByteBuffer b = ByteBuffer.allocate(8);
        for (long e = 0; e < count; e++) {
            long rest = e;
            for (int d = shape.length - 1; d >= 0; d--) {
                at[d] = rest % shape[d];
                rest /= shape[d];
            }
            b.clear();
            b.putLong(a.dtype() == DType.FLOAT64 ? Double.doubleToRawLongBits(a.getDouble(at)) : a.getLong(at));
            digest.update(b.array());
        }
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError(what);
        }
    }
}
