package io.tessella.cli;

import io.tessella.io.NpyFile;
import io.tessella.io.NpyHeader;
import io.tessella.io.NpyOutput;
import io.tessella.io.OutputBusyException;
import io.tessella.io.OutputDirectory;
import io.tessella.io.OutputException;
import io.tessella.io.WriteOption;
import io.tessella.kernel.JavaKernel;
import io.tessella.kernel.Kernel;
import io.tessella.kernel.KernelLinkException;
import io.tessella.kernel.NativeKernel;
import io.tessella.memory.DType;
import io.tessella.memory.NdArray;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The one place where commands open their inputs and reserve their outputs, so every command says the
 * same thing, naming its option and the path, for the same bad input: a missing file, a directory, an
 * empty file, an output that exists (refused unless {@code --overwrite}), a missing or read-only
 * directory, a full disk, an output another run is writing.
 *
 * <p>Outputs are reserved before any work ({@link NpyOutput}, {@link OutputDirectory}): a refused run
 * writes nothing and a failed one leaves the previous state.
 *
 * <p>Public for the {@code tessella spark} subcommands (module {@code tessella-spark}), which check their
 * inputs and reserve their outputs with the same words; not an API.
 */
public final class ArrayCommandSupport {
    private ArrayCommandSupport() {
    }

    /** Maps a {@code .npy} input read-only. */
    static NdArray open(String option, Path path) {
        checkInput(option, path);
        try {
            return NpyFile.open(path, NpyFile.Mode.READ_ONLY);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw new IllegalArgumentException(option + " " + path + ": " + withoutPath(e.getMessage(), path), e);
        }
    }

    /** Reads a {@code .npy} input's header, refusing what {@link #open} refuses, with its words. */
    public static NpyHeader header(String option, Path path) {
        checkInput(option, path);
        try {
            return NpyFile.readHeader(path);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw new IllegalArgumentException(option + " " + path + ": " + withoutPath(e.getMessage(), path), e);
        }
    }

    private static void checkInput(String option, Path path) {
        if (!Files.exists(path)) {
            throw new IllegalArgumentException(option + " " + path + " does not exist");
        }
        if (Files.isDirectory(path)) {
            throw new IllegalArgumentException(option + " " + path + " is a directory, not a .npy file");
        }
        try {
            if (Files.size(path) == 0) {
                throw new IllegalArgumentException(option + " " + path + " is empty (0 bytes), not a .npy file");
            }
        } catch (IOException e) {
            throw new IllegalArgumentException(option + " " + path + " cannot be read: " + e, e);
        }
        if (!Files.isReadable(path)) {
            throw new IllegalArgumentException(option + " " + path + " is not readable");
        }
    }

    /** Reserves a new {@code .npy} output of this type and shape; commit it when the result is complete. */
    public static NpyOutput create(String option, Path path, boolean overwrite, DType dtype, long[] shape, WriteOption... layout) {
        checkTarget(option, path, overwrite, false);
        List<WriteOption> options = new ArrayList<>(List.of(layout));
        if (overwrite) {
            options.add(WriteOption.OVERWRITE);
        }
        try {
            return NpyFile.create(path, dtype, shape, options.toArray(WriteOption[]::new));
        } catch (OutputException e) {
            throw named(option, path, e);
        } catch (IllegalArgumentException | UncheckedIOException | OutputBusyException e) {
            throw new IllegalArgumentException(option + " " + path + ": " + withoutPath(e.getMessage(), path), e);
        }
    }

    /** Reserves a new result directory; commit it when every file in it is written. */
    public static OutputDirectory directory(String option, Path path, boolean overwrite) {
        checkTarget(option, path, overwrite, true);
        try {
            return overwrite ? OutputDirectory.create(path, WriteOption.OVERWRITE) : OutputDirectory.create(path);
        } catch (OutputException e) {
            throw named(option, path, e);
        } catch (IllegalArgumentException | UncheckedIOException | OutputBusyException e) {
            throw new IllegalArgumentException(option + " " + path + ": " + withoutPath(e.getMessage(), path), e);
        }
    }

    /** Opens a kernel library given on the command line; a library that does not link is bad input naming the option. */
    /** What {@code --kernel} takes, instead of a library's path, for the bundled kernel's Java twin. */
    public static final String JAVA_KERNEL = "java";

    /**
     * The kernel a {@code --kernel} option names: without it, the bundled library, or its Java twin
     * (identical results) where the library does not load; {@code java}, the Java twin whatever loads
     * (a library file named java is {@code ./java}); else the library at that path. The caller closes
     * a {@link NativeKernel} it gets.
     */
    static Kernel chosenKernel(String option, Path path) {
        if (path == null) {
            return Kernel.best();
        }
        return path.toString().equals(JAVA_KERNEL) ? JavaKernel.STANDARD : kernel(option, path);
    }

    public static NativeKernel kernel(String option, Path path) {
        try {
            return NativeKernel.open(path);
        } catch (KernelLinkException e) {
            String m = String.valueOf(e.getMessage());
            String prefix = "kernel library " + path.toAbsolutePath().normalize() + " ";
            throw new IllegalArgumentException(option + " " + path + ": " + (m.startsWith(prefix) ? m.substring(prefix.length()) : m), e);
        }
    }

    /**
     * A failure to write the output {@code option} names, as bad input naming the option: a full disk or
     * a read-only directory is something the user fixes on the command line.
     */
    public static IllegalArgumentException named(String option, Path path, OutputException e) {
        return new IllegalArgumentException(option + " " + path + ": " + e.reason(), e);
    }

    /** The checks worth their own words; the library checks them all again when it reserves the path. */
    private static void checkTarget(String option, Path path, boolean overwrite, boolean directory) {
        Path dir = path.toAbsolutePath().normalize().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new IllegalArgumentException(option + " " + path + ": directory " + dir + " does not exist");
        }
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        boolean isDir = Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS);
        if (!directory && isDir) {
            throw new IllegalArgumentException(option + " " + path + " is a directory; the output is a file");
        }
        if (directory && !isDir) {
            throw new IllegalArgumentException(option + " " + path + " is a file; the output is a directory");
        }
        if (directory && isEmptyDirectory(path)) {
            return;
        }
        if (!overwrite) {
            throw new IllegalArgumentException(option + " " + path + " already exists; add --overwrite to replace it");
        }
    }

    private static boolean isEmptyDirectory(Path dir) {
        try (var entries = Files.newDirectoryStream(dir)) {
            return !entries.iterator().hasNext();
        } catch (IOException e) {
            return false;
        }
    }

    /** The library's message, without its own spelling of the path the option already names. */
    private static String withoutPath(String message, Path path) {
        String m = String.valueOf(message);
        for (String prefix : new String[] {"path = " + path.toAbsolutePath().normalize() + ": ", "path = " + path + ": ",
                "file " + path + " ", "path = " + path.toAbsolutePath().normalize() + " ", "path = " + path + " "}) {
            if (m.startsWith(prefix)) {
                return m.substring(prefix.length());
            }
        }
        return m;
    }
}
