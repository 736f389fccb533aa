package dev.saasextract.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A backfill left unfinished just now while chunked by {@code name}; the manifest now names {@code id}. Its
 * {@code last_extracted_id} is a value of the old key, so the run starts the backfill over instead of resuming.
 */
class KeyChangedBackfillTest extends CiBuildsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void planStatusAndRunRestartABackfillChunkedByAnotherKeyThanTheManifestNamesNow() throws Exception {
        assertEquals(0, fixture.extract("--table", CiBuildsFixture.TABLE).exitCode(), "migrates the metadata");
        fixture.unfinishedBackfill("staging/backfill/gitlab_db_ci_builds/keys_by_name.parquet", 1500, "name");

        CliRun plan = fixture.extract("plan", "--table", CiBuildsFixture.TABLE, "--json");
        assertEquals(0, plan.exitCode(), plan.err());
        JsonNode view = JSON.readTree(plan.out());
        assertEquals("restart", view.get("action").asText(), plan.out() + plan.err());
        assertEquals("key_changed", view.get("reason").asText());
        assertTrue(view.get("start_after_id").isNull(), plan.out());
        assertTrue(plan.log().contains("was chunked by name, the manifest now names id"), plan.log());
        CliRun text = fixture.extract("plan", "--table", CiBuildsFixture.TABLE);
        assertTrue(text.out().contains("chunked by another key column than export_table_primary_key names now"),
                text.out());
        CliRun status = fixture.extract("status", "--json");
        assertEquals(0, status.exitCode(), status.err());
        assertEquals("stale", JSON.readTree(status.out()).get(0).get("state").asText(),
                "it will start over, not resume: " + status.out());
        assertEquals("key_changed", JSON.readTree(status.out()).get(0).get("exports").get(0).get("stale_because")
                .asText(), status.out());

        CliRun run = fixture.extract("--table", CiBuildsFixture.TABLE);
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.log().contains("key_changed"), run.log());
        assertEquals(List.of(2_250L, 2_250L, 1L, 2_499L), fixture.loadedIds(), "every row once");
    }
}
