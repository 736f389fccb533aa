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
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code --load-type deletes --if-due}, as the generated DAG's deletes task runs it: on a day the deletes are not due it
 * changes nothing; in the window before the monthly full refresh it flags the rows deleted at the source.
 */
class DeletesIfDueTest extends CiBuildsTest {
    private static final String FIRST_DAY = "2024-01-01T00:00:00Z";
    /** Before the window of Friday 2024-01-05 08:45 that precedes the full refresh of Sunday 2024-01-07. */
    private static final String NOT_DUE_DAY = "2024-01-02T00:00:00Z";
    private static final String DUE_DAY = "2024-01-06T00:00:00Z";

    /** The first auto run backfills and flags every row (no is_deleted yet); then row 5 is deleted at the source. */
    @BeforeEach
    void loadThenDeleteARowAtTheSource() throws Exception {
        CliRun first = run(FIRST_DAY, "--table", "ci_builds");
        assertEquals(0, first.exitCode(), first::toString);
        assertTrue(first.log().contains("action=backfill:start+deletes:start"), first::toString);
        try (Connection c = TestPostgres.dataSource(fixture.sourceDatabase()).getConnection();
                Statement s = c.createStatement()) {
            s.execute("DELETE FROM p_ci_builds WHERE id = 5");
        }
    }

    private CliRun run(String logicalDate, String... args) {
        String[] all = Stream.concat(Stream.of(args), Stream.of("--now", logicalDate)).toArray(String[]::new);
        return fixture.extract(Map.of("DATE_INTERVAL_END", logicalDate), all);
    }

    @Test
    void onADayTheDeletesAreNotDueNothingChanges() throws Exception {
        State before = state();

        CliRun run = run(NOT_DUE_DAY, "--table", "ci_builds", "--load-type", "deletes", "--if-due",
                "--log-format", "json");

        assertEquals(0, run.exitCode(), run::toString);
        List<JsonNode> lines = RunLogTest.jsonLines(run);
        JsonNode notDue = RunLogTest.events(lines, "deletes_not_due").get(0);
        assertEquals("not_due", notDue.get("reason").asText());
        assertEquals("2024-01-05T08:45:00.000Z", notDue.get("next_window").asText());
        assertEquals("deletes:skip", lines.get(lines.size() - 1).get("action").asText());
        assertEquals(List.of(), RunLogTest.events(lines, "export_started"), "no key was exported");
        assertEquals(before, state());
        assertFalse(before.row5Deleted(), "row 5 is gone at the source but not flagged yet");
    }

    @Test
    void inTheWindowBeforeTheMonthlyRefreshTheDeletesRun() throws Exception {
        State before = state();

        CliRun run = run(DUE_DAY, "--table", "ci_builds", "--load-type", "deletes", "--if-due");

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.log().contains("[decision] table GITLAB_DB_CI_BUILDS: decided step=deletes action=start"
                + " reason=monthly_refresh"), run::toString);
        assertTrue(run.log().contains("done: table=GITLAB_DB_CI_BUILDS action=deletes:start rows=2249 files=1"),
                run::toString);
        State after = state();
        assertTrue(after.row5Deleted(), "the row deleted at the source is flagged");
        assertEquals(before.completedDeleteExports() + 1, after.completedDeleteExports());
        assertEquals(List.of(), after.stagedFiles(), "the key files are purged after the load");
    }

    @Test
    void ifDueGoesWithTheDeletesLoadTypeOnly() {
        CliRun run = run(NOT_DUE_DAY, "--table", "ci_builds", "--if-due");

        assertEquals(2, run.exitCode(), run::toString);
        assertEquals(List.of("extract: --if-due: only with --load-type deletes (auto runs the deletes only when they"
                + " are due anyway), not with --load-type auto"), run.errorLine().lines().toList());
    }

    /** What a deletes run could change: the metadata, the warehouse's flags and the staging folder. */
    private record State(int deleteMetadataRows, int completedDeleteExports, boolean row5Deleted,
            String lastFlagChange, List<Path> stagedFiles) {
    }

    private State state() throws SQLException, IOException {
        int rows;
        int completed;
        try (Connection c = TestPostgres.dataSource(fixture.metadataDatabase()).getConnection();
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT count(*), count(*) FILTER (WHERE is_export_completed)"
                        + " FROM saas_db_metadata.delete_metadata")) {
            r.next();
            rows = r.getInt(1);
            completed = r.getInt(2);
        }
        boolean row5Deleted;
        String lastChange;
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:" + fixture.warehouse());
                Statement s = duck.createStatement();
                ResultSet r = s.executeQuery("SELECT bool_or(is_deleted AND id = 5), max(is_deleted_updated_at)::text"
                        + " FROM tap_postgres.\"GITLAB_DB_CI_BUILDS\"")) {
            r.next();
            row5Deleted = r.getBoolean(1);
            lastChange = r.getString(2);
        }
        List<Path> staged;
        try (Stream<Path> files = Files.walk(fixture.staging())) {
            staged = files.filter(Files::isRegularFile).sorted().toList();
        }
        return new State(rows, completed, row5Deleted, lastChange, staged);
    }
}
