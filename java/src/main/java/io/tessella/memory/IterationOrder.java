package io.tessella.memory;

import java.util.Arrays;
import java.util.Objects;

/**
 * The order in which NumPy's iterator ({@code np.nditer}, under every ufunc and reduction) visits the
 * axes of its operands, and what follows from it for Tessella: which layout a fresh result takes, and
 * which axis a reduction's inner loop runs along (and so its summation order).
 *
 * <p>NumPy sorts the axes by the operands' absolute byte strides, smallest innermost, with a stable
 * insertion sort that starts from C order: an axis moves inwards past another only if every operand
 * that has a non-zero stride on both says so, axes of length 1 count as stride 0 (no opinion), and
 * ties keep C order. {@link #axes} reproduces that sort exactly. From it:
 * <ul>
 *   <li>{@link #fortranResult}: NumPy's {@code a + b} allocates its result in the iteration order
 *       (order 'K'), so all-Fortran inputs give a Fortran result, mixed ones a C result. The answer is
 *       what {@code np.save} would write as {@code fortran_order}, for the {@code .npy} header of a
 *       fresh output.</li>
 *   <li>{@link #fortranReduction}: the same for {@code a.sum(axis=-1)}.</li>
 *   <li>{@link #reducesAlongInnerLoop}: whether {@code a.sum(axis=-1)} runs its inner loop along the
 *       reduced axis (pairwise sums per row) or along another axis (a sequential sum per output).</li>
 * </ul>
 *
 * <p>Thread-safety: stateless.
 *
 * <pre>{@code
 * boolean fortran = IterationOrder.fortranResult(a, b);    // then NpyHeader/NpyFile fortran_order
 * int[] order = IterationOrder.axes(a);                    // outermost first: [1, 0] for a Fortran matrix
 * }</pre>
 */
public final class IterationOrder {

    private IterationOrder() {
    }

    /**
     * NumPy's iteration order over the axes of same-shape operands, outermost first: {@code [0, 1, ...,
     * n-1]} for C-order operands, {@code [n-1, ..., 0]} for Fortran-order ones.
     *
     * <pre>{@code IterationOrder.axes(m.transpose()); // [1, 0]}</pre>
     *
     * @param operands one or more arrays of the same shape
     * @return a permutation of the axes, outermost first
     * @throws IllegalArgumentException if there are no operands or their shapes differ
     */
    public static int[] axes(NdArray... operands) {
        long[] shape = sameShape(operands);
        int nd = shape.length;
        long[][] strides = new long[operands.length][];
        for (int op = 0; op < operands.length; op++) {
            strides[op] = operands[op].byteStrides();
            for (int k = 0; k < nd; k++) {
                if (shape[k] == 1) {
                    strides[op][k] = 0;
                }
            }
        }
        // perm[0] is the innermost axis; start from C order and insertion-sort, as nditer does.
        int[] perm = new int[nd];
        for (int i = 0; i < nd; i++) {
            perm[i] = nd - 1 - i;
        }
        for (int i0 = 1; i0 < nd; i0++) {
            int ipos = i0;
            int j0 = perm[i0];
            for (int i1 = i0 - 1; i1 >= 0; i1--) {
                int j1 = perm[i1];
                boolean ambiguous = true;
                boolean swap = false;
                for (long[] st : strides) {
                    if (st[j0] != 0 && st[j1] != 0) {
                        if (Math.abs(st[j1]) <= Math.abs(st[j0])) {
                            swap = false;
                        } else if (ambiguous) {
                            swap = true;
                        }
                        ambiguous = false;
                    }
                }
                if (!ambiguous) {
                    if (swap) {
                        ipos = i1;
                    } else {
                        break;
                    }
                }
            }
            if (ipos != i0) {
                System.arraycopy(perm, ipos, perm, ipos + 1, i0 - ipos);
                perm[ipos] = j0;
            }
        }
        int[] outermostFirst = new int[nd];
        for (int i = 0; i < nd; i++) {
            outermostFirst[i] = perm[nd - 1 - i];
        }
        return outermostFirst;
    }

