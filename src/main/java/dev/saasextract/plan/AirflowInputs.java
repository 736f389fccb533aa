package dev.saasextract.plan;

import static java.util.Objects.requireNonNull;

import dev.saasextract.errors.InvalidInputException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * The variables GitLab's Airflow DAG sets for an incremental load, parsed. A variable that is not set stays empty
 * here; {@link IncrementalWindow} decides which ones it needs. A variable that is set must be valid.
 *
 * @param executionDate {@code EXECUTION_DATE}, Airflow's {@code next_execution_date}
 * @param hours         {@code HOURS}, the look-back window
 * @param lastLoaded    {@code LAST_LOADED}, the previous run's {@code max_data_available}
 */
public record AirflowInputs(Optional<Instant> executionDate, OptionalInt hours, Optional<Instant> lastLoaded) {
    public static final String EXECUTION_DATE = "EXECUTION_DATE";
    public static final String HOURS = "HOURS";
    public static final String LAST_LOADED = "LAST_LOADED";

    private static final String TIMESTAMP_FORMAT =
            "ISO-8601 with offset, e.g. 2024-01-02T02:30:00+00:00, 2024-01-02T02:30:00.123456+0000 or 2024-01-02T02:30:00Z";
    /** A century: any more would reach back before timestamps Postgres or the placeholders' format can hold. */
    public static final int MAX_HOURS = 876_000;
    private static final String HOURS_FORMAT = "a positive whole number of hours up to " + MAX_HOURS + ", e.g. 96";
    private static final int MAX_ECHOED_CHARS = 60;
    private static final Pattern WHOLE_NUMBER = Pattern.compile("[0-9]{1,9}");

    /** Seconds and fractions optional; the offset as {@code +00:00} (Airflow), {@code +0000} (strftime) or {@code Z}. */
    private static final DateTimeFormatter TIMESTAMP = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            .toFormatter()
            .withResolverStyle(ResolverStyle.STRICT);

    public AirflowInputs {
        requireNonNull(executionDate, "executionDate is null");
        requireNonNull(hours, "hours is null");
        requireNonNull(lastLoaded, "lastLoaded is null");
        if (hours.isPresent() && hours.getAsInt() < 1) {
            throw new IllegalArgumentException("hours must be positive, got " + hours.getAsInt());
        }
    }

    /**
     * Reads the variables from an environment map. {@code EXECUTION_DATE} and {@code HOURS} must be valid when set
     * (an empty value is invalid); an empty {@code LAST_LOADED} means no previous run, as GitLab's DAG sends it.
     *
     * @throws InvalidInputException naming the variable and the expected format
     */
    public static AirflowInputs from(Map<String, String> env) {
        requireNonNull(env, "env is null");
        Optional<Instant> executionDate = Optional.ofNullable(env.get(EXECUTION_DATE))
                .map(value -> timestamp(EXECUTION_DATE, value));
        OptionalInt hours = env.containsKey(HOURS) ? OptionalInt.of(hours(env.get(HOURS))) : OptionalInt.empty();
        Optional<Instant> lastLoaded = Optional.ofNullable(env.get(LAST_LOADED))
                .filter(value -> !value.isEmpty())
                .map(value -> timestamp(LAST_LOADED, value));
        return new AirflowInputs(executionDate, hours, lastLoaded);
    }

    /** @throws InvalidInputException when {@code EXECUTION_DATE} was not set */
    public Instant requireExecutionDate() {
        return executionDate.orElseThrow(() -> notSet(EXECUTION_DATE, TIMESTAMP_FORMAT));
    }

    /** @throws InvalidInputException when {@code HOURS} was not set */
    public int requireHours() {
        if (hours.isEmpty()) {
            throw notSet(HOURS, HOURS_FORMAT);
        }
        return hours.getAsInt();
    }

    private static Instant timestamp(String variable, String value) {
        Instant instant;
        try {
            instant = TIMESTAMP.parse(value, Instant::from);
        } catch (DateTimeParseException e) {
            throw invalid(variable, value, TIMESTAMP_FORMAT, e);
        }
        if (!InstantRange.contains(instant)) {
            throw invalid(variable, value, "an instant " + InstantRange.describe(), null);
        }
        return instant;
    }

    private static int hours(String value) {
        int hours = WHOLE_NUMBER.matcher(value).matches() ? Integer.parseInt(value) : 0;
        if (hours < 1 || hours > MAX_HOURS) {
            throw invalid(HOURS, value, HOURS_FORMAT, null);
        }
        return hours;
    }

    private static InvalidInputException notSet(String variable, String format) {
        return new InvalidInputException("environment variable " + variable + " is not set; expected " + format);
    }

    private static InvalidInputException invalid(String variable, String value, String format, Throwable cause) {
        return new InvalidInputException("environment variable " + variable + " is '" + echo(value)
                + "'; expected " + format, cause);
    }

    /** At most 60 characters of a bad value, on one line: it may be long, or hold something that is not ours to print. */
    private static String echo(String value) {
        String shown = value.length() > MAX_ECHOED_CHARS ? value.substring(0, MAX_ECHOED_CHARS) + "..." : value;
        return shown.replaceAll("\\p{Cntrl}", "?");
    }
}
