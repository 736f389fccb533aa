package dev.saasextract.config;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code source.statement_timeout}: an integer with one of Postgres' own units ({@code ms}, {@code s}, {@code min},
 * {@code h}, {@code d}), or {@code none} to leave the server's (or the role's) setting in force.
 */
final class StatementTimeouts {
    static final String NONE = "none";
    static final Optional<Duration> DEFAULT = Optional.of(Duration.ofHours(6));

    /** Postgres keeps statement_timeout in an int of milliseconds. */
    private static final long MAX_MILLIS = Integer.MAX_VALUE;
    private static final Pattern DURATION = Pattern.compile("(\\d{1,12})\\s*(ms|s|min|h|d)");
    private static final String[] UNITS = {"d", "h", "min", "s", "ms"};
    private static final Duration[] UNIT_LENGTHS = {Duration.ofDays(1), Duration.ofHours(1), Duration.ofMinutes(1),
            Duration.ofSeconds(1), Duration.ofMillis(1)};

    private StatementTimeouts() {
    }

    /** Empty for {@code none}; the problem, phrased for a config error, when {@code text} is neither. */
    static Optional<Duration> parse(String text, ConfigSection section, String key) {
        String value = text.strip();
        if (value.equals(NONE)) {
            return Optional.empty();
        }
        Matcher matcher = DURATION.matcher(value);
        if (!matcher.matches()) {
            throw section.error(key, "must be a duration such as 30s, 15min or 6h (units ms, s, min, h, d), or "
                    + NONE + "; got '" + value + "'");
        }
        Duration timeout = UNIT_LENGTHS[indexOf(matcher.group(2))].multipliedBy(Long.parseLong(matcher.group(1)));
        if (timeout.isZero() || timeout.toMillis() > MAX_MILLIS) {
            throw section.error(key, "must be between 1ms and " + MAX_MILLIS + "ms (about 24 days), or " + NONE
                    + "; got '" + value + "'");
        }
        return Optional.of(timeout);
    }

    /** The shortest text {@link #parse} reads back as {@code timeout}. */
    static String format(Optional<Duration> timeout) {
        if (timeout.isEmpty()) {
            return NONE;
        }
        long millis = timeout.get().toMillis();
        for (int i = 0; i < UNITS.length; i++) {
            long unit = UNIT_LENGTHS[i].toMillis();
            if (millis % unit == 0) {
                return millis / unit + UNITS[i];
            }
        }
        throw new IllegalStateException("unreachable: every duration is a whole number of milliseconds");
    }

    private static int indexOf(String unit) {
        for (int i = 0; i < UNITS.length; i++) {
            if (UNITS[i].equals(unit)) {
                return i;
            }
        }
        throw new IllegalArgumentException("unknown unit " + unit);
    }
}