    /**
     * Whether NumPy's elementwise result of these inputs ({@code np.add(a, b)}, any ufunc) is stored in
     * Fortran order, as {@code np.save} would record it: true when the result is Fortran-contiguous and
     * not C-contiguous. All-Fortran inputs give true; C, mixed C and Fortran, 1-d, 0-d and inputs with
     * at most one axis longer than 1 give false.
     *
     * <pre>{@code NpyFile.create(out, DType.FLOAT64, IterationOrder.fortranResult(a, b), shape);}</pre>
     *
     * @param inputs one or more arrays of the same shape
     * @return whether a fresh output should be Fortran-ordered
     * @throws IllegalArgumentException if there are no inputs or their shapes differ
     */
    public static boolean fortranResult(NdArray... inputs) {
        return isFortranOnly(inputs[0].shape(), axes(inputs));
    }

    /**
     * Whether NumPy's {@code in.sum(axis=-1)} (or min, max) is stored in Fortran order, as
     * {@code np.save} would record it: the result keeps the iteration order of the remaining axes.
     *
     * <pre>{@code boolean fortran = IterationOrder.fortranReduction(cube);}</pre>
     *
     * @param in the array reduced along its last axis (at least 1-d)
     * @return whether a fresh output should be Fortran-ordered
     * @throws IllegalArgumentException if {@code in} is 0-d
     */
    public static boolean fortranReduction(NdArray in) {
        int nd = in.ndim();
        if (nd == 0) {
            throw new IllegalArgumentException("in is 0-d; it has no last axis to reduce");
        }
        int[] order = axes(in);
        int[] kept = new int[nd - 1];
        int n = 0;
        for (int a : order) {
            if (a != nd - 1) {
                kept[n++] = a;
            }
        }
        return isFortranOnly(Arrays.copyOf(in.shape(), nd - 1), kept);
    }

    /**
     * Whether NumPy's {@code in.sum(axis=-1)} runs its inner loop along the reduced axis: true when that
     * axis is innermost in {@link #axes} (its absolute stride is the smallest among the axes longer than
     * 1, ties included), and for 1-d arrays. Then each row is one pairwise sum (for byte-swapped or
     * unaligned input, one per buffer of 8192 elements); otherwise each output is a sequential sum in
     * index order.
     *
     * <pre>{@code IterationOrder.reducesAlongInnerLoop(fortranMatrix); // false: a column-by-column sum}</pre>
     *
     * @param in an array of at least one axis
     * @return whether the reduced axis is the inner loop's
     * @throws IllegalArgumentException if {@code in} is 0-d
     */
    public static boolean reducesAlongInnerLoop(NdArray in) {
        int nd = in.ndim();
        if (nd == 0) {
            throw new IllegalArgumentException("in is 0-d; it has no last axis to reduce");
        }
        int[] order = axes(in);
        return order[nd - 1] == nd - 1;
    }

    /** Whether an array of this shape allocated in this axis order is F- and not C-contiguous. */
    private static boolean isFortranOnly(long[] shape, int[] outermostFirst) {
        long[] strides = new long[shape.length];
        long stride = Double.BYTES;
        for (int i = outermostFirst.length - 1; i >= 0; i--) {
            strides[outermostFirst[i]] = stride;
            stride *= shape[outermostFirst[i]];
        }
        return contiguous(shape, strides, false) && !contiguous(shape, strides, true);
    }

    private static boolean contiguous(long[] shape, long[] strides, boolean cOrder) {
        for (long d : shape) {
            if (d == 0) {
                return true;                            // NumPy: an empty array is both C- and F-contiguous
            }
        }
        long expected = Double.BYTES;
        for (int k = 0; k < shape.length; k++) {
            int i = cOrder ? shape.length - 1 - k : k;
            if (shape[i] != 1 && strides[i] != expected) {
                return false;
            }
            expected *= shape[i];
        }
        return true;
    }

    private static long[] sameShape(NdArray[] operands) {
        if (operands == null || operands.length == 0) {
            throw new IllegalArgumentException("operands is empty: at least one array is needed");
        }
        long[] shape = Objects.requireNonNull(operands[0], "operands[0]").shape();
        for (int i = 1; i < operands.length; i++) {
            long[] s = Objects.requireNonNull(operands[i], "operands[" + i + "]").shape();
            if (!Arrays.equals(s, shape)) {
                throw new IllegalArgumentException("operands[" + i + "] shape " + Arrays.toString(s) + " != operands[0] shape "
                        + Arrays.toString(shape));
            }
        }
        return shape;
    }
}
