package io.tessella.cli;

import io.tessella.jobs.ArrayOps;
import io.tessella.memory.Casting;
import io.tessella.memory.DType;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The options of the array commands that choose the computation dtype, NumPy's {@code dtype=} and
 * {@code casting=}: {@code --dtype} forces the dtype the result is computed in and written as, and
 * {@code --casting} is the rule every input's conversion to it must pass ({@code same_kind} unless
 * given, NumPy's default), checked before anything is written.
 *
 * <pre>{@code @Mixin DtypeOptions dtypes;  ...  ArrayOps ops = dtypes.apply(run.ops());}</pre>
 */
final class DtypeOptions {
    @Option(names = "--dtype", paramLabel = "DTYPE",
            description = "Compute in and write this dtype, as NumPy's dtype= (bool, int8, uint8, int16, uint16, int32, uint32, int64, uint64,"
                    + " float32, float64); default: the dtype NumPy's result would have.")
    String dtype;

    @Option(names = "--casting", paramLabel = "no|equiv|safe|same_kind|unsafe", defaultValue = "same_kind",
            description = "The rule converting an input to --dtype must pass (default: ${DEFAULT-VALUE}, NumPy's); unsafe allows any,"
                    + " converting out-of-range values as NumPy's astype does.")
    String casting;

    /** The forced dtype, or null for NumPy's choice. */
    DType dtype() {
        if (dtype == null) {
            return null;
        }
        try {
            return DType.fromName(dtype);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--dtype " + dtype + " is not one of bool, int8, uint8, int16, uint16, int32, uint32, int64, uint64,"
                    + " float32, float64", e);
        }
    }

    Casting casting() {
        try {
            return Casting.parse(casting);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--casting " + casting + " is not one of no, equiv, safe, same_kind, unsafe", e);
        }
    }

    /** {@code ops} computing in the forced dtype (if any) under the casting rule. */
    ArrayOps apply(ArrayOps ops) {
        return ops.dtype(dtype()).casting(casting());
    }

    /**
     * Refuses, before any work, an input the casting rule does not let become the computation dtype,
     * naming both options: {@code --dtype int16: cannot cast --a a.npy from float64 to int16 with --casting
     * same_kind; --casting unsafe allows it}.
     */
    void checkInput(String option, Path path, DType from, DType to) {
        Casting rule = casting();
        if (!rule.canCast(from, to)) {
            throw new IllegalArgumentException("--dtype " + dtype + ": cannot cast " + option + " " + path + " from " + from.numpyName() + " to "
                    + to.numpyName() + " with --casting " + rule.numpyName() + "; --casting unsafe allows it");
        }
    }
}
