package dev.saasextract.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.saasextract.testing.TestPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The periodic progress line off a terminal, the summary line of a failed run, and the progress thread's end. */
class ProgressAndSummaryTest extends CiBuildsTest {
    @Test
    void offATerminalTheExportLogsItsProgressEveryInterval() throws InterruptedException {
        CliRun run = fixture.extract("--table", "ci_builds", "--load-type", "backfill", "--chunk-rows", "100",
                "--progress-interval", "5ms", "--log-format", "json");

        assertEquals(0, run.exitCode(), run::toString);
        List<JsonNode> progress = RunLogTest.events(RunLogTest.jsonLines(run), "progress");
        assertFalse(progress.isEmpty(), "23 chunks take longer than 5 ms: " + run);
        for (JsonNode line : progress) {
            assertEquals("INFO", line.get("level").asText());
            assertEquals(CiBuildsFixture.TARGET, line.get("table").asText());
            assertEquals("backfill", line.get("load_type").asText(), "logged by the timer thread: " + line);
            assertTrue(line.get("rows").asLong() >= 0 && line.get("rows").asLong() <= 2250, line::toString);
            assertTrue(line.get("rows_per_s").isIntegralNumber() && line.get("elapsed_s").isNumber(), line::toString);
            double percent = line.get("percent").asDouble(-1);
            assertTrue(percent >= 0 && percent <= 100, "a single-range backfill knows its share of the keys: " + line);
        }
        assertProgressThreadEnded();
    }

    @Test
    void aFailedRunEndsWithASummaryOfWhatItStagedAndTheError() throws Exception {
        assertEquals(0, fixture.extract("--table", "ci_builds").exitCode());
        try (Connection c = TestPostgres.dataSource(fixture.sourceDatabase()).getConnection();
                Statement s = c.createStatement()) {
            s.execute("DELETE FROM p_ci_builds WHERE id < 2400"); // the highest key stays: it bounds the deletes
        }

        CliRun run = fixture.extract("--table", "ci_builds", "--load-type", "deletes", "--log-format", "json");

        assertEquals(1, run.exitCode(), run::toString);
        List<JsonNode> lines = RunLogTest.jsonLines(run);
        JsonNode summary = lines.get(lines.size() - 1);
        assertEquals("summary", summary.get("event").asText(), run::toString);
        assertEquals("ERROR", summary.get("level").asText());
        assertEquals(CiBuildsFixture.TARGET, summary.get("table").asText());
        assertEquals("deletes", summary.get("load_type").asText());
        assertEquals("failed", summary.get("action").asText());
        assertEquals(90, summary.get("rows").asLong(), "ids 2400..2500 but the eleven filtered out were exported");
        assertEquals(1, summary.get("files").asLong());
        assertEquals(stagedBytes(fixture.staging().resolve("staging/deletes")), summary.get("bytes").asLong(),
                "the refused export's file stays staged, so its size can be checked");
        assertTrue(summary.get("duration_s").asDouble() > 0 && summary.get("rows_per_s").isIntegralNumber());
        assertEquals("DeletesRefusedException", summary.get("error_class").asText());
        assertTrue(summary.get("error").asText().contains("would flag 2160 of the warehouse's 2250 live keys"),
                summary::toString);
        assertEquals(1, run.errorLine().lines().count(), "the error line is unchanged: " + run.err());
        assertProgressThreadEnded();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "0ms", "abc", "-5s", "10h", "1.5s", ""})
    void aBadProgressIntervalExitsWith2AndOneLine(String interval) {
        CliRun run = fixture.extract("--table", "ci_builds", "--progress-interval", interval);

        assertEquals(2, run.exitCode(), run::toString);
        assertEquals(List.of("extract: --progress-interval: expected a positive duration such as 30s, 2m or 500ms,"
                + " got '" + interval + "'"), run.errorLine().lines().toList());
        assertEquals("", run.log(), "refused before anything ran: " + run);
    }

    private static long stagedBytes(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            List<Path> parquet = files.filter(f -> f.toString().endsWith(".parquet")).toList();
            assertEquals(1, parquet.size(), parquet::toString);
            return Files.size(parquet.get(0));
        }
    }

    private static void assertProgressThreadEnded() throws InterruptedException {
        List<Thread> progress = Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().equals(ProgressReporter.THREAD_NAME)).toList();
        for (Thread thread : progress) {
            thread.join(2_000); // its executor has terminated; the thread itself may still be returning
        }
        assertTrue(progress.stream().noneMatch(Thread::isAlive), "the progress thread stops with the run");
    }
}
