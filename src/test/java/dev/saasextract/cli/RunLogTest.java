package dev.saasextract.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.saasextract.testing.TestPostgres;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The log of a real run, in both formats, and the logging configuration a run leaves behind. */
class RunLogTest extends CiBuildsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Every line of the run's log, each parsed as one JSON object (a line that is not one fails the test). */
    static List<JsonNode> jsonLines(CliRun run) {
        return run.log().lines().map(line -> {
            try {
                JsonNode node = JSON.readTree(line);
                assertTrue(node.isObject(), line);
                return node;
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new UncheckedIOException("not a JSON line: " + line, e);
            }
        }).toList();
    }

    static List<JsonNode> events(List<JsonNode> lines, String event) {
        return lines.stream().filter(line -> event.equals(line.path("event").asText())).toList();
    }

    @Test
    void theDecisionNamesTheColumnsASchemaAdditionAddsAndTheKeyAResumeStartsAfter() throws Exception {
        assertEquals(0, fixture.extract("--table", "ci_builds").exitCode());
        sql(fixture.sourceDatabase(), "ALTER TABLE p_ci_builds ADD COLUMN coverage numeric");
        Files.writeString(fixture.manifest(), CiBuildsFixture.MANIFEST.replace("SELECT id, name, status,",
                "SELECT id, coverage, name, status,"));

        JsonNode addition = decision(fixture.extract("--table", "ci_builds", "--log-format", "json"));

        assertEquals("schema_addition", addition.get("reason").asText(), addition::toString);
        assertEquals("coverage", addition.get("new_columns").asText(), addition::toString);
        assertTrue(addition.path("start_after_id").isMissingNode(), addition::toString);

        // A hand-made progress row of an interrupted backfill (a real one needs a run killed mid-export).
        sql(fixture.metadataDatabase(), "INSERT INTO saas_db_metadata.backfill_metadata VALUES ('GITLAB_DB', '"
                + CiBuildsFixture.TARGET + "', (now() AT TIME ZONE 'utc') - interval '1 hour',"
                + " now() AT TIME ZONE 'utc', NULL, 1000, 2500, false, 0)");

        JsonNode resume = decision(fixture.extract("--table", "ci_builds", "--log-format", "json"));

        assertEquals("resume", resume.get("action").asText(), resume::toString);
        assertEquals(1000, resume.get("start_after_id").asLong(), resume::toString);
        assertTrue(resume.path("new_columns").isMissingNode(), resume::toString);
    }

    @Test
    void aResumeNamesTheColumnsTheQueryGainedSinceTheBackfillStartedAsLeftForTheNextBackfill() throws Exception {
        assertEquals(0, fixture.extract("--table", "ci_builds").exitCode());
        fixture.unfinishedBackfill("staging/backfill/gitlab_db_ci_builds/started/first.parquet", 1500, "id");
        sql(fixture.sourceDatabase(), "ALTER TABLE p_ci_builds ADD COLUMN coverage numeric");
        Files.writeString(fixture.manifest(), CiBuildsFixture.MANIFEST.replace("SELECT id, name, status,",
                "SELECT id, coverage, name, status,"));

        CliRun json = fixture.extract("plan", "--table", "ci_builds", "--json");
        CliRun text = fixture.extract("plan", "--table", "ci_builds");

        JsonNode plan = new ObjectMapper().readTree(json.out());
        assertEquals("resume", plan.get("action").asText(), json.out() + json.err());
        assertEquals("[]", plan.get("new_columns").toString(), "the resume adds no column");
        assertEquals("[\"coverage\"]", plan.get("deferred_columns").toString(), json.out());
        assertTrue(text.out().contains("then:     a backfill to add the column(s) the query gained since this one"
                + " started: coverage"), text.out());
    }

    @Test
    void anAutoRunsLinesNameTheStepItDecidedOnOnceItHas() {
        CliRun first = fixture.extract("--table", "ci_builds", "--chunk-rows", "1000", "--log-format", "json");
        CliRun second = fixture.extract("--table", "ci_builds", "--log-format", "json");

        assertEquals(0, first.exitCode(), first::toString);
        List<JsonNode> backfill = jsonLines(first);
        assertEquals(List.of("auto", "deletes"), events(backfill, "decision").stream()
                .map(line -> line.get("load_type").asText()).toList(), "the decisions are the auto step's, then the deletes'");
        List<JsonNode> chunks = events(backfill, "chunk_staged");
        assertFalse(chunks.isEmpty(), first::toString);
        for (JsonNode chunk : chunks) {
            String expected = chunk.get("file").asText().startsWith("staging/deletes/") ? "deletes" : "backfill";
            assertEquals(expected, chunk.get("load_type").asText(), chunk::toString);
        }
        JsonNode summary = events(backfill, "summary").get(0);
        assertEquals("auto", summary.get("load_type").asText(), "the summary names the run's --load-type: " + summary);
        List<JsonNode> steps = events(backfill, "step_finished");
        assertEquals(List.of("backfill:start", "deletes:start"), steps.stream().map(s -> s.get("action").asText()).toList());
        double stepSeconds = 0;
        for (JsonNode step : steps) {
            assertTrue(step.get("duration_s").asDouble() > 0, "each step is timed on its own: " + step);
            stepSeconds += step.get("duration_s").asDouble();
        }
        assertTrue(stepSeconds <= summary.get("duration_s").asDouble(), "the steps are parts of the run: " + steps);
        assertEquals(0, second.exitCode(), second::toString);
        JsonNode window = events(jsonLines(second), "window").get(0);
        assertEquals("incremental", window.get("load_type").asText(), window::toString);
    }

    private static JsonNode decision(CliRun run) {
        return events(jsonLines(run), "decision").get(0);
    }

    private static void sql(String database, String statement) throws SQLException {
        try (Connection c = TestPostgres.dataSource(database).getConnection(); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    @Test
    void jsonLogsAreOneObjectPerLineWithTheRunsTableLoadTypeAndEvents() {
        CliRun run = fixture.extract("--table", "ci_builds", "--load-type", "backfill", "--chunk-rows", "1000",
                "--log-format", "json");

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals("", run.out(), "a table run prints no command output; its summary is in the log");
        List<JsonNode> lines = jsonLines(run);
        for (JsonNode line : lines) {
            Instant time = Instant.parse(line.get("time").asText());
            assertTrue(line.get("time").asText().endsWith("Z") && time.isAfter(Instant.parse("2020-01-01T00:00:00Z")),
                    line::toString);
            assertTrue(line.get("level").isTextual() && line.get("logger").isTextual()
                    && line.get("message").isTextual(), line::toString);
        }
        JsonNode started = lines.get(0);
        assertEquals("run_started", started.get("event").asText(), "the run's first line says what runs: " + started);
        assertEquals("saas-extract " + ExtractCommand.VERSION + ": table ci_builds -> " + CiBuildsFixture.TARGET,
                started.get("message").asText());
        assertEquals(fixture.manifest().toString(), started.get("manifest").asText());
        assertEquals(fixture.config().toString(), started.get("config").asText());
        JsonNode decision = events(lines, "decision").get(0);
        assertEquals(CiBuildsFixture.TARGET, decision.get("table").asText(), "the run's table, from the MDC");
        assertEquals("backfill", decision.get("load_type").asText());
        assertEquals("start", decision.get("action").asText());
        assertEquals("new_table", decision.get("reason").asText());

        List<JsonNode> chunks = events(lines, "chunk_staged");
        assertEquals(3, chunks.size(), run::toString);
        assertEquals(2250, chunks.stream().mapToLong(c -> c.get("rows").asLong()).sum());
        for (JsonNode chunk : chunks) {
            assertTrue(chunk.get("file").asText().startsWith("staging/backfill/gitlab_db_ci_builds/"), chunk::toString);
            assertEquals(CiBuildsFixture.TARGET, chunk.get("table").asText());
            assertEquals("backfill", chunk.get("load_type").asText(), "published on another thread: " + chunk);
        }
        assertEquals(2250, events(lines, "loaded").get(0).get("rows").asLong());

        JsonNode summary = lines.get(lines.size() - 1);
        assertEquals("summary", summary.get("event").asText(), "the run ends with its summary");
        assertEquals(1, events(lines, "summary").size());
        assertEquals("INFO", summary.get("level").asText());
        assertEquals(CiBuildsFixture.TARGET, summary.get("table").asText());
        assertEquals("backfill", summary.get("load_type").asText());
        assertEquals("backfill:start", summary.get("action").asText());
        assertEquals(2250, summary.get("rows").asLong());
        assertEquals(3, summary.get("files").asLong());
        assertTrue(summary.get("bytes").asLong() > 2250, "three Parquet files of 750 rows: " + summary);
        assertTrue(summary.get("duration_s").isNumber() && summary.get("duration_s").asDouble() > 0, summary::toString);
        assertTrue(summary.get("rows_per_s").isIntegralNumber(), summary::toString);
        assertNull(summary.get("error"), summary::toString);
    }

    @Test
    void textLogsShowTheEventAndTheSameValuesAsKeyValues() {
        CliRun run = fixture.extract("--table", "ci_builds", "--load-type", "backfill", "--chunk-rows", "1000");

        assertEquals(0, run.exitCode(), run::toString);
        List<String> lines = run.log().lines().toList();
        assertTrue(lines.stream().anyMatch(line -> line.matches(
                "\\S+Z INFO  \\[decision] table GITLAB_DB_CI_BUILDS: decided step=backfill action=start"
                        + " reason=new_table")), run::toString);
        assertTrue(lines.stream().anyMatch(line -> line.matches("\\S+Z INFO  \\[chunk_staged] staged a file"
                + " table=GITLAB_DB_CI_BUILDS rows=\\d+ file=staging/backfill/gitlab_db_ci_builds/\\S+\\.parquet")),
                run::toString);
        String summary = lines.get(lines.size() - 1);
        assertTrue(Pattern.matches("\\S+Z INFO  \\[summary] done: table=GITLAB_DB_CI_BUILDS action=backfill:start"
                + " rows=2250 files=3 bytes=\\d+ duration_s=\\d+\\.\\d+ rows_per_s=\\d+ load_type=backfill", summary),
                summary);
    }

    @Test
    void aRunsFormatAndLevelDoNotOutliveIt() {
        CliRun json = fixture.extract("--table", "ci_builds", "--load-type", "backfill", "--log-format", "json",
                "--verbose");
        assertEquals(0, json.exitCode(), json::toString);
        assertTrue(jsonLines(json).stream().anyMatch(line -> line.get("level").asText().equals("DEBUG")),
                "--verbose logs at DEBUG");
        assertNotChangedByARun();

        CliRun text = fixture.extract("--table", "ci_builds");
        assertEquals(0, text.exitCode(), text::toString);
        assertFalse(text.log().lines().anyMatch(line -> line.startsWith("{") || line.contains(" DEBUG ")),
                text::toString);

        CliRun failed = fixture.extract("--table", "ci_builds", "--load-type", "scd", "--log-format", "json",
                "--verbose");
        assertEquals(2, failed.exitCode(), failed::toString);
        assertNotChangedByARun();
    }

    private static void assertNotChangedByARun() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        assertNull(context.getLogger("dev.saasextract").getLevel(), "the level is the configuration's again");
        ConsoleAppender<ILoggingEvent> console = assertInstanceOf(ConsoleAppender.class,
                context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("STDERR"));
        assertFalse(console.getEncoder() instanceof JsonLogEncoder, "the encoder is the configuration's again");
        assertTrue(console.isStarted());
    }
}
