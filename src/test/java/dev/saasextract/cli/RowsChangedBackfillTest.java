package dev.saasextract.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.saasextract.testing.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A backfill left unfinished just now that selected every build; the manifest now keeps secret jobs out (its
 * {@code name NOT ILIKE '%%secret%%'} condition). The file it staged may hold secret jobs, so the run starts the
 * backfill over instead of resuming it, and removes that file.
 */
class RowsChangedBackfillTest extends CiBuildsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FILE = "staging/backfill/gitlab_db_ci_builds/every_build/keys_from_start.parquet";

    @Test
    void planStatusAndRunRestartABackfillThatSelectedOtherRowsThanTheManifestDoesNow() throws Exception {
        assertEquals(0, fixture.extract("--table", CiBuildsFixture.TABLE).exitCode(), "migrates the metadata");
        fixture.unfinishedBackfill(FILE, 1500, "id");
        startedSelecting("SELECT * FROM p_ci_builds");
        Path staged = Files.writeString(Files.createDirectories(fixture.staging().resolve(FILE).getParent())
                .resolve("keys_from_start.parquet"), "not read: the load is abandoned");

        CliRun plan = fixture.extract("plan", "--table", CiBuildsFixture.TABLE, "--json");
        assertEquals(0, plan.exitCode(), plan.err());
        JsonNode view = JSON.readTree(plan.out());
        assertEquals("restart", view.get("action").asText(), plan.out() + plan.err());
        assertEquals("rows_changed", view.get("reason").asText());
        assertTrue(view.get("start_after_id").isNull(), plan.out());
        assertTrue(plan.log().contains("selected other rows than the manifest does now"), plan.log());
        assertTrue(plan.log().contains("It selected: SELECT * FROM p_ci_builds"), plan.log());
        CliRun text = fixture.extract("plan", "--table", CiBuildsFixture.TABLE);
        assertTrue(text.out().contains("the unfinished export selected other rows than the manifest does now"),
                text.out());
        JsonNode status = JSON.readTree(fixture.extract("status", "--json").out()).get(0);
        assertEquals("stale", status.get("state").asText(), "it will start over, not resume: " + status);
        assertEquals("rows_changed", status.get("exports").get(0).get("stale_because").asText(), status.toString());
        assertFalse(status.get("run_active").asBoolean(), status.toString());

        CliRun run = fixture.extract("--table", CiBuildsFixture.TABLE);
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.log().contains("reason=rows_changed"), run.log());
        assertEquals(List.of(2_250L, 2_250L, 1L, 2_499L), fixture.loadedIds(), "every row the manifest selects, once");
        assertFalse(Files.exists(staged), "the abandoned load's file is removed");
    }

    private void startedSelecting(String rowSource) throws Exception {
        try (Connection c = TestPostgres.dataSource(fixture.metadataDatabase()).getConnection();
                PreparedStatement update = c.prepareStatement("UPDATE saas_db_metadata.export_columns"
                        + " SET row_source = ? WHERE row_source IS NULL")) {
            update.setString(1, rowSource);
            assertEquals(1, update.executeUpdate(), "the unfinished load's record");
        }
    }
}
