package io.tessella.memory;

import java.util.function.Consumer;

/** Test helpers shared with the io tests: C-order index iteration. */
public final class TestIndices {

    private TestIndices() {
    }

    /** Visits every index of a shape in C order (nothing for an empty shape, once for a 0-d shape). */
    public static void forEachIndex(long[] shape, Consumer<long[]> visitor) {
        SlicingPropertyTest.forEachIndex(shape, visitor::accept);
    }
}
