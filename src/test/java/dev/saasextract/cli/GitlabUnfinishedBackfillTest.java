package dev.saasextract.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.saasextract.testing.TestPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Cutover in the middle of a backfill GitLab's pipeline left unfinished. GitLab records one metadata row per 15M-key
 * range, naming only its last file, so resuming after its last key would load an incomplete set of its files: the tool
 * starts the backfill over instead, and removes GitLab's files, once no GitLab task can still be writing them.
 */
class GitlabUnfinishedBackfillTest extends CiBuildsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String GITLAB_FOLDER = "staging/backfill/gitlab_db_ci_builds/"
            + "initial_load_start_2026-11-25t10:00:00.000/";
    private static final String GITLAB_FILE = GITLAB_FOLDER
            + "2026-11-25t10:20:00.000_gitlab_db_ci_builds.parquet.gzip";

    private Path gitlabFile;

    @BeforeEach
    void stageAFileAsGitlabsPipelineDoes() throws Exception {
        gitlabFile = fixture.staging().resolve(GITLAB_FILE);
        Files.createDirectories(gitlabFile.getParent());
        Files.writeString(gitlabFile, "GitLab's rows 1001..1500, gzip-compressed Parquet", StandardCharsets.UTF_8);
    }

    /** GitLab's metadata row of the unfinished backfill, whose last file it staged {@code hoursAgo}. */
    private void leaveItUnfinished(int hoursAgo) throws SQLException {
        try (Connection c = metadata().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA saas_db_metadata");
            s.execute("CREATE TABLE saas_db_metadata.backfill_metadata (database_name varchar, table_name varchar,"
                    + " initial_load_start_date timestamp, upload_date timestamp, upload_file_name varchar,"
                    + " last_extracted_id bigint, max_id bigint, is_export_completed boolean, chunk_row_count bigint)");
            // GitLab's write_metadata: nine values, positionally, naive UTC times.
            s.execute("INSERT INTO saas_db_metadata.backfill_metadata VALUES ('GITLAB_DB', '" + CiBuildsFixture.TARGET
                    + "', (now() AT TIME ZONE 'utc') - interval '" + (hoursAgo + 1) + " hours',"
                    + " (now() AT TIME ZONE 'utc') - interval '" + hoursAgo + " hours', '" + GITLAB_FILE
                    + "', 1500, 2500, false, 500)");
        }
    }

    private DataSource metadata() {
        return TestPostgres.dataSource(fixture.metadataDatabase());
    }

    /**
     * Under 26 h old, GitLab's task may still be writing the export (its DAGs not paused yet): taking it over would
     * remove the files it writes and rebuild the _TEMP table it fills and swaps in.
     */
    @Test
    void whileGitlabsTaskMayStillRunTheBackfillIsRefusedAndNothingIsTouched() throws Exception {
        leaveItUnfinished(1);

        CliRun plan = fixture.extract("plan", "--table", CiBuildsFixture.TABLE, "--json");
        CliRun run = fixture.extract("--table", CiBuildsFixture.TABLE);

        for (CliRun refused : List.of(plan, run)) {
            assertEquals(1, refused.exitCode(), refused.err());
            assertTrue(refused.err().contains(CiBuildsFixture.TARGET + " is being loaded by another run: GitLab's"
                    + " pipeline staged the last file of its unfinished backfill at "), refused.err());
            assertTrue(refused.err().contains("pause GitLab's DAGs and let their tasks end; then take it over with"
                    + " --restart, or wait: the backfill takes it over from "), refused.err());
            assertEquals(1, refused.err().strip().lines().count(), refused.err());
        }
        assertTrue(Files.exists(gitlabFile), "GitLab's file stays while its task may still write beside it");
        assertEquals(1, metadataRows(), "GitLab's row alone: nothing written");
        assertFalse(warehouseHas(CiBuildsFixture.TARGET + "_TEMP"), "no _TEMP table created");
    }

    @Test
    void restartTakesOverAnExportGitlabsTaskMayStillRun() throws Exception {
        leaveItUnfinished(1);

        CliRun run = fixture.extract("--table", CiBuildsFixture.TABLE, "--restart");

        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.log().contains("restart_requested"), run.log());
        assertEquals(List.of(2_250L, 2_250L, 1L, 2_499L), fixture.loadedIds(), "every row once");
        assertFalse(Files.exists(gitlabFile), "GitLab's abandoned file is purged with the other stale files");
    }

    @Test
    void planSaysTheBackfillRestartsBecauseAnotherPipelineStagedIt() throws Exception {
        leaveItUnfinished(27);

        CliRun plan = fixture.extract("plan", "--table", CiBuildsFixture.TABLE, "--json");

        assertEquals(0, plan.exitCode(), plan.err());
        JsonNode view = JSON.readTree(plan.out());
        assertEquals("restart", view.get("action").asText());
        assertEquals("foreign_backfill", view.get("reason").asText());
        assertTrue(view.get("start_after_id").isNull(), plan.out());

        CliRun text = fixture.extract("plan", "--table", CiBuildsFixture.TABLE);
        assertTrue(text.out().contains("another pipeline (GitLab's) staged the unfinished export"), text.out());

        CliRun status = fixture.extract("status", "--json");
        assertEquals(0, status.exitCode(), status.err());
        JsonNode table = JSON.readTree(status.out()).get(0);
        assertEquals("stale", table.get("state").asText(), "it will start over, not resume: " + status.out());
        assertEquals("foreign", table.get("exports").get(0).get("stale_because").asText(), status.out());
    }

    @Test
    void theBackfillStartsOverLoadsEveryRowOnceAndRemovesGitlabsFiles() throws Exception {
        leaveItUnfinished(27);

        CliRun run = fixture.extract("--table", CiBuildsFixture.TABLE);

        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.log().contains("foreign_backfill"), run.log());
        assertEquals(List.of(2_250L, 2_250L, 1L, 2_499L), fixture.loadedIds(), "every row once");
        assertFalse(Files.exists(gitlabFile), "GitLab's abandoned file is purged with the other stale files");
        List<String> completed = loadStarts("is_export_completed");
        assertEquals(1, completed.size(), completed.toString());
        assertNotEquals(loadStarts("upload_file_name = '" + GITLAB_FILE + "'"), completed, "a new folder");
    }

    private long metadataRows() throws SQLException {
        try (Connection c = metadata().getConnection(); Statement s = c.createStatement();
                ResultSet rows = s.executeQuery("SELECT count(*) FROM saas_db_metadata.backfill_metadata")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private boolean warehouseHas(String table) throws SQLException {
        if (!Files.exists(fixture.warehouse())) {
            return false;
        }
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:" + fixture.warehouse());
                PreparedStatement s = duck.prepareStatement(
                        "SELECT count(*) FROM information_schema.tables WHERE table_name = ?")) {
            s.setString(1, table);
            try (ResultSet rows = s.executeQuery()) {
                rows.next();
                return rows.getLong(1) > 0;
            }
        }
    }

    /** initial_load_start_date of the backfills with a row where {@code condition} holds. */
    private List<String> loadStarts(String condition) throws SQLException {
        try (Connection c = metadata().getConnection(); Statement s = c.createStatement();
                ResultSet rows = s.executeQuery("SELECT DISTINCT initial_load_start_date FROM"
                        + " saas_db_metadata.backfill_metadata WHERE " + condition)) {
            List<String> starts = new ArrayList<>();
            while (rows.next()) {
                starts.add(rows.getString(1));
            }
            return starts;
        }
    }
}
