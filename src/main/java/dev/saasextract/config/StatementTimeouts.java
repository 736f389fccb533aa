package dev.saasextract.config;

import java.time.Duration;
import java.util.Optional;

/**
 * {@code source.statement_timeout}: an integer with one of Postgres' own units ({@code ms}, {@code s}, {@code min},
 * {@code h}, {@code d}), or {@code none} to leave the server's (or the role's) setting in force.
 */
final class StatementTimeouts {
    static final String NONE = "none";
    static final Optional<Duration> DEFAULT = Optional.of(Duration.ofHours(6));

    /** Postgres keeps statement_timeout in an int of milliseconds. */
    private static final long MAX_MILLIS = Integer.MAX_VALUE;

    private StatementTimeouts() {
    }

    /** Empty for {@code none}; the problem, phrased for a config error, when {@code text} is neither. */
    static Optional<Duration> parse(String text, ConfigSection section, String key) {
        String value = text.strip();
        if (value.equals(NONE)) {
            return Optional.empty();
        }
        Duration timeout = Durations.parse(value).orElseThrow(() -> section.error(key, "must be " + Durations.FORMS
                + ", or " + NONE + "; got '" + value + "'"));
        if (timeout.isZero() || timeout.compareTo(Duration.ofMillis(MAX_MILLIS)) > 0) { // toMillis() could overflow
            throw section.error(key, "must be between 1ms and " + MAX_MILLIS + "ms (about 24 days), or " + NONE
                    + "; got '" + value + "'");
        }
        return Optional.of(timeout);
    }

    /** The shortest text {@link #parse} reads back as {@code timeout}. */
    static String format(Optional<Duration> timeout) {
        return timeout.map(Durations::format).orElse(NONE);
    }
}
