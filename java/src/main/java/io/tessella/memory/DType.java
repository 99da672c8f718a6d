package io.tessella.memory;

import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Locale;

/**
 * The element types a Tessella array can hold, NumPy's real dtypes: {@code bool}, the signed and
 * unsigned integers of 8, 16, 32 and 64 bits, {@code float32} and {@code float64}; with the facts
 * kernels and file formats need about each: size in bytes, the {@link ValueLayout} of an element, its
 * kind, and NumPy's descriptor string (the {@code descr} of a {@code .npy} header).
 *
 * <p>A dtype says what an element is, not how its bytes are ordered: byte order is a property of an
 * array ({@link NdArray#byteOrder()}), as in a {@code .npy} file whose descriptor is {@code >f8}. The
 * descriptor's first character carries the order ({@code <} little-endian, {@code >} big-endian,
 * {@code =} and {@code |} native, as NumPy reads them; one-byte types have none and are written with
 * {@code |}); {@link #fromDescr} and {@link #byteOrderOf} split a descriptor into the two.
 * {@link #layout()} is the little-endian layout, what Tessella writes.
 *
 * <p>Which dtype an operation computes in is NumPy 2's decision, made in one place:
 * {@link Promotion}; which conversions are allowed, {@link Casting}; how a value converts, {@link Cast}.
 *
 * <p>Thread-safety: an enum; immutable.
 *
 * <pre>{@code
 * DType t = DType.fromDescr(">f4");                  // FLOAT32
 * ByteOrder o = DType.byteOrderOf(">f4");           // BIG_ENDIAN
 * long bytes = t.byteSize() * 1_000_000;              // 4 MB for a million elements
 * DType u = DType.fromName("uint16");                 // UINT16, NumPy's name
 * }</pre>
 */
public enum DType {
    /** NumPy {@code bool}: one byte, 0 (False) or 1 (True); descriptor {@code |b1}. */
    BOOL(ValueLayout.JAVA_BYTE, 'b', 1, "bool"),
    /** Signed 8-bit integer, NumPy {@code int8}, descriptor {@code |i1}. */
    INT8(ValueLayout.JAVA_BYTE, 'i', 1, "int8"),
    /** Unsigned 8-bit integer, NumPy {@code uint8} (images), descriptor {@code |u1}. */
    UINT8(ValueLayout.JAVA_BYTE, 'u', 1, "uint8"),
    /** Signed 16-bit integer, NumPy {@code int16}, descriptor {@code <i2}. */
    INT16(ValueLayout.JAVA_SHORT, 'i', 2, "int16"),
    /** Unsigned 16-bit integer, NumPy {@code uint16}, descriptor {@code <u2}. */
    UINT16(ValueLayout.JAVA_SHORT, 'u', 2, "uint16"),
    /** Signed 32-bit integer, NumPy {@code int32}, descriptor {@code <i4}. */
    INT32(ValueLayout.JAVA_INT, 'i', 4, "int32"),
    /** Unsigned 32-bit integer, NumPy {@code uint32}, descriptor {@code <u4}. */
    UINT32(ValueLayout.JAVA_INT, 'u', 4, "uint32"),
    /** Signed 64-bit integer, NumPy {@code int64}, descriptor {@code <i8}. */
    INT64(ValueLayout.JAVA_LONG, 'i', 8, "int64"),
    /**
     * Unsigned 64-bit integer, NumPy {@code uint64}, descriptor {@code <u8}: what NumPy's {@code sum}
     * of unsigned integers gives. Held in a Java {@code long} with the same bits ({@link Long#toUnsignedString}).
     */
    UINT64(ValueLayout.JAVA_LONG, 'u', 8, "uint64"),
    /** IEEE 754 single, NumPy {@code float32} (most climate grids), descriptor {@code <f4}. */
    FLOAT32(ValueLayout.JAVA_FLOAT, 'f', 4, "float32"),
    /** IEEE 754 double, NumPy {@code float64}, descriptor {@code <f8}. */
    FLOAT64(ValueLayout.JAVA_DOUBLE, 'f', 8, "float64");

