package io.tessella.tiling;

/**
 * A {@link Cut} resolved against one axis length: the piece boundaries, computed arithmetically so that
 * a cut into 10<sup>9</sup> pieces costs no memory. Immutable.
 */
final class AxisCut {
    private final Cut cut;
    private final long length;
    private final long pieces;
    /** Units for {@link Cut.Parts}: the axis length counted in {@code multipleOf}-sized units. */
    private final long units;
    /** Split points for {@link Cut.At}, copied once because the record accessor copies on every call. */
    private final long[] points;

    private AxisCut(Cut cut, long length, long pieces, long units, long[] points) {
        this.cut = cut;
        this.length = length;
        this.pieces = pieces;
        this.units = units;
        this.points = points;
    }

    static AxisCut of(Cut cut, long length, int axis) {
        if (length < 0) {
            throw new IllegalArgumentException("shape[" + axis + "] = " + length + " must be >= 0");
        }
        return switch (cut) {
            case Cut.Whole w -> new AxisCut(w, length, 1, 0, null);
            case Cut.Parts p -> new AxisCut(p, length, p.count(), ceilDiv(length, p.multipleOf()), null);
            case Cut.Blocks b -> new AxisCut(b, length, ceilDiv(length, b.size()), 0, null);
            case Cut.At at -> {
                long[] points = at.points();
                if (points.length > 0 && points[points.length - 1] > length) {
                    throw new IllegalArgumentException("axis " + axis + ": split point " + points[points.length - 1]
                            + " > length " + length);
                }
                yield new AxisCut(at, length, points.length + 1L, 0, points);
            }
        };
    }

    Cut cut() {
        return cut;
    }

    long length() {
        return length;
    }

    long pieces() {
        return pieces;
    }

    /** The start of piece {@code i}; {@code boundary(pieces())} is the axis length. */
    long boundary(long i) {
        if (i == 0) {
            return 0;
        }
        if (i == pieces) {
            return length;
        }
        return switch (cut) {
            case Cut.Whole w -> throw new AssertionError("whole axis has no interior boundary");
            case Cut.Parts p -> {
                long u = arraySplitBoundary(units, p.count(), i);
                // u < units here, so u * multipleOf < length and cannot overflow.
                yield u >= units ? length : u * p.multipleOf();
            }
            case Cut.Blocks b -> i * b.size();
            case Cut.At at -> points[(int) (i - 1)];
        };
    }

    /** NumPy's {@code array_split}: the first {@code n % parts} sections are one longer. */
    static long arraySplitBoundary(long n, long parts, long i) {
        long q = n / parts;
        long r = n % parts;
        return i * q + Math.min(i, r);
    }

    static long ceilDiv(long a, long b) {
        return a == 0 ? 0 : (a - 1) / b + 1;
    }
}
