package dev.saasextract.config;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as extract.yaml writes them: a whole number with one of Postgres' own units, e.g. {@code 30s}. */
final class Durations {
    static final String FORMS = "a duration such as 30s, 15min or 6h (units ms, s, min, h, d)";

    private static final Pattern DURATION = Pattern.compile("(\\d{1,12})\\s*(ms|s|min|h|d)");
    private static final String[] UNITS = {"d", "h", "min", "s", "ms"};
    private static final Duration[] UNIT_LENGTHS = {Duration.ofDays(1), Duration.ofHours(1), Duration.ofMinutes(1),
            Duration.ofSeconds(1), Duration.ofMillis(1)};

    private Durations() {
    }

    /** The duration {@code text} spells, or empty when it is not of that form. */
    static Optional<Duration> parse(String text) {
        Matcher matcher = DURATION.matcher(text.strip());
        if (!matcher.matches()) {
            return Optional.empty();
        }
        return Optional.of(UNIT_LENGTHS[indexOf(matcher.group(2))].multipliedBy(Long.parseLong(matcher.group(1))));
    }

    /** The shortest text {@link #parse} reads back as {@code duration}, a whole number of milliseconds. */
    static String format(Duration duration) {
        long millis = duration.toMillis();
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
