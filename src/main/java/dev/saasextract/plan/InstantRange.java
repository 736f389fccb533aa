package dev.saasextract.plan;

import java.time.Instant;

/**
 * The instants the time rules accept from the command line and Airflow: from the Unix epoch to the end of year 9999.
 * Staged folder names, metadata rows, the placeholders' format and both warehouses hold those; one outside is a typo
 * that would otherwise fail mid-run in the source's SQL.
 */
public final class InstantRange {
    public static final Instant EARLIEST = Instant.EPOCH;
    public static final Instant END = Instant.parse("+10000-01-01T00:00:00Z");

    private InstantRange() {
    }

    public static boolean contains(Instant instant) {
        return !instant.isBefore(EARLIEST) && instant.isBefore(END);
    }

    /** What a refusal says of the range. */
    public static String describe() {
        return "between 1970-01-01T00:00:00Z and 9999-12-31T23:59:59Z";
    }
}
