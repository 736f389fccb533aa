package dev.saasextract.plan;

import static java.util.Objects.requireNonNull;

import dev.saasextract.errors.InvalidInputException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;

/**
 * The time range a regular incremental-by-date load reads, computed as GitLab's {@code load_incremental} does.
 * Rows updated in the 30 minutes before the last load's end are read again, on purpose: the loads append and
 * duplicates are resolved downstream, while a gap would lose updates for good.
 *
 * @param begin the value of {@code {BEGIN_TIMESTAMP}}
 * @param end   the value of {@code {END_TIMESTAMP}}; never after the replica's data or the execution date
 */
public record IncrementalWindow(Instant begin, Instant end) {
    public static final Duration LAST_LOADED_OVERLAP = Duration.ofMinutes(30);

    /** What GitLab's DAG stores as {@code max_data_available} and passes back as the next {@code LAST_LOADED}. */
    private static final DateTimeFormatter MAX_DATA_AVAILABLE =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssZ").withZone(ZoneOffset.UTC);
    /** GitLab's placeholder format: UTC without an offset, as the queries cast it to {@code timestamp}. */
    private static final DateTimeFormatter PLACEHOLDER_SECONDS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter PLACEHOLDER_MICROS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);

    public IncrementalWindow {
        requireNonNull(begin, "begin is null");
        requireNonNull(end, "end is null");
        if (begin.isAfter(end)) {
            throw new IllegalArgumentException("begin " + begin + " is after end " + end);
        }
    }

    /**
     * Begins 30 minutes before {@code LAST_LOADED}, or {@code HOURS} before the older of replica time and execution
     * date when there was no previous load; ends at the earliest of replica time, execution date and begin +
     * {@code HOURS}.
     *
     * @param replicaTime how far the source's data reaches (the replica's replay time; now on a primary)
     * @throws dev.saasextract.errors.InvalidInputException when EXECUTION_DATE or HOURS is not set
     * @throws dev.saasextract.errors.InvalidInputException when LAST_LOADED is ahead of EXECUTION_DATE
     * @throws IllegalStateException when begin would be after end: LAST_LOADED is ahead of the replica's data
     */
    public static IncrementalWindow compute(AirflowInputs in, Instant replicaTime) {
        return compute(in, replicaTime, Optional.empty());
    }

    /**
     * As {@link #compute(AirflowInputs, Instant)}, beginning no later than 30 minutes before
     * {@code unfollowedBackfillStart}: the start of a backfill no regular load has followed yet. Its export read each
     * row once, at some time since then, and an update after that is only in a window that reaches back to it.
     * Without this, the first regular load after a backfill that ran long (or after Airflow lost its XCom history)
     * would begin at GitLab's fallback, 54 hours back, and the updates before it would be lost for good.
     */
    public static IncrementalWindow compute(AirflowInputs in, Instant replicaTime,
            Optional<Instant> unfollowedBackfillStart) {
        requireNonNull(in, "in is null");
        requireNonNull(replicaTime, "replicaTime is null");
        requireNonNull(unfollowedBackfillStart, "unfollowedBackfillStart is null");
        Instant executionDate = in.requireExecutionDate();
        Duration hours = Duration.ofHours(in.requireHours());
        Instant dataAvailable = earliest(replicaTime, executionDate);
        Instant fromAirflow = in.lastLoaded()
                .map(lastLoaded -> lastLoaded.minus(LAST_LOADED_OVERLAP))
                .orElseGet(() -> dataAvailable.minus(hours));
        if (fromAirflow.isAfter(executionDate)) {
            // The inputs contradict each other: no retry, nor the replica catching up, can open this window.
            throw new InvalidInputException("LAST_LOADED " + in.lastLoaded().orElseThrow() + " is more than "
                    + LAST_LOADED_OVERLAP.toMinutes() + " minutes after EXECUTION_DATE " + executionDate
                    + ": the window would begin after the run's logical date");
        }
        Instant begin = unfollowedBackfillStart.map(start -> earliest(start.minus(LAST_LOADED_OVERLAP), fromAirflow))
                .orElse(fromAirflow);
        Instant end = earliest(dataAvailable, begin.plus(hours));
        if (begin.isAfter(end)) {
            throw new IllegalStateException("incremental window begins at " + begin + ", after its end " + end
                    + " (LAST_LOADED=" + in.lastLoaded().map(Instant::toString).orElse("none")
                    + ", EXECUTION_DATE=" + executionDate + ", HOURS=" + hours.toHours()
                    + ", replica time=" + replicaTime + "); the previous load reached data this source does not have yet");
        }
        return new IncrementalWindow(begin, end);
    }

    /** The end as GitLab's DAG expects it back in LAST_LOADED, e.g. {@code 2024-01-02T01:00:00+0000}. */
    public String maxDataAvailable() {
        return MAX_DATA_AVAILABLE.format(end);
    }

    /**
     * The values of the query placeholders, keyed by name without braces (BEGIN_TIMESTAMP, ..., HOURS). Both forms
     * read this window: a query written as {@code '{EXECUTION_DATE}'::timestamp - interval '{HOURS} hours'} (GitLab's
     * ops tables, which its DAG fills with the raw run values) gets the end as EXECUTION_DATE and the length in whole
     * hours, rounded up, as HOURS, so it also stops at the replica's data, goes on from the last load and reaches back
     * after a backfill. It reads up to an hour more before the begin, which, like the 30-minute overlap, only repeats
     * rows.
     */
    public Map<String, String> placeholderValues() {
        return Map.of(
                "BEGIN_TIMESTAMP", placeholderTimestamp(begin),
                "END_TIMESTAMP", placeholderTimestamp(end),
                AirflowInputs.EXECUTION_DATE, placeholderTimestamp(end),
                AirflowInputs.HOURS, Long.toString(wholeHoursCovering()));
    }

    /** The length in hours, rounded up; at least 1. Never more than HOURS, which bounds the length. */
    private long wholeHoursCovering() {
        Duration length = Duration.between(begin.truncatedTo(ChronoUnit.MICROS), end.truncatedTo(ChronoUnit.MICROS));
        long hours = length.toHours() + (length.equals(Duration.ofHours(length.toHours())) ? 0 : 1);
        return Math.max(1, hours);
    }

    /**
     * Postgres keeps microseconds, so finer digits are dropped: a stored value is at most the end exactly when it is
     * at most the end truncated to microseconds.
     */
    private static String placeholderTimestamp(Instant instant) {
        Instant micros = instant.truncatedTo(ChronoUnit.MICROS);
        return micros.getNano() == 0 ? PLACEHOLDER_SECONDS.format(micros) : PLACEHOLDER_MICROS.format(micros);
    }

    private static Instant earliest(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
