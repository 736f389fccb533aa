package dev.saasextract.cli;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Where the running export stands.
 *
 * @param rows     rows staged by this export so far
 * @param elapsed  time since the export started
 * @param fraction how much of the export is done, 0 to 1: of the key range, or of the planner's row estimate for a
 *                 streamed export; empty when neither is known (a parallel export, no estimate)
 */
record ProgressSnapshot(String table, long rows, Duration elapsed, OptionalDouble fraction,
        Map<String, String> logContext) {
    ProgressSnapshot {
        requireNonNull(table, "table is null");
        requireNonNull(elapsed, "elapsed is null");
        requireNonNull(fraction, "fraction is null");
        logContext = Map.copyOf(requireNonNull(logContext, "logContext is null"));
    }

    ProgressSnapshot(String table, long rows, Duration elapsed, OptionalDouble fraction) {
        this(table, rows, elapsed, fraction, Map.of());
    }

    double rowsPerSecond() {
        return rows / (Math.max(elapsed.toMillis(), 1) / 1000.0);
    }

    /** The time left at the rate so far; known once some but not all of the export is done. */
    Optional<Duration> eta() {
        if (fraction.isEmpty() || fraction.getAsDouble() <= 0 || fraction.getAsDouble() >= 1) {
            return Optional.empty();
        }
        double f = fraction.getAsDouble();
        return Optional.of(Duration.ofMillis((long) (elapsed.toMillis() * (1 - f) / f)));
    }
}
