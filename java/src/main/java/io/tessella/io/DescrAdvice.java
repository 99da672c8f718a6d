package io.tessella.io;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What to tell someone whose {@code .npy} file has a dtype Tessella does not compute on: the NumPy line
 * that converts it to one it does, or why there is none. Kept beside the header parser, the one place
 * that meets such files.
 */
final class DescrAdvice {
    private static final Pattern TYPESTR = Pattern.compile("^([<>|=]?)([a-zA-Z])(\\d*)$");

    private DescrAdvice() {
    }

    /** A clause starting with "; " naming the fix for {@code descr}, or "" when there is none to give. */
    static String forDescr(String descr) {
        Matcher m = TYPESTR.matcher(descr);
        if (!m.matches()) {
            return "; Tessella reads plain numeric arrays, not structured ones: save one field, e.g. np.save(path, a['field'])";
        }
        String kind = m.group(2);
        int size = m.group(3).isEmpty() ? 0 : Integer.parseInt(m.group(3));
        return switch (kind) {
            case "f" -> size < 4 ? "; convert it in NumPy with a.astype('<f4')" : "; convert it in NumPy with a.astype('<f8')";
            case "c" -> "; Tessella computes on real numbers: save a.real.astype('<f8') or np.abs(a).astype('<f8')";
            case "i" -> "; convert it in NumPy with a.astype('<i8')";
            case "u" -> "; convert it in NumPy with a.astype('<u8')";
            case "b", "?" -> "; convert it in NumPy with a.astype('|b1')";
            case "M", "m" -> "; convert it in NumPy with a.astype('<i8') (the count of its time unit)";
            case "O" -> "; an object array holds Python objects, not numbers: convert it with a.astype('<f8') if they are numbers";
            case "S", "U", "a" -> "; a string array is not numeric: parse it, e.g. a.astype('<f8')";
            default -> "";
        };
    }
}