    private final ValueLayout layout;
    private final char kind;
    private final int size;
    private final String numpyName;

    DType(ValueLayout layout, char kind, int size, String numpyName) {
        this.layout = layout.withOrder(ByteOrder.LITTLE_ENDIAN);
        this.kind = kind;
        this.size = size;
        this.numpyName = numpyName;
    }

    /**
     * Size of one element in bytes: 1, 2, 4 or 8.
     *
     * <pre>{@code long n = DType.INT16.byteSize(); // 2}</pre>
     *
     * @return the element size in bytes
     */
    public long byteSize() {
        return size;
    }

    /**
     * The little-endian, naturally aligned layout of one element: {@code ValueLayout.OfByte} for
     * {@link #BOOL}, {@link #INT8} and {@link #UINT8}, {@code OfShort} for the 16-bit integers,
     * {@code OfInt} for the 32-bit ones, {@code OfLong} for the 64-bit ones, {@code OfFloat} for
     * {@link #FLOAT32} and {@code OfDouble} for {@link #FLOAT64}. Unsigned integers share their signed
     * twin's layout (Java has no unsigned types; the bits are the same). For an array in another byte
     * order, {@code layout().withOrder(array.byteOrder())}.
     *
     * <pre>{@code var l = (ValueLayout.OfShort) DType.UINT16.layout();}</pre>
     *
     * @return the element layout
     */
    public ValueLayout layout() {
        return layout;
    }

    /**
     * NumPy's kind character: {@code 'b'} boolean, {@code 'i'} signed integer, {@code 'u'} unsigned
     * integer, {@code 'f'} floating point ({@code np.dtype(...).kind}).
     *
     * <pre>{@code DType.UINT8.kind(); // 'u'}</pre>
     *
     * @return the kind
     */
    public char kind() {
        return kind;
    }

    /**
     * NumPy's name of the type, as {@code str(np.dtype(...))} prints it and {@link #fromName} reads it.
     *
     * <pre>{@code DType.FLOAT32.numpyName(); // "float32"}</pre>
     *
     * @return e.g. {@code "bool"}, {@code "uint16"}, {@code "float64"}
     */
    public String numpyName() {
        return numpyName;
    }

