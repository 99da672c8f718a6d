package io.tessella.memory;

import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * The element types a Tessella array can hold, with the facts kernels and file formats need about each:
 * size in bytes, the {@link ValueLayout} used to read and write elements, and NumPy's descriptor string
 * (the {@code descr} of a {@code .npy} header).
 *
 * <p>A dtype says what an element is, not how its bytes are ordered: byte order is a property of an
 * array ({@link NdArray#byteOrder()}), as in a {@code .npy} file whose descriptor is {@code >f8}. The
 * descriptor's first character carries the order ({@code <} little-endian, {@code >} big-endian,
 * {@code =} and {@code |} native, as NumPy reads them); {@link #fromDescr} and {@link #byteOrderOf}
 * split a descriptor into the two. {@link #layout()} is the little-endian layout, what Tessella writes.
 *
 * <p>Thread-safety: an enum; immutable.
 *
 * <pre>{@code
 * DType t = DType.fromDescr(">f8");                  // FLOAT64
 * ByteOrder o = DType.byteOrderOf(">f8");           // BIG_ENDIAN
 * long bytes = t.byteSize() * 1_000_000;              // 8 MB for a million elements
 * }</pre>
 */
public enum DType {
    /** IEEE 754 double, NumPy {@code float64}, descriptor {@code <f8}. */
    FLOAT64(ValueLayout.JAVA_DOUBLE, "f8", true),
    /** Signed 64-bit integer, NumPy {@code int64}, descriptor {@code <i8}. */
    INT64(ValueLayout.JAVA_LONG, "i8", false),
    /** IEEE 754 single, NumPy {@code float32}, descriptor {@code <f4}. */
    FLOAT32(ValueLayout.JAVA_FLOAT, "f4", true),
    /** Signed 32-bit integer, NumPy {@code int32}, descriptor {@code <i4}. */
    INT32(ValueLayout.JAVA_INT, "i4", false);

    private final ValueLayout layout;
    private final String code;
    private final boolean floating;

    DType(ValueLayout layout, String code, boolean floating) {
        this.layout = layout.withOrder(ByteOrder.LITTLE_ENDIAN);
        this.code = code;
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
     * {@code OfInt} for {@link #INT32}. Kernels cast it to the matching subtype; for an array in
     * another byte order, {@code layout().withOrder(array.byteOrder())}.
     *
     * <pre>{@code var l = (ValueLayout.OfDouble) DType.FLOAT64.layout();}</pre>
     *
     * @return the element layout
     */
    public ValueLayout layout() {
        return layout;
    }

    /**
     * NumPy's little-endian descriptor for this type, as Tessella writes it in {@code .npy} headers.
     *
     * <pre>{@code DType.FLOAT32.descr(); // "<f4"}</pre>
     *
     * @return {@code "<f8"}, {@code "<i8"}, {@code "<f4"} or {@code "<i4"}
     */
    public String descr() {
        return descr(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * NumPy's descriptor for this type stored in the given byte order.
     *
     * <pre>{@code DType.FLOAT64.descr(ByteOrder.BIG_ENDIAN); // ">f8"}</pre>
     *
     * @param order the byte order of the stored elements
     * @return e.g. {@code "<f8"} or {@code ">f8"}
     */
    public String descr(ByteOrder order) {
        return (order == ByteOrder.BIG_ENDIAN ? ">" : "<") + code;
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
     * The type a NumPy descriptor names, whatever its byte order: {@code <f8}, {@code >f8},
     * {@code =f8}, {@code |f8} and {@code f8} are all {@link #FLOAT64} (NumPy reads {@code =} and
     * {@code |} as native order). {@link #byteOrderOf} gives the order. Structured descriptors and
     * other types are rejected with a message naming the descriptor.
     *
     * <pre>{@code DType.fromDescr(">i4"); // INT32}</pre>
     *
     * @param descr the descriptor, e.g. {@code "<f8"}
     * @return the matching type
     * @throws IllegalArgumentException if the descriptor does not name one of the four supported types
     */
    public static DType fromDescr(String descr) {
        String code = code(descr);
        for (DType t : values()) {
            if (t.code.equals(code)) {
                return t;
            }
        }
        throw unsupported(descr);
    }

    /**
     * The byte order a NumPy descriptor names: {@code <} little-endian, {@code >} big-endian,
     * {@code =}, {@code |} or no prefix native ({@link ByteOrder#nativeOrder()}), as NumPy reads them.
     *
     * <pre>{@code DType.byteOrderOf(">f8"); // BIG_ENDIAN}</pre>
     *
     * @param descr a descriptor {@link #fromDescr} accepts
     * @return the order of the stored elements
     * @throws IllegalArgumentException if {@link #fromDescr} rejects the descriptor
     */
    public static ByteOrder byteOrderOf(String descr) {
        fromDescr(descr);
        return switch (descr.charAt(0)) {
            case '<' -> ByteOrder.LITTLE_ENDIAN;
            case '>' -> ByteOrder.BIG_ENDIAN;
            default -> ByteOrder.nativeOrder();
        };
    }

    private static String code(String descr) {
        if (descr == null || descr.isEmpty()) {
            throw unsupported(descr);
        }
        char c = descr.charAt(0);
        return c == '<' || c == '>' || c == '=' || c == '|' ? descr.substring(1) : descr;
    }

    private static IllegalArgumentException unsupported(String descr) {
        return new IllegalArgumentException("unsupported dtype descriptor '" + descr + "'; supported: f8 i8 f4 i4,"
                + " little- or big-endian (<f8 >f8 <i8 >i8 <f4 >f4 <i4 >i4)");
    }
}
