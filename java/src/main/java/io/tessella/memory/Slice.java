package io.tessella.memory;

import java.util.ArrayList;
import java.util.List;

/**
 * One axis of a NumPy-style basic slice, {@code start:stop:step}, as a value. A {@code null} start or
 * stop means "omitted", exactly as {@code None} in Python: from the beginning (or, for a negative step,
 * the end) and through the end (or the beginning). Negative start and stop count from the end.
 *
 * <p>Resolution against an axis of length {@code n} follows Python's {@code slice.indices} except in one
 * place: an explicit start or stop outside {@code [-n, n]} is an error here, where NumPy silently clamps
 * it, because a silently shortened tile is a bug in tiling code rather than a convenience.
 *
 * <p>Thread-safety: an immutable record.
 *
 * <pre>{@code
 * NdArray r = ...;                                     // shape [100000, 10000]
 * NdArray block = r.slice(Slice.of(0, 333), Slice.from(1000)); // r[0:333, 1000:]
 * NdArray reversed = r.slice(Slice.all(), Slice.of(null, null, -1L)); // r[:, ::-1]
 * List<Slice> same = Slice.parse("0:333, 1000:");
 * }</pre>
 *
 * @param start first index, or null for the default
 * @param stop  index to stop before, or null for the default
 * @param step  distance between indices; never 0
 */
public record Slice(Long start, Long stop, long step) {

    /**
     * Validates the step.
     *
     * @throws IllegalArgumentException if {@code step == 0}
     */
    public Slice {
        if (step == 0) {
            throw new IllegalArgumentException("slice step = 0 is not allowed");
        }
    }

    /**
     * The whole axis, {@code :}.
     *
     * <pre>{@code a.slice(Slice.all(), Slice.of(i, i + 4)); // a[:, i:i+4]}</pre>
     *
     * @return {@code Slice(null, null, 1)}
     */
    public static Slice all() {
        return new Slice(null, null, 1);
    }

    /**
     * {@code start:stop} with step 1.
     *
     * <pre>{@code Slice.of(0, 333); // 0:333}</pre>
     *
     * @param start first index (negative counts from the end)
     * @param stop  index to stop before (negative counts from the end)
     * @return the slice
     */
    public static Slice of(long start, long stop) {
        return new Slice(start, stop, 1);
    }

    /**
     * {@code start:stop:step}; either bound may be null for "omitted".
     *
     * <pre>{@code Slice.of(null, null, -1L); // ::-1}</pre>
     *
     * @param start first index or null
     * @param stop  index to stop before or null
     * @param step  step, not 0
     * @return the slice
     */
    public static Slice of(Long start, Long stop, long step) {
        return new Slice(start, stop, step);
    }

    /**
     * {@code start:} — from {@code start} to the end.
     *
     * <pre>{@code Slice.from(1000); // 1000:}</pre>
     *
     * @param start first index
     * @return the slice
     */
    public static Slice from(long start) {
        return new Slice(start, null, 1);
    }

    /**
     * {@code :stop} — from the beginning up to {@code stop}.
     *
     * <pre>{@code Slice.to(-1); // :-1}</pre>
     *
     * @param stop index to stop before
     * @return the slice
     */
    public static Slice to(long stop) {
        return new Slice(null, stop, 1);
    }

    /**
     * Parses NumPy's slice syntax for several axes, comma-separated: {@code "0:333, 1000:"},
     * {@code ":, 2:6, ::-2"}. Each part is {@code [start]:[stop][:[step]]}; a part without a colon is
     * rejected (integer indexing drops an axis: use {@link NdArray#select}).
     *
     * <pre>{@code List<Slice> s = Slice.parse(":, 4:8, 4:8");}</pre>
     *
     * @param spec the slice text
     * @return one slice per comma-separated part
     * @throws IllegalArgumentException if a part is malformed, naming it
     */
    public static List<Slice> parse(String spec) {
        List<Slice> out = new ArrayList<>();
        for (String raw : spec.split(",", -1)) {
            String part = raw.strip();
            String[] f = part.split(":", -1);
            if (f.length < 2 || f.length > 3) {
                throw new IllegalArgumentException("slice part '" + part + "' of spec '" + spec
                        + "' is not of the form start:stop[:step]");
            }
            try {
                Long start = f[0].isBlank() ? null : Long.valueOf(f[0].strip());
                Long stop = f[1].isBlank() ? null : Long.valueOf(f[1].strip());
                long step = f.length == 3 && !f[2].isBlank() ? Long.parseLong(f[2].strip()) : 1;
                out.add(new Slice(start, stop, step));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("slice part '" + part + "' of spec '" + spec
                        + "' has a bound that is not an integer", e);
            }
        }
        return out;
    }

    /**
     * Resolves this slice against an axis of the given length, with Python's rules for omitted and
     * negative bounds.
     *
     * <pre>{@code
     * Slice.of(null, null, -2L).resolve(5, 0); // Range(start=4, step=-2, length=3): indices 4, 2, 0
     * }</pre>
     *
     * @param length the axis length
     * @param axis   the axis number, used only in error messages
     * @return the first index, step and number of selected indices
     * @throws IllegalArgumentException if an explicit bound lies outside {@code [-length, length]}
     */
    public Range resolve(long length, int axis) {
        long s = bound(start, "start", length, axis);
        long e = bound(stop, "stop", length, axis);
        long first;
        long end;
        if (step > 0) {
            first = start == null ? 0 : s;
            end = stop == null ? length : e;
        } else {
            // Python clamps an explicit start of n (or stop of n) to n-1 when walking backwards.
            first = start == null ? length - 1 : Math.min(s, length - 1);
            end = stop == null ? -1 : Math.min(e, length - 1);
        }
        long count;
        if (step > 0) {
            count = first < end ? (end - first - 1) / step + 1 : 0;
        } else {
            count = end < first ? (first - end - 1) / (-step) + 1 : 0;
        }
        return new Range(count == 0 ? 0 : first, step, count);
    }

    private static long bound(Long value, String what, long length, int axis) {
        if (value == null) {
            return 0;
        }
        long v = value;
        if (v < -length || v > length) {
            throw new IllegalArgumentException("slice " + what + " = " + v + " is out of range [" + (-length)
                    + ", " + length + "] for axis " + axis + " of length " + length);
        }
        return v < 0 ? v + length : v;
    }

    /**
     * The indices a slice selects on one axis: {@code start, start + step, ...}, {@code length} of them.
     *
     * <pre>{@code Range r = Slice.of(2, 8).resolve(10, 0); // start 2, step 1, length 6}</pre>
     *
     * @param start  first selected index (0 when nothing is selected)
     * @param step   distance between selected indices
     * @param length number of selected indices
     */
    public record Range(long start, long step, long length) {
    }

    @Override
    public String toString() {
        return (start == null ? "" : start) + ":" + (stop == null ? "" : stop) + (step == 1 ? "" : ":" + step);
    }
}
