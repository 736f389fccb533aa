package dev.saasextract.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class StagingLayoutTest {
    private static final Instant START = Instant.parse("2023-04-07T16:50:28.132Z");

    @Test
    void folderFollowsTheContractLayoutWithGitLabsTimestampFormat() {
        assertEquals("staging/backfill/gitlab_db_issues/initial_load_start_2023-04-07t16:50:28.132/",
                StagingLayout.loadFolder(LoadKind.BACKFILL, "GITLAB_DB_ISSUES", START));
        assertEquals("staging/incremental_load_by_id/gitlab_db_x/",
                StagingLayout.tableFolder(LoadKind.INCREMENTAL_BY_ID, "GITLAB_DB_X"));
        assertEquals("staging/deletes/gitlab_db_x/", StagingLayout.tableFolder(LoadKind.DELETES, "GITLAB_DB_X"));
        assertEquals("staging/regular/gitlab_db_x/", StagingLayout.tableFolder(LoadKind.REGULAR, "GITLAB_DB_X"));
    }

    @Test
    void aNewLoadAlsoEmptiesTheFolderWhereGitLabsPipelineStagedItsKindElsewhere() {
        assertEquals(List.of("staging/incremental_load_by_id/gitlab_db_x/", "staging/load_by_id/gitlab_db_x/"),
                StagingLayout.foldersOfEarlierLoads(LoadKind.INCREMENTAL_BY_ID, "GITLAB_DB_X"));
        for (LoadKind sameFolder : List.of(LoadKind.BACKFILL, LoadKind.REGULAR, LoadKind.DELETES)) {
            assertEquals(List.of(StagingLayout.tableFolder(sameFolder, "GITLAB_DB_X")),
                    StagingLayout.foldersOfEarlierLoads(sameFolder, "GITLAB_DB_X"));
        }
    }

    @Test
    void wholeSecondsStillCarryMilliseconds() {
        assertEquals("staging/backfill/t/initial_load_start_2026-11-24t01:00:00.000/",
                StagingLayout.loadFolder(LoadKind.BACKFILL, "T", Instant.parse("2026-11-24T01:00:00Z")));
    }

    @Test
    void chunkFileIsAPureFunctionOfTheLowerKeyBound() {
        String first = StagingLayout.chunkFile(LoadKind.BACKFILL, "T", START, OptionalLong.empty());
        String second = StagingLayout.chunkFile(LoadKind.BACKFILL, "T", START, OptionalLong.of(5_000_000));

        assertEquals("staging/backfill/t/initial_load_start_2023-04-07t16:50:28.132/keys_from_start.parquet", first);
        assertEquals("staging/backfill/t/initial_load_start_2023-04-07t16:50:28.132/keys_after_00000000000005000000.parquet",
                second);
        assertEquals(second, StagingLayout.chunkFile(LoadKind.BACKFILL, "T", START, OptionalLong.of(5_000_000)));
        assertNotEquals(second, StagingLayout.chunkFile(LoadKind.BACKFILL, "T", START, OptionalLong.of(5_000_001)));
    }

    @Test
    void streamedLoadsNumberTheirFiles() {
        assertEquals("staging/regular/gitlab_db_issues/initial_load_start_2023-04-07t16:50:28.132/part_00012.parquet",
                StagingLayout.partFile(LoadKind.REGULAR, "GITLAB_DB_ISSUES", START, 12));
    }

    @Test
    void gitlabsPipelineFilesAreToldApartByTheirSuffix() {
        assertFalse(StagingLayout.isGitlabPipelineFile(StagingLayout.chunkFile(LoadKind.DELETES, "T", START,
                OptionalLong.empty())));
        assertFalse(StagingLayout.isGitlabPipelineFile(StagingLayout.chunkFile(LoadKind.BACKFILL, "T", START,
                OptionalLong.of(Long.MIN_VALUE))));
        assertFalse(StagingLayout.isGitlabPipelineFile(StagingLayout.partFile(LoadKind.INCREMENTAL_BY_ID, "T", START,
                3)));
        assertFalse(StagingLayout.isGitlabPipelineFile("some_file"), "a name GitLab's own tests record");

        assertTrue(StagingLayout.isGitlabPipelineFile("staging/backfill/gitlab_db_issues/initial_load_start_"
                + "2023-04-07t16:50:28.132/2023-04-07t16:52:01.001_gitlab_db_issues.parquet.gzip"));
        assertTrue(StagingLayout.isGitlabPipelineFile("staging/deletes/cells/gitlab_db_x/initial_load_start_"
                + "2023-04-07t16:50:28.132/2023-04-07t16:52:01.001_gitlab_db_x.parquet.gzip"));
    }
}
