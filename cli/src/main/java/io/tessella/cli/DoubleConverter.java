package io.tessella.cli;

import java.util.Locale;
import picocli.CommandLine;

/**
 * Doubles as people type them on a command line: 1e9, -0.0, nan, inf, -inf (any case), NaN, Infinity.
 * Public for the {@code tessella spark} subcommands, whose options read numbers the same way; not an API.
 *
 * <pre>{@code @Option(names = "--sentinel", converter = DoubleConverter.class) double sentinel;}</pre>
 */
public final class DoubleConverter implements CommandLine.ITypeConverter<Double> {
    @Override
    public Double convert(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "nan", "+nan", "-nan" -> Double.NaN;
            case "inf", "+inf", "infinity", "+infinity" -> Double.POSITIVE_INFINITY;
            case "-inf", "-infinity" -> Double.NEGATIVE_INFINITY;
            default -> {
                try {
                    yield Double.parseDouble(value.trim());
                } catch (NumberFormatException e) {
                    throw new CommandLine.TypeConversionException("'" + value + "' is not a number");
                }
            }
        };
    }
}
