package dev.saasextract.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.saasextract.testing.TestPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Cutover while a deletes key export of GitLab's pipeline is unfinished and under 26 h old: one of its tasks may still
 * be writing it, and taking it over would remove the key files it is about to load and flag from. The pass waits.
 */
class GitlabUnfinishedDeletesTest extends CiBuildsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String GITLAB_FILE = "staging/deletes/gitlab_db_ci_builds/"
            + "initial_load_start_2026-11-25t10:00:00.000/2026-11-25t10:20:00.000_gitlab_db_ci_builds.parquet.gzip";

    private Path gitlabFile;

    @BeforeEach
    void loadTheTableThenLeaveGitlabsKeyExportUnfinished() throws Exception {
        // This tool loads the table first so that it has a target; the newest delete_metadata row is then GitLab's.
        CliRun first = fixture.extract("--table", CiBuildsFixture.TABLE);
        assertEquals(0, first.exitCode(), first.err());
        gitlabFile = fixture.staging().resolve(GITLAB_FILE);
        Files.createDirectories(gitlabFile.getParent());
        Files.writeString(gitlabFile, "GitLab's keys 1..1500", StandardCharsets.UTF_8);
        try (Connection c = metadata().getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO saas_db_metadata.delete_metadata (database_name, table_name,"
                    + " initial_load_start_date, upload_date, upload_file_name, last_extracted_id, max_id,"
                    + " is_export_completed, chunk_row_count) VALUES ('GITLAB_DB', '" + CiBuildsFixture.TARGET
                    + "', (now() AT TIME ZONE 'utc') - interval '2 hours',"
                    + " now() AT TIME ZONE 'utc', '" + GITLAB_FILE + "', 1500, 2500, false, 1500)");
        }
    }

    private DataSource metadata() {
        return TestPostgres.dataSource(fixture.metadataDatabase());
    }

    @Test
    void theDueDeletesWaitAndAForcedPassIsRefusedLeavingGitlabsFiles() throws Exception {
        long rowsBefore = deleteMetadataRows();

        CliRun plan = fixture.extract("plan", "--table", CiBuildsFixture.TABLE, "--load-type", "deletes", "--json");
        assertEquals(0, plan.exitCode(), plan.err());
        JsonNode view = JSON.readTree(plan.out());
        assertEquals("skip", view.get("action").asText(), plan.out());
        assertEquals("gitlab_task_may_run", view.get("reason").asText(), plan.out());
        assertTrue(view.get("action_if_forced").isNull(), "a forced pass is refused: " + plan.out());

        CliRun ifDue = fixture.extract("--table", CiBuildsFixture.TABLE, "--load-type", "deletes", "--if-due");
        assertEquals(0, ifDue.exitCode(), ifDue.err());
        assertTrue(ifDue.log().contains("gitlab_task_may_run"), ifDue.log());

        CliRun forced = fixture.extract("--table", CiBuildsFixture.TABLE, "--load-type", "deletes");
        assertEquals(1, forced.exitCode(), forced.err());
        assertTrue(forced.err().contains("GitLab's pipeline staged the last file of its unfinished deletes key export"
                + " at "), forced.err());
        assertTrue(forced.err().contains("; then take it over with --restart, or wait: the deletes take it over from "),
                forced.err());

        assertTrue(Files.exists(gitlabFile), "GitLab's key file stays while its task may still load it");
        assertEquals(rowsBefore, deleteMetadataRows(), "nothing recorded");
    }

    private long deleteMetadataRows() throws SQLException {
        try (Connection c = metadata().getConnection(); Statement s = c.createStatement();
                ResultSet rows = s.executeQuery("SELECT count(*) FROM saas_db_metadata.delete_metadata")) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
