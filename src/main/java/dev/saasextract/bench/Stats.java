package dev.saasextract.bench;

import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.stream.IntStream;

/** The arithmetic of the report: medians and ratios. */
public final class Stats {
    private Stats() {
    }

    /** The median; the mean of the two middle values for an even count. */
    public static double median(List<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("the median of no values");
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /** {@code numerator ÷ denominator}, empty when either side was not measured. */
    public static OptionalDouble ratio(OptionalDouble numerator, OptionalDouble denominator) {
        if (numerator.isEmpty() || denominator.isEmpty() || denominator.getAsDouble() == 0) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(numerator.getAsDouble() / denominator.getAsDouble());
    }

    /**
     * Repetition by repetition, {@code baselineSeconds[i] ÷ seconds[i]}: the rate of the second path over the
     * baseline's when both read the same rows. Empty unless both have the same, non-zero number of runs.
     */
    public static List<Double> pairedRatios(List<Double> baselineSeconds, List<Double> seconds) {
        if (baselineSeconds.isEmpty() || baselineSeconds.size() != seconds.size()) {
            return List.of();
        }
        return IntStream.range(0, seconds.size()).mapToObj(i -> baselineSeconds.get(i) / seconds.get(i)).toList();
    }

    /** A ratio as the table prints it, e.g. {@code 0.47x}, or {@code n/a}. */
    public static String formatRatio(OptionalDouble ratio) {
        return ratio.isPresent() ? String.format(Locale.ROOT, "%.2fx", ratio.getAsDouble()) : "n/a";
    }
}
