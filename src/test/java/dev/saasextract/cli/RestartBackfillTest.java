package dev.saasextract.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code --restart}: a backfill left unfinished two hours ago (resumable) is abandoned for a new one from the first
 * key, its staged file removed, as an engineer who found its query wrong would want.
 */
class RestartBackfillTest extends CiBuildsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest(name = "--parallel {0}")
    @ValueSource(strings = {"1", "2"})
    void aResumableBackfillIsStartedOverInANewFolderAndLoadsEveryRowOnce(String readers) throws Exception {
        assertEquals(0, fixture.extract("--table", CiBuildsFixture.TABLE).exitCode(), "the first backfill");
        Path abandoned = unfinishedBackfillAfterKey(1500);

        JsonNode resume = JSON.readTree(fixture.extract("plan", "--table", CiBuildsFixture.TABLE, "--json").out());
        assertEquals("resume", resume.get("action").asText(), "without --restart it resumes: " + resume);
        CliRun plan = fixture.extract("plan", "--table", CiBuildsFixture.TABLE, "--restart", "--json");
        assertEquals(0, plan.exitCode(), plan.err());
        JsonNode restart = JSON.readTree(plan.out());
        assertEquals("backfill", restart.get("load_type").asText());
        assertEquals("restart", restart.get("action").asText(), plan.out());
        assertEquals("restart_requested", restart.get("reason").asText());
        assertTrue(restart.get("start_after_id").isNull(), plan.out());
        assertTrue(fixture.extract("plan", "--table", CiBuildsFixture.TABLE, "--restart").out()
                .contains("--restart abandons the unfinished export"));

        // --parallel decides again under the planning lock: the restart must stay one there
        CliRun run = fixture.extract("--table", CiBuildsFixture.TABLE, "--restart", "--chunk-rows", "1000",
                "--parallel", readers);

        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.log().contains("reason=restart_requested"), run.log());
        assertTrue(run.log().contains("action=backfill:restart rows=2250 files="), run.log());
        assertEquals(List.of(2_250L, 2_250L, 1L, 2_499L), fixture.loadedIds(), "every row once");
        assertFalse(Files.exists(abandoned), "the abandoned load's file is removed");
        JsonNode status = JSON.readTree(fixture.extract("status", "--json").out()).get(0);
        assertEquals("completed", status.get("exports").get(0).get("state").asText(), status.toString());
        JsonNode after = JSON.readTree(fixture.extract("plan", "--table", CiBuildsFixture.TABLE, "--json").out());
        assertEquals("skip", after.get("action").asText(), "no backfill is left to resume: " + after);
        assertEquals("incremental", after.get("regular_load").get("load_type").asText(), after.toString());
    }

    @Test
    void aRestartIsRefusedForOtherStepsAndForShards() {
        CliRun incremental = fixture.extract("--table", CiBuildsFixture.TABLE, "--restart", "--load-type",
                "incremental");
        assertEquals(2, incremental.exitCode(), incremental.err());
        assertEquals("extract: --restart: it starts a backfill or a deletes key export over; use it with"
                + " --load-type backfill or deletes, not incremental",
                incremental.errorLine());

        CliRun shard = fixture.extract("--table", CiBuildsFixture.TABLE, "--restart", "--shard", "0/2");
        assertEquals(2, shard.exitCode(), shard.err());
        assertTrue(shard.errorLine().startsWith("extract: --restart: not with --shard"), shard.errorLine());
        CliRun plan = fixture.extract("plan", "--table", CiBuildsFixture.TABLE, "--restart", "--load-type", "deletes");
        assertEquals(2, plan.exitCode(), plan.err());
    }

    /** A load started two hours ago whose export stopped after {@code key}, with its one staged file. */
    private Path unfinishedBackfillAfterKey(long key) throws Exception {
        String name = "staging/backfill/gitlab_db_ci_builds/abandoned/keys_from_start.parquet";
        fixture.unfinishedBackfill(name, key, "id");
        Path file = fixture.staging().resolve(name);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, "not read: the load is abandoned");
    }
}
