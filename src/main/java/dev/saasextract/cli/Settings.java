package dev.saasextract.cli;

import dev.saasextract.config.ExtractConfig;
import dev.saasextract.errors.InvalidInputException;
import dev.saasextract.manifest.Manifest;
import dev.saasextract.plan.AirflowInputs;
import dev.saasextract.plan.InstantRange;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The common options resolved against the environment: which files, which clock, which chunk size. */
final class Settings {
    private static final Logger LOG = LoggerFactory.getLogger(Settings.class);
    static final Path EMBEDDED_HOME = Path.of("demo");
    static final String DEFAULT_HOURS = "96";
    private static final int MAX_TASK_INSTANCE_CHARS = 1_000;

    private final CommonOptions options;
    private final Map<String, String> env;

    Settings(CommonOptions options, Map<String, String> env) {
        this.options = options;
        this.env = env;
    }

    Map<String, String> env() {
        return env;
    }

    Path manifestPath() {
        if (options.manifest != null) {
            return options.manifest;
        }
        return Path.of(Optional.ofNullable(env.get("EXTRACT_MANIFEST")).filter(s -> !s.isBlank())
                .orElse(CommonOptions.DEFAULT_MANIFEST));
    }

    Manifest manifest() {
        return Manifest.load(manifestPath());
    }

    /** The explicit config if one is named; else ./extract.yaml if present; else the embedded default. */
    ExtractConfig config() {
        Optional<Path> file = configFile();
        if (file.isPresent()) {
            return ExtractConfig.load(file.get(), env);
        }
        LOG.info("no {} found: using the embedded default under ./{} (embedded Postgres, local staging, DuckDB)",
                CommonOptions.DEFAULT_CONFIG, EMBEDDED_HOME);
        return ExtractConfig.embeddedDefault(EMBEDDED_HOME);
    }

    /** The config file a run reads: the one named, else ./extract.yaml if present; empty for the embedded default. */
    Optional<Path> configFile() {
        Optional<Path> named = Optional.ofNullable(options.config)
                .or(() -> Optional.ofNullable(env.get("EXTRACT_CONFIG")).filter(s -> !s.isBlank()).map(Path::of));
        if (named.isPresent()) {
            if (!Files.isRegularFile(named.get())) {
                throw new InvalidInputException(named.get() + ": config file not found");
            }
            return named;
        }
        Path local = Path.of(CommonOptions.DEFAULT_CONFIG);
        return Files.isRegularFile(local) ? Optional.of(local) : Optional.empty();
    }

    /**
     * Checks every option and Airflow variable a run reads, so that a bad one fails before anything is opened or
     * written rather than midway through the run.
     */
    void checkRunInputs() {
        Clock clock = clock();
        chunkRows();
        logicalDate(clock);
        taskInstance();
        AirflowInputs.from(setVariables());
    }

    /** The system clock, or one fixed at {@code --now} so that every time rule sees exactly that instant. */
    Clock clock() {
        if (options.now == null) {
            return Clock.systemUTC();
        }
        return Clock.fixed(parseInstant(options.now, "--now"), ZoneOffset.UTC);
    }

    long chunkRows() {
        long rows = options.chunkRows == null ? CommonOptions.DEFAULT_CHUNK_ROWS : options.chunkRows;
        if (rows < 1 || rows > CommonOptions.MAX_CHUNK_ROWS) {
            throw new InvalidInputException("--chunk-rows: must be a positive number of rows up to "
                    + CommonOptions.MAX_CHUNK_ROWS + ", got " + rows);
        }
        return rows;
    }

    /**
     * The Airflow variables of a regular load. Outside Airflow, a missing {@code EXECUTION_DATE} is the clock's now and
     * a missing {@code HOURS} is 96, the look-back GitLab's DAG uses for gitlab_com; both are logged.
     */
    AirflowInputs airflowInputs(Clock clock) {
        return AirflowInputs.from(airflowEnv(clock));
    }

    private Map<String, String> airflowEnv(Clock clock) {
        Map<String, String> airflow = setVariables();
        if (!airflow.containsKey("EXECUTION_DATE")) {
            airflow.put("EXECUTION_DATE", clock.instant().toString());
            LOG.info("EXECUTION_DATE is not set: using {}", airflow.get("EXECUTION_DATE"));
        }
        if (!airflow.containsKey("HOURS")) {
            airflow.put("HOURS", DEFAULT_HOURS);
            LOG.info("HOURS is not set: using {}", DEFAULT_HOURS);
        }
        return airflow;
    }

    /** The environment without its blank variables: blank is unset, for the input check and the run alike. */
    private Map<String, String> setVariables() {
        Map<String, String> set = new HashMap<>(env);
        set.values().removeIf(Settings::isBlank);
        return set;
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    /** The run's logical date for the deletes cadence: Airflow's {@code $DATE_INTERVAL_END}, else the clock's now. */
    Instant logicalDate(Clock clock) {
        String intervalEnd = env.get("DATE_INTERVAL_END");
        return isBlank(intervalEnd) ? clock.instant() : parseInstant(intervalEnd, "DATE_INTERVAL_END");
    }

    /**
     * Airflow's task instance key, for the {@code _task_instance} column and Snowflake's QUERY_TAG, which holds at
     * most 2,000 characters in all; Airflow's ids make it a few hundred.
     */
    Optional<String> taskInstance() {
        Optional<String> task = Optional.ofNullable(env.get("TASK_INSTANCE")).filter(s -> !s.isBlank());
        if (task.isPresent() && task.get().length() > MAX_TASK_INSTANCE_CHARS) {
            throw new InvalidInputException("environment variable TASK_INSTANCE is " + task.get().length()
                    + " characters long; expected at most " + MAX_TASK_INSTANCE_CHARS);
        }
        return task;
    }

    static Instant parseInstant(String text, String what) {
        Instant instant = parseIso(text, what);
        if (!InstantRange.contains(instant)) {
            throw new InvalidInputException(what + ": '" + text + "' is not " + InstantRange.describe());
        }
        return instant;
    }

    private static Instant parseIso(String text, String what) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e2) {
                throw new InvalidInputException(what + ": not an ISO-8601 instant with offset: '" + text
                        + "' (e.g. 2026-11-24T01:00:00Z)");
            }
        }
    }
}
