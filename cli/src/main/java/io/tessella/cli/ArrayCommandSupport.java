package io.tessella.cli;

import io.tessella.io.NpyFile;
import io.tessella.memory.DType;
import io.tessella.memory.NdArray;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the array commands share: opening inputs and creating outputs with messages that name the option. */
final class ArrayCommandSupport {
    private ArrayCommandSupport() {
    }

    static NdArray open(String option, Path path) {
        if (!Files.isRegularFile(path)) {
            throw new IllegalArgumentException(option + " " + path + " does not exist");
        }
        try {
            return NpyFile.open(path, NpyFile.Mode.READ_ONLY);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + " " + path + ": " + e.getMessage(), e);
        }
    }

    static NdArray create(String option, Path path, DType dtype, long... shape) {
        Path dir = path.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir) || !Files.isWritable(dir)) {
            throw new IllegalArgumentException(option + " " + path + ": directory " + dir + " does not exist or is not writable");
        }
        try {
            return NpyFile.create(path, dtype, shape);
        } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
            throw new IllegalArgumentException(option + " " + path + ": " + e.getMessage(), e);
        }
    }
}
