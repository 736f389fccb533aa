package dev.saasextract.cli;

import java.time.Duration;

/** Durations in log values: seconds with millisecond precision, the one unit every {@code *_s} key uses. */
final class Seconds {
    private Seconds() {
    }

    static double of(Duration duration) {
        return duration.toMillis() / 1000.0;
    }
}
