package io.tessella.memory;

import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * The element types a Tessella array can hold, with the facts kernels and file formats need about each:
 * size in bytes, the little-endian {@link ValueLayout} used to read and write elements, and NumPy's
 * descriptor string (the {@code descr} of a {@code .npy} header).
 *
 * <p>Layouts are little-endian on every platform, so memory is laid out exactly as in a {@code .npy}
 * file or a NumPy array in shared memory; on little-endian hosts (x86-64, AArch64) this costs nothing.
 *
 * <p>Thread-safety: an enum; immutable.
 *
 * <pre>{@code
 * DType t = DType.fromDescr("<f8");      // FLOAT64
 * long bytes = t.byteSize() * 1_000_000;  // 8 MB for a million elements
 * }</pre>
 */
public enum DType {
    /** IEEE 754 double, NumPy {@code float64}, descriptor {@code <f8}. */
    FLOAT64(ValueLayout.JAVA_DOUBLE.withOrder(ByteOrder.LITTLE_ENDIAN), "<f8", true),
    /** Signed 64-bit integer, NumPy {@code int64}, descriptor {@code <i8}. */
    INT64(ValueLayout.JAVA_LONG.withOrder(ByteOrder.LITTLE_ENDIAN), "<i8", false),
    /** IEEE 754 single, NumPy {@code float32}, descriptor {@code <f4}. */
    FLOAT32(ValueLayout.JAVA_FLOAT.withOrder(ByteOrder.LITTLE_ENDIAN), "<f4", true),
    /** Signed 32-bit integer, NumPy {@code int32}, descriptor {@code <i4}. */
    INT32(ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN), "<i4", false);

    private final ValueLayout layout;
    private final String descr;
    private final boolean floating;

    DType(ValueLayout layout, String descr, boolean floating) {
        this.layout = layout;
        this.descr = descr;
        this.floating = floating;
    }

    /**
     * Size of one element in bytes (8 or 4).
     *
     * <pre>{@code long n = DType.INT32.byteSize(); // 4}</pre>
     *
     * @return the element size in bytes
     */
    public long byteSize() {
        return layout.byteSize();
    }

    /**
     * The little-endian, naturally aligned layout of one element: {@code ValueLayout.OfDouble} for
     * {@link #FLOAT64}, {@code OfLong} for {@link #INT64}, {@code OfFloat} for {@link #FLOAT32},
     * {@code OfInt} for {@link #INT32}. Kernels cast it to the matching subtype.
     *
     * <pre>{@code var l = (ValueLayout.OfDouble) DType.FLOAT64.layout();}</pre>
     *
     * @return the element layout
     */
    public ValueLayout layout() {
        return layout;
    }

    /**
     * NumPy's array-protocol descriptor for this type, as written in {@code .npy} headers.
     *
     * <pre>{@code DType.FLOAT32.descr(); // "<f4"}</pre>
     *
     * @return {@code "<f8"}, {@code "<i8"}, {@code "<f4"} or {@code "<i4"}
     */
    public String descr() {
        return descr;
    }

    /**
     * Whether this is a floating-point type, read with {@code getDouble}/{@code getFloat}; the
     * others are integers, read with {@code getLong}/{@code getInt}.
     *
     * <pre>{@code DType.INT64.isFloating(); // false}</pre>
     *
     * @return true for {@link #FLOAT64} and {@link #FLOAT32}
     */
    public boolean isFloating() {
        return floating;
    }

    /**
     * The type for a NumPy descriptor. Accepts the little-endian descriptors NumPy writes
     * ({@code <f8 <i8 <f4 <i4}); everything else, including big-endian ({@code >f8}) and structured
     * descriptors, is rejected with a message naming it.
     *
     * <pre>{@code DType.fromDescr("<i4"); // INT32}</pre>
     *
     * @param descr the descriptor, e.g. {@code "<f8"}
     * @return the matching type
     * @throws IllegalArgumentException if the descriptor is not one of the four supported
     */
    public static DType fromDescr(String descr) {
        for (DType t : values()) {
            if (t.descr.equals(descr)) {
                return t;
            }
        }
        String why = descr != null && descr.length() > 1 && descr.charAt(0) == '>'
                ? " (big-endian data is not supported; convert with arr.astype(arr.dtype.newbyteorder('<')))"
                : "";
        throw new IllegalArgumentException("unsupported dtype descriptor '" + descr + "'" + why
                + "; supported: <f8 <i8 <f4 <i4");
    }
}
