package io.tessella.spark;

import io.tessella.kernel.Kernel;
import io.tessella.kernel.Linkage;
import io.tessella.kernel.NativeKernel;
import java.io.IOException;
import java.io.Serial;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.apache.spark.SparkContext;
import org.apache.spark.SparkFiles;

/**
 * Where the executors get the index builder's kernel: the bundled library from the jar (or its Java
 * twin where it does not load, as {@link Kernel#best()} decides), another library bundled in the jar,
 * a user's library shipped with the job ({@code SparkContext.addFile}) and opened from
 * {@link SparkFiles} on each executor, or a Java kernel made by a {@link KernelFactory}.
 *
 * <p>A shipped library is opened on the driver first ({@link #check}), before any task runs: a missing
 * file, a file that is not a shared library, another ABI version or a missing symbol fails there at
 * once with {@link io.tessella.kernel.KernelLinkException}'s one line, not as failed tasks.
 *
 * <p>A library is opened once per executor JVM and shared by its tasks ({@link ExecutorCache}).
 *
 * <p>Immutable and serializable.
 *
 * <pre>{@code
 * KernelSource.library(Path.of("libgrid_cell.so"))      // shipped; opened on each executor
 * KernelSource.java(() -> JavaKernel.STANDARD)           // a Java kernel, made on each executor
 * }</pre>
 */
public sealed interface KernelSource extends Serializable {

    /** {@link Kernel#best()} on each executor. */
    static KernelSource bundled() {
        return new Bundled(null);
    }

    /** Another library bundled in the tessella jar, by name ({@link NativeKernel#openBundled}), extracted on each executor. */
    static KernelSource bundled(String name) {
        return new Bundled(Objects.requireNonNull(name, "name"));
    }

    /** A kernel library of the user's: shipped with the job, opened on each executor from {@link SparkFiles}. */
    static KernelSource library(Path library) {
        Path abs = Objects.requireNonNull(library, "library").toAbsolutePath().normalize();
        return new Library(abs.toString(), abs.getFileName().toString());
    }

    /** A Java kernel, made on each executor. */
    static KernelSource java(KernelFactory factory) {
        return new Java(Objects.requireNonNull(factory, "factory"));
    }

    /**
     * Checks the kernel on the driver and ships what the executors need: a library is opened (ABI
     * version, symbols) and added to the job's files. Returns the kernel's description and its answers
     * on fixed probes, which a checkpoint records.
     *
     * @throws io.tessella.kernel.KernelLinkException with the loader's one-line message if it cannot be used
     */
    Checked check(SparkContext sc);

    /** Opens the kernel on an executor, for one task. */
    TaskKernel open();

    /** What the driver's check found: the kernel's description and fingerprint. */
    record Checked(String description, long fingerprint) implements Serializable {
    }

    /** A kernel held by one task; closing it releases what the task opened. */
    record TaskKernel(Kernel kernel, AutoCloseable release) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            if (release != null) {
                release.close();
            }
        }
    }

    /** The bundled kernel, or another library bundled in the jar. */
    record Bundled(String name) implements KernelSource {
        @Serial
        private static final long serialVersionUID = 1L;

        @Override
        public Checked check(SparkContext sc) {
            if (name == null) {
                Kernel k = Kernel.best();
                return new Checked(k.description(), Fingerprints.of(k));
            }
            // Opened apart from the executors' cache: the driver keeps nothing open for tasks it does not run.
            try (NativeKernel k = NativeKernel.openBundled(name, Linkage.CRITICAL)) {
                return new Checked(k.description(), Fingerprints.of(k));
            }
        }

        @Override
        public TaskKernel open() {
            if (name == null) {
                return new TaskKernel(Kernel.best(), null);
            }
            // Extracted and loaded once per JVM, not once per task (ExecutorCache says why).
            ExecutorCache.Lease<NativeKernel> k = ExecutorCache.KERNELS.acquire(this, () -> NativeKernel.openBundled(name, Linkage.CRITICAL));
            return new TaskKernel(k.get(), k);
        }
    }

    /** A user's library, shipped with the job. */
    record Library(String path, String fileName) implements KernelSource {
        @Serial
        private static final long serialVersionUID = 1L;

        @Override
        public Checked check(SparkContext sc) {
            Checked checked;
            try (NativeKernel k = NativeKernel.open(Path.of(path))) {
                checked = new Checked(path, Fingerprints.of(k));
            }
            sc.addFile(path);
            return checked;
        }

        @Override
        public TaskKernel open() {
            Path shipped = Path.of(SparkFiles.get(fileName));
            if (!Files.isRegularFile(shipped)) {
                throw new IllegalStateException("the kernel library " + fileName + " shipped with the job is not in this executor's "
                        + "SparkFiles directory (" + shipped + ")");
            }
            ExecutorCache.FileVersion version;
            try {
                version = ExecutorCache.FileVersion.of(shipped);
            } catch (IOException e) {
                throw new UncheckedIOException("the kernel library " + shipped + " cannot be read on this executor", e);
            }
            // Loaded once per JVM and file version, not once per task (ExecutorCache says why).
            ExecutorCache.Lease<NativeKernel> k = ExecutorCache.KERNELS.acquire(version, () -> NativeKernel.open(shipped));
            return new TaskKernel(k.get(), k);
        }
    }

    /** A Java kernel made by the user's factory. */
    record Java(KernelFactory factory) implements KernelSource {
        @Serial
        private static final long serialVersionUID = 1L;

        @Override
        public Checked check(SparkContext sc) {
            try (TaskKernel k = open()) {
                return new Checked(k.kernel().description(), Fingerprints.of(k.kernel()));
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("closing the kernel failed: " + e, e);
            }
        }

        @Override
        public TaskKernel open() {
            Kernel k = Objects.requireNonNull(factory.create(), "the kernel factory returned null");
            return new TaskKernel(k, k instanceof AutoCloseable c ? c : null);
        }
    }
}
