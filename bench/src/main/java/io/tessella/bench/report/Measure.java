package io.tessella.bench.report;

import java.util.Locale;

/**
 * One measured value and its JMH error (the half-width of the 99.9% confidence interval; NaN when
 * there were too few iterations to compute one). Immutable.
 *
 * <pre>{@code
 * new Measure(5.762680826e10, 9.570163620e9).scaled(1e-9).format()    // "57.6 ± 9.57": bytes/s to GB/s
 * }</pre>
 *
 * @param value the score
 * @param error the score's error, or NaN
 */
public record Measure(double value, double error) {

    /**
     * {@code a / b} with its error to first order, {@code r * sqrt((ea/a)^2 + (eb/b)^2)}; an unknown (NaN)
     * error counts as zero unless both are unknown, and then the ratio's is unknown too.
     */
    public static Measure ratio(Measure a, Measure b) {
        double r = a.value() / b.value();
        if (Double.isNaN(a.error()) && Double.isNaN(b.error())) {
            return new Measure(r, Double.NaN);
        }
        double ra = Double.isNaN(a.error()) ? 0 : a.error() / a.value(), rb = Double.isNaN(b.error()) ? 0 : b.error() / b.value();
        return new Measure(r, Math.abs(r) * Math.sqrt(ra * ra + rb * rb));
    }

    /** The same measurement in other units. */
    public Measure scaled(double factor) {
        return new Measure(value * factor, error * factor);
    }

    /** {@code "value ± error"} with three significant digits, or just the value when the error is unknown. */
    public String format() {
        return Double.isNaN(error) ? number(value) : number(value) + " ± " + number(error);
    }

    /** Three significant digits, without exponent for the magnitudes benchmarks produce. */
    static String number(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        double a = Math.abs(v);
        if (a == 0) {
            return "0";
        }
        if (a >= 1e6 || a < 1e-3) {
            return String.format(Locale.ROOT, "%.2e", v);
        }
        int decimals = Math.max(0, 2 - (int) Math.floor(Math.log10(a)));
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }
}
