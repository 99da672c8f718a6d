package io.tessella.io;

import io.tessella.memory.DType;
import io.tessella.memory.NdArray;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The header of a {@code .npy} file (NumPy format versions 1.0, 2.0 and 3.0): element type, the byte
 * order of the stored elements, memory order, shape, the format version, and where the data starts.
 *
 * <p>{@link #encode(DType, boolean, long[])} produces exactly the bytes NumPy 2.x writes for the same
 * array (same key order, the 21-digit growth padding, 64-byte alignment, version 1.0 unless the header
 * needs more than 65535 bytes), so a file written by Tessella is byte-identical to NumPy's.
 *
 * <p>Thread-safety: an immutable record (the shape is copied in and out).
 *
 * <pre>{@code
 * NpyHeader h = NpyFile.readHeader(Path.of("a.npy"));
 * if (h.dtype() == DType.FLOAT64 && !h.fortranOrder()) { ... }
 * if (h.byteOrder() == ByteOrder.BIG_ENDIAN) { ... }   // descr '>f8'
 * }</pre>
 *
 * @param dtype        element type
 * @param fortranOrder whether the data is in Fortran (column-major) order
 * @param shape        axis lengths
 * @param major        format major version (1, 2 or 3)
 * @param minor        format minor version (0)
 * @param dataOffset   byte offset of the first element in the file (the full header length)
 * @param byteOrder    byte order of the stored elements: the descriptor's {@code <} or {@code >}
 *                     ({@code =} and {@code |} read as native order, as NumPy reads them)
 */
public record NpyHeader(DType dtype, boolean fortranOrder, long[] shape, int major, int minor, long dataOffset,
                        ByteOrder byteOrder) {

    static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int ARRAY_ALIGN = 64;
    private static final int GROWTH_AXIS_MAX_DIGITS = 21;

    /**
     * Copies the shape so the record stays immutable.
     */
    public NpyHeader {
        shape = shape.clone();
        Objects.requireNonNull(byteOrder, "byteOrder");
    }

    /**
     * A header of little-endian data ({@code <f8}), what Tessella and NumPy on x86-64 write.
     *
     * <pre>{@code new NpyHeader(DType.FLOAT64, false, new long[] {3, 4}, 1, 0, 128);}</pre>
     *
     * @param dtype        element type
     * @param fortranOrder whether the data is in Fortran order
     * @param shape        axis lengths
     * @param major        format major version
     * @param minor        format minor version
     * @param dataOffset   byte offset of the first element
     */
    public NpyHeader(DType dtype, boolean fortranOrder, long[] shape, int major, int minor, long dataOffset) {
        this(dtype, fortranOrder, shape, major, minor, dataOffset, ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * The axis lengths, as a fresh copy.
     *
     * <pre>{@code long rows = header.shape()[0];}</pre>
     *
     * @return a copy of the shape
     */
    @Override
    public long[] shape() {
        return shape.clone();
    }

    /**
     * Number of data bytes the header describes: elements times element size.
     *
     * <pre>{@code long needed = h.dataOffset() + h.dataBytes();}</pre>
     *
     * @return the data size in bytes
     * @throws IllegalArgumentException if it overflows a long
     */
    public long dataBytes() {
        long n = dtype.byteSize();
        try {
            for (long d : shape) {
                n = Math.multiplyExact(n, d);
            }
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " of " + dtype
                    + " needs more than Long.MAX_VALUE bytes", e);
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NpyHeader h && h.dtype == dtype && h.fortranOrder == fortranOrder
                && Arrays.equals(h.shape, shape) && h.major == major && h.minor == minor && h.dataOffset == dataOffset
                && h.byteOrder.equals(byteOrder);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(shape) * 31 + dtype.hashCode();
    }

    @Override
    public String toString() {
        return "NpyHeader[descr '" + dtype.descr(byteOrder) + "', fortran_order " + fortranOrder + ", shape "
                + pythonTuple(shape) + ", version " + major + "." + minor + ", data at " + dataOffset + "]";
    }

    /**
     * The header bytes NumPy 2.x writes for an array of this type, order and shape.
     *
     * <pre>{@code byte[] h = NpyHeader.encode(DType.FLOAT64, false, new long[] {3, 4}); // 128 bytes}</pre>
     *
     * @param dtype        element type
     * @param fortranOrder whether data will be written in Fortran order
     * @param shape        axis lengths (each {@code >= 0})
     * @return the complete header, magic string to final newline
     * @throws IllegalArgumentException if a length is negative
     */
    public static byte[] encode(DType dtype, boolean fortranOrder, long[] shape) {
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] < 0) {
                throw new IllegalArgumentException("shape[" + i + "] = " + shape[i] + " is negative");
            }
        }
        StringBuilder dict = new StringBuilder("{'descr': '").append(dtype.descr()).append("', 'fortran_order': ")
                .append(fortranOrder ? "True" : "False").append(", 'shape': ").append(pythonTuple(shape)).append(", }");
        if (shape.length > 0) {
            // NumPy leaves room to grow the outermost axis in place.
            long growth = shape[fortranOrder ? shape.length - 1 : 0];
            dict.append(" ".repeat(Math.max(0, GROWTH_AXIS_MAX_DIGITS - Long.toString(growth).length())));
        }
        byte[] text = dict.toString().getBytes(StandardCharsets.ISO_8859_1);
        int major = 1;
        int lengthBytes = 2;
        int hlen = text.length + 1;
        int padlen = ARRAY_ALIGN - ((MAGIC.length + 2 + lengthBytes + hlen) % ARRAY_ALIGN);
        if (hlen + padlen > 0xFFFF) {
            major = 2;
            lengthBytes = 4;
            padlen = ARRAY_ALIGN - ((MAGIC.length + 2 + lengthBytes + hlen) % ARRAY_ALIGN);
        }
        int total = MAGIC.length + 2 + lengthBytes + hlen + padlen;
        ByteBuffer b = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).put((byte) major).put((byte) 0);
        if (lengthBytes == 2) {
            b.putShort((short) (hlen + padlen));
        } else {
            b.putInt(hlen + padlen);
        }
        b.put(text);
        for (int i = 0; i < padlen; i++) {
            b.put((byte) ' ');
        }
        b.put((byte) '\n');
        return b.array();
    }

    private static String pythonTuple(long[] shape) {
        if (shape.length == 1) {
            return "(" + shape[0] + ",)";
        }
        return Arrays.stream(shape).mapToObj(Long::toString).collect(Collectors.joining(", ", "(", ")"));
    }

    /**
     * Parses a header from the file's leading bytes.
     *
     * @param source   file name for messages
     * @param prefix   at least the first 12 bytes of the file (fewer only if the file is shorter)
     * @param fileSize the file's size
     * @param reader   reads {@code length} bytes at {@code offset}
     */
    static NpyHeader parse(String source, byte[] prefix, long fileSize, HeaderReader reader) {
        if (prefix.length < MAGIC.length + 2 || !Arrays.equals(Arrays.copyOf(prefix, MAGIC.length), MAGIC)) {
            throw new IllegalArgumentException("file " + source + " is not a .npy file: it does not start with"
                    + " the magic string \\x93NUMPY (first bytes " + hex(prefix) + ")");
        }
        int major = prefix[6] & 0xFF;
        int minor = prefix[7] & 0xFF;
        int lengthBytes = switch (major) {
            case 1 -> 2;
            case 2, 3 -> 4;
            default -> throw new IllegalArgumentException("file " + source + " has unsupported .npy format version "
                    + major + "." + minor + " (supported: 1.0, 2.0, 3.0)");
        };
        if (minor != 0) {
            throw new IllegalArgumentException("file " + source + " has unsupported .npy format version "
                    + major + "." + minor + " (supported: 1.0, 2.0, 3.0)");
        }
        int prefixLength = MAGIC.length + 2 + lengthBytes;
        if (prefix.length < prefixLength) {
            throw new IllegalArgumentException("file " + source + " has a truncated header: " + fileSize
                    + " bytes, fewer than the " + prefixLength + "-byte preamble");
        }
        ByteBuffer b = ByteBuffer.wrap(prefix).order(ByteOrder.LITTLE_ENDIAN);
        long hlen = lengthBytes == 2 ? Short.toUnsignedLong(b.getShort(8)) : Integer.toUnsignedLong(b.getInt(8));
        long dataOffset = prefixLength + hlen;
        if (dataOffset > fileSize) {
            throw new IllegalArgumentException("file " + source + " has a truncated header: it claims "
                    + hlen + " header bytes after the preamble but the file has only " + fileSize + " bytes");
        }
        if (hlen > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("file " + source + " claims a header of " + hlen + " bytes");
        }
        byte[] raw = reader.read(prefixLength, (int) hlen);
        String text = new String(raw, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Map<String, Object> dict = new Literal(source, text).dict();
        if (!dict.keySet().equals(java.util.Set.of("descr", "fortran_order", "shape"))) {
            throw new IllegalArgumentException("file " + source + " has a corrupt header: keys "
                    + Untrusted.quote(dict.keySet().toString())
                    + " are not exactly descr, fortran_order, shape; header: " + Untrusted.quote(text.strip()));
        }
        Object descr = dict.get("descr");
        if (!(descr instanceof String d)) {
            throw new IllegalArgumentException("unsupported dtype descriptor " + Literal.repr(descr) + " in file "
                    + source + "; supported: b1 i1 u1 i2 u2 i4 u4 i8 u8 f4 f8, little- or big-endian (e.g. <f4 >f4 <i2 |u1 |b1)");
        }
        if (!d.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            throw new IllegalArgumentException("unsupported dtype descriptor " + Untrusted.quote(d) + " in file " + source);
        }
        DType dtype;
        ByteOrder byteOrder;
        try {
            dtype = DType.fromDescr(d);
            byteOrder = DType.byteOrderOf(d);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + DescrAdvice.forDescr(d) + " (in file " + source + ")", e);
        }
        if (!(dict.get("fortran_order") instanceof Boolean fortran)) {
            throw new IllegalArgumentException("file " + source + " has a corrupt header: fortran_order = "
                    + Literal.repr(dict.get("fortran_order")) + " is not True or False");
        }
        if (!(dict.get("shape") instanceof List<?> dims)) {
            throw new IllegalArgumentException("file " + source + " has a corrupt header: shape = "
                    + Literal.repr(dict.get("shape")) + " is not a tuple");
        }
        long[] shape = new long[dims.size()];
        for (int i = 0; i < shape.length; i++) {
            if (!(dims.get(i) instanceof Long n) || n < 0) {
                throw new IllegalArgumentException("file " + source + " has a corrupt header: shape[" + i + "] = "
                        + Literal.repr(dims.get(i)) + " is not a non-negative integer");
            }
            shape[i] = n;
        }
        NpyHeader h = new NpyHeader(dtype, fortran, shape, major, minor, dataOffset, byteOrder);
        long needed;
        try {
            needed = Math.addExact(dataOffset, h.dataBytes());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("file " + source + " has a header whose data size overflows: " + h, e);
        }
        if (fileSize < needed) {
            throw new IllegalArgumentException("file " + source + " is " + fileSize + " bytes but its header ("
                    + "descr '" + dtype.descr(byteOrder) + "', shape " + pythonTuple(shape) + ") needs " + needed
                    + ": the data is truncated");
        }
        // Validates strides for this shape too, rejecting element counts that overflow.
        NdArray.cStrides(dtype, shape);
        return h;
    }

    /**
     * Reads and validates the header of a {@code .npy} file held anywhere (a Hadoop file system, an
     * object store), through positioned reads: the same checks and messages as {@link NpyFile#readHeader}.
     *
     * <pre>{@code NpyHeader h = NpyHeader.read("hdfs://nn/a.npy", status.getLen(), (off, len) -> readAt(in, off, len));}</pre>
     *
     * @param source   the file's name, for messages
     * @param fileSize the file's size in bytes
     * @param reader   reads exactly {@code length} bytes at {@code offset} (it may throw {@link java.io.UncheckedIOException})
     * @throws IllegalArgumentException if the file is not a supported .npy file, or is truncated
     */
    public static NpyHeader read(String source, long fileSize, HeaderReader reader) {
        java.util.Objects.requireNonNull(reader, "reader");
        if (fileSize < 0) {
            throw new IllegalArgumentException("fileSize = " + fileSize + " is negative (file " + source + ")");
        }
        return parse(source, reader.read(0, (int) Math.min(fileSize, MAGIC.length + 6)), fileSize, reader);
    }

    /**
     * Positioned reads of a file's bytes, for {@link #read(String, long, HeaderReader)}.
     *
     * <p>Thread-safety: called from the reading thread only.
     */
    @FunctionalInterface
    public interface HeaderReader {
        /** Exactly {@code length} bytes of the file from byte {@code offset}. */
        byte[] read(long offset, int length);
    }

    private static String hex(byte[] bytes) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < Math.min(bytes.length, 8); i++) {
            s.append(String.format("%02x", bytes[i] & 0xFF));
        }
        return s.isEmpty() ? "<none>" : s.toString();
    }

    /** The subset of Python literal syntax that .npy headers use: dicts, tuples, lists, strings, ints, booleans. */
    private static final class Literal {
        /** Deeper than any header NumPy writes (two levels), shallow enough that no file can exhaust the stack. */
        private static final int MAX_DEPTH = 16;
        private final String source;
        private final String text;
        private int pos;
        private int depth;

        Literal(String source, String text) {
            this.source = source;
            this.text = text;
        }

        Map<String, Object> dict() {
            skip();
            Object v = value();
            skip();
            if (pos != text.length() || !(v instanceof Map<?, ?> m)) {
                throw corrupt("expected a single dict literal");
            }
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, val) -> out.put(String.valueOf(k), val));
            return out;
        }

        private Object value() {
            skip();
            if (pos >= text.length()) {
                throw corrupt("unexpected end");
            }
            if (++depth > MAX_DEPTH) {
                throw corrupt("nesting deeper than " + MAX_DEPTH + " levels");
            }
            try {
                return valueAt();
            } finally {
                depth--;
            }
        }

        private Object valueAt() {
            char c = text.charAt(pos);
            switch (c) {
                case '{': {
                    pos++;
                    Map<Object, Object> m = new LinkedHashMap<>();
                    while (true) {
                        skip();
                        if (peek('}')) {
                            pos++;
                            return m;
                        }
                        Object k = value();
                        skip();
                        expect(':');
                        Object v = value();
                        if (m.put(k, v) != null) {
                            throw corrupt("duplicate key " + repr(k));
                        }
                        skip();
                        if (peek(',')) {
                            pos++;
                        } else if (!peek('}')) {
                            throw corrupt("expected ',' or '}'");
                        }
                    }
                }
                case '(':
                case '[': {
                    char close = c == '(' ? ')' : ']';
                    pos++;
                    List<Object> items = new ArrayList<>();
                    while (true) {
                        skip();
                        if (peek(close)) {
                            pos++;
                            return items;
                        }
                        items.add(value());
                        skip();
                        if (peek(',')) {
                            pos++;
                        } else if (!peek(close)) {
                            throw corrupt("expected ',' or '" + close + "'");
                        }
                    }
                }
                case '\'':
                case '"': {
                    int end = text.indexOf(c, pos + 1);
                    if (end < 0) {
                        throw corrupt("unterminated string");
                    }
                    String s = text.substring(pos + 1, end);
                    pos = end + 1;
                    return s;
                }
                default: {
                    int start = pos;
                    while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos))
                            || text.charAt(pos) == '-' || text.charAt(pos) == '_')) {
                        pos++;
                    }
                    String word = text.substring(start, pos);
                    switch (word) {
                        case "True":
                            return Boolean.TRUE;
                        case "False":
                            return Boolean.FALSE;
                        case "None":
                            return "None";
                        default:
                            break;
                    }
                    // Python 2 wrote long integers with an L suffix.
                    String digits = word.endsWith("L") ? word.substring(0, word.length() - 1) : word;
                    try {
                        return Long.valueOf(digits);
                    } catch (NumberFormatException e) {
                        pos = start;
                        throw corrupt("unexpected token " + Untrusted.quote(word));
                    }
                }
            }
        }

        private void skip() {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
        }

        private boolean peek(char c) {
            return pos < text.length() && text.charAt(pos) == c;
        }

        private void expect(char c) {
            if (!peek(c)) {
                throw corrupt("expected '" + c + "'");
            }
            pos++;
        }

        private IllegalArgumentException corrupt(String what) {
            return new IllegalArgumentException("file " + source + " has a corrupt header: " + what + " at character "
                    + pos + " of " + Untrusted.quote(text.strip()));
        }

        static String repr(Object v) {
            if (v instanceof String s) {
                return Untrusted.quote(s);
            }
            if (v instanceof List<?> l) {
                return l.stream().map(Literal::repr).collect(Collectors.joining(", ", "[", "]"));
            }
            return String.valueOf(v);
        }
    }
}
