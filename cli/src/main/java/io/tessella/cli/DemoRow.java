package io.tessella.cli;

/**
 * One line of the demo's table: one implementation of one recipe, timed, measured and verified.
 *
 * @param step           the recipe, e.g. {@code "outer product"}
 * @param implementation how it ran, e.g. {@code "vector"}
 * @param threads        threads it used
 * @param seconds        wall time of the computation alone (no data generation, verification or saving)
 * @param work           what the throughput counts: bytes ({@code unit} "GB/s ...") or elements
 * @param unit           the throughput's unit: {@code "GB/s written"}, {@code "GB/s read"} or {@code "elements/s"}
 * @param baseline       whether this is the step's naive loop, the speed-ups' reference
 * @param reference      whether this row's result is itself the reference the others are checked against
 * @param speedUp        time of the baseline over this row's time (1.0 for the baseline itself)
 * @param peakBytes      peak resident memory of the process during the row (see {@link PeakMemory}), -1 if unknown
 * @param mismatch       null if the result equals the reference; else where it first differs
 *
 * <pre>{@code new DemoRow("row sums", "vector", 2, 0.01, 80e6, "GB/s read", false, false, 3.1, 1 << 30, null)}</pre>
 */
record DemoRow(String step, String implementation, int threads, double seconds, double work, String unit, boolean baseline,
        boolean reference, double speedUp, long peakBytes, String mismatch) {

    boolean verified() {
        return mismatch == null;
    }

    double throughput() {
        double perSecond = seconds > 0 ? work / seconds : Double.POSITIVE_INFINITY;
        return unit.startsWith("GB/s") ? perSecond / 1e9 : perSecond;
    }

    DemoRow withSpeedUp(double s) {
        return new DemoRow(step, implementation, threads, seconds, work, unit, baseline, reference, s, peakBytes, mismatch);
    }
}