    /**
     * NumPy's little-endian descriptor for this type, as Tessella writes it in {@code .npy} headers
     * (one-byte types with NumPy's {@code |}: they have no byte order).
     *
     * <pre>{@code DType.FLOAT32.descr(); // "<f4";  DType.UINT8.descr(); // "|u1"}</pre>
     *
     * @return e.g. {@code "<f8"}, {@code "<i2"}, {@code "|b1"}
     */
    public String descr() {
        return descr(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * NumPy's descriptor for this type stored in the given byte order ({@code |} for one-byte types,
     * whatever the order, as NumPy writes them).
     *
     * <pre>{@code DType.FLOAT64.descr(ByteOrder.BIG_ENDIAN); // ">f8"}</pre>
     *
     * @param order the byte order of the stored elements
     * @return e.g. {@code "<f8"} or {@code ">f8"}
     */
    public String descr(ByteOrder order) {
        String code = String.valueOf(kind) + size;
        if (size == 1) {
            return "|" + code;
        }
        return (order == ByteOrder.BIG_ENDIAN ? ">" : "<") + code;
    }

    /**
     * Whether this is a floating-point type ({@link #FLOAT32}, {@link #FLOAT64}).
     *
     * <pre>{@code DType.INT64.isFloating(); // false}</pre>
     *
     * @return true for the floating-point types
     */
    public boolean isFloating() {
        return kind == 'f';
    }

    /**
     * Whether this is an integer type, signed or unsigned ({@link #BOOL} is not).
     *
     * <pre>{@code DType.UINT16.isInteger(); // true}</pre>
     *
     * @return true for the eight integer types
     */
    public boolean isInteger() {
        return kind == 'i' || kind == 'u';
    }

    /**
     * Whether this is an unsigned integer type.
     *
     * <pre>{@code DType.UINT8.isUnsigned(); // true}</pre>
     *
     * @return true for {@link #UINT8}, {@link #UINT16}, {@link #UINT32}, {@link #UINT64}
     */
    public boolean isUnsigned() {
        return kind == 'u';
    }

    /**
     * The type a NumPy descriptor names, whatever its byte order: {@code <f8}, {@code >f8},
     * {@code =f8}, {@code |f8} and {@code f8} are all {@link #FLOAT64} (NumPy reads {@code =} and
     * {@code |} as native order); {@code ?} and {@code b1} are {@link #BOOL}. {@link #byteOrderOf}
     * gives the order. Structured descriptors and other types are rejected with a message naming the
     * descriptor.
     *
     * <pre>{@code DType.fromDescr(">i2"); // INT16}</pre>
     *
     * @param descr the descriptor, e.g. {@code "<f8"}
     * @return the matching type
     * @throws IllegalArgumentException if the descriptor does not name a supported type
     */
    public static DType fromDescr(String descr) {
        String code = code(descr);
        if (code.equals("?")) {
            return BOOL;
        }
        for (DType t : values()) {
            if (code.equals(String.valueOf(t.kind) + t.size)) {
                return t;
            }
        }
        throw unsupported(descr);
    }

    /**
     * The type NumPy calls {@code name} ({@code np.dtype(name)} for the names of {@link #numpyName}), in
     * any case: {@code bool}, {@code int8} ... {@code uint64}, {@code float32}, {@code float64}, and the
     * descriptors {@link #fromDescr} reads ({@code f4}, {@code <i2}).
     *
     * <pre>{@code DType.fromName("float32"); // FLOAT32}</pre>
     *
     * @param name a NumPy type name or descriptor
     * @return the matching type
     * @throws IllegalArgumentException naming {@code name} and the accepted names
     */
    public static DType fromName(String name) {
        if (name != null) {
            String n = name.strip().toLowerCase(Locale.ROOT);
            for (DType t : values()) {
                if (t.numpyName.equals(n)) {
                    return t;
                }
            }
            try {
                return fromDescr(n);
            } catch (IllegalArgumentException e) {
                // The message below lists the names.
            }
        }
        throw new IllegalArgumentException("dtype '" + name + "' is not one of " + names());
    }

    /** {@code bool, int8, uint8, ..., float64}: the names {@link #fromName} accepts, for messages. */
    static String names() {
        StringBuilder s = new StringBuilder();
        for (DType t : values()) {
            s.append(s.isEmpty() ? "" : ", ").append(t.numpyName);
        }
        return s.toString();
    }

    /**
     * The byte order a NumPy descriptor names: {@code <} little-endian, {@code >} big-endian,
     * {@code =}, {@code |} or no prefix native ({@link ByteOrder#nativeOrder()}), as NumPy reads them;
     * one-byte types have no order and give {@link ByteOrder#LITTLE_ENDIAN}, whatever the prefix.
     *
     * <pre>{@code DType.byteOrderOf(">f8"); // BIG_ENDIAN}</pre>
     *
     * @param descr a descriptor {@link #fromDescr} accepts
     * @return the order of the stored elements
     * @throws IllegalArgumentException if {@link #fromDescr} rejects the descriptor
     */
    public static ByteOrder byteOrderOf(String descr) {
        if (fromDescr(descr).size == 1) {
            return ByteOrder.LITTLE_ENDIAN;
        }
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
        return new IllegalArgumentException("unsupported dtype descriptor '" + descr + "'; supported: b1 i1 u1 i2 u2 i4 u4"
                + " i8 u8 f4 f8, little- or big-endian (e.g. <f4 >f4 <i2 |u1 |b1)");
    }
}
