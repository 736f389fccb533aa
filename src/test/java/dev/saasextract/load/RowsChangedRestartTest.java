package dev.saasextract.load;

import static dev.saasextract.load.Pipeline.at;
import static dev.saasextract.load.Pipeline.crashAfterChunk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.saasextract.manifest.TableSpec;
import dev.saasextract.metadata.MetadataStore;
import dev.saasextract.metadata.TableLock;
import dev.saasextract.metadata.TableLockedException;
import dev.saasextract.plan.BackfillAction;
import dev.saasextract.plan.BackfillReason;
import dev.saasextract.plan.DeletesDecision;
import dev.saasextract.plan.DeletesReason;
import dev.saasextract.stage.LoadKind;
import dev.saasextract.stage.StagingLayout;
import dev.saasextract.status.ExportStatus;
import dev.saasextract.status.StatusReader;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A load cut short, then its manifest entry edited to select other rows (here additional_filtering gains a condition
 * that keeps confidential issues out; the query's time window is not part of the rows a load selects). Its staged
 * files hold rows the new filter excludes, so it is not resumed: it starts over in a new folder and its files are
 * removed. A query that only gained a column, or reads the same rows in another spelling, still resumes.
 */
class RowsChangedRestartTest {
    private static final Instant T0 = Instant.parse("2026-11-24T01:00:00Z");
    private static final Instant LATER = T0.plus(Duration.ofHours(1));
    private static final String WINDOW = " WHERE updated_at BETWEEN '{BEGIN_TIMESTAMP}'::timestamp"
            + " AND '{END_TIMESTAMP}'::timestamp";
    private static final String QUERY = "SELECT id, confidential, title, updated_at FROM issues" + WINDOW;
    private static final String NOT_CONFIDENTIAL = "AND NOT confidential";

    @RegisterExtension
    final Pipeline pipeline = new Pipeline();

    @BeforeEach
    void setUp() throws Exception {
        pipeline.sourceSql("CREATE TABLE issues (id bigint PRIMARY KEY, confidential boolean NOT NULL, title text,"
                + " updated_at timestamp NOT NULL); INSERT INTO issues SELECT g, g % 10 = 0, 'issue ' || g,"
                + " timestamp '2026-01-01' + g * interval '1 hour' FROM generate_series(1, 3000) g");
    }

    private static TableSpec issues(String query, String additionalFiltering) {
        return new TableSpec("issues", query, "GITLAB_DB", "issues", "id", "gitlab_com", "main", "",
                additionalFiltering, false, false);
    }

    @Test
    void aBackfillWhoseFilterChangedStartsOverAndNoRowTheNewFilterExcludesReachesTheWarehouse() throws Exception {
        assertThrows(RuntimeException.class,
                () -> pipeline.backfill(issues(QUERY, ""), at(T0), 1_000, crashAfterChunk(1)));
        String abandoned = StagingLayout.loadFolder(LoadKind.BACKFILL, "GITLAB_DB_ISSUES", T0);
        assertEquals(1, pipeline.stage.list(abandoned).size(), "a file with 100 confidential issues is staged");
        TableSpec filtered = issues(QUERY, NOT_CONFIDENTIAL);

        TablePlan plan = pipeline.plan(filtered, at(LATER));

        assertEquals(BackfillAction.RESTART, plan.backfill().action());
        assertEquals(BackfillReason.ROWS_CHANGED, plan.backfill().reason());
        assertEquals(OptionalLong.empty(), plan.backfill().startAfterId());
        assertEquals(Optional.of(LATER), plan.backfill().initialLoadStartDate(), "a new folder");
        assertEquals(List.of("stale"), backfillStates(filtered), "status: the next run starts it over");
        assertEquals(List.of("running"), backfillStates(issues(QUERY, "")), "status: unchanged, it resumes");

        assertEquals(2_700, pipeline.backfill(filtered, at(LATER), 1_000, LoadListener.NONE).rows());
        assertEquals(0, pipeline.warehouseLong("SELECT count(*) FROM tap_postgres.\"GITLAB_DB_ISSUES\""
                + " WHERE confidential"));
        assertEquals(2_700, pipeline.warehouseLong("SELECT count(DISTINCT id) FROM tap_postgres.\"GITLAB_DB_ISSUES\""));
        assertEquals(List.of(), pipeline.stage.list("staging/"), "the abandoned folder is removed too");
    }

    /**
     * Columns its files hold that finishing it would not stage (one gone, or of another type now) would fail the load
     * of all its files into one table on every run until 26 h had passed: it starts over instead.
     */
    @Test
    void aBackfillWhoseColumnsChangedStartsOverAndLoads() throws Exception {
        List<String> changedQueries = List.of("SELECT id, confidential, updated_at FROM issues" + WINDOW,
                "SELECT id, confidential, length(title) AS title, updated_at FROM issues" + WINDOW);
        for (int day = 0; day < changedQueries.size(); day++) {
            String changed = changedQueries.get(day);
            pipeline.warehouse.dropIfExists("tap_postgres", "GITLAB_DB_ISSUES");
            Instant start = T0.plus(Duration.ofDays(day));
            Instant later = start.plus(Duration.ofHours(1));
            assertThrows(RuntimeException.class,
                    () -> pipeline.backfill(issues(QUERY, ""), at(start), 1_000, crashAfterChunk(1)));

            TablePlan plan = pipeline.plan(issues(changed, ""), at(later));

            assertEquals(BackfillAction.RESTART, plan.backfill().action(), changed);
            assertEquals(BackfillReason.COLUMNS_CHANGED, plan.backfill().reason(), changed);
            assertEquals(3_000, pipeline.backfill(issues(changed, ""), at(later), 1_000, LoadListener.NONE).rows());
            assertEquals(List.of(), pipeline.stage.list("staging/"), changed);
        }
        assertEquals(3_000, pipeline.warehouseLong("SELECT count(*) FROM tap_postgres.\"GITLAB_DB_ISSUES\""
                + " WHERE title = length('issue ' || id)"), "every title is the new column's value");
    }

    private List<String> backfillStates(TableSpec manifestEntry) {
        return new StatusReader(pipeline.metadata, at(LATER), Map.of(manifestEntry.target(), manifestEntry))
                .read(Optional.of(manifestEntry.target())).stream()
                .filter(export -> export.load().equals("backfill"))
                .map(ExportStatus::state)
                .toList();
    }

    /**
     * Shards of one load started before the manifest changed still export it while a shard started after the change
     * finds the rows changed. Starting over would remove their files under them: it waits until they have stopped.
     */
    @Test
    @SuppressWarnings("try") // shard 1's lock is held for the block's duration, not used inside it
    void aShardThatFindsTheRowsChangedWaitsUntilTheShardsOfTheOldLoadHaveStopped() throws Exception {
        assertEquals("backfill:start:waiting_for_shards",
                pipeline.shard(issues(QUERY, ""), at(T0), 1_000, 0, 2, 1).action());
        String oldFolder = StagingLayout.loadFolder(LoadKind.BACKFILL, "GITLAB_DB_ISSUES", T0);
        int oldFiles = pipeline.stage.list(oldFolder).size();
        TableSpec filtered = issues(QUERY, NOT_CONFIDENTIAL);
        MetadataStore shardOneRun = MetadataStore.open(pipeline.metadataAdmin, "saas_db_metadata");

        try (TableLock shardOne = shardOneRun.lockShard("GITLAB_DB_ISSUES", 1, 2)) {
            TableLockedException waits = assertThrows(TableLockedException.class,
                    () -> pipeline.shard(filtered, at(LATER), 1_000, 0, 2, 1));
            assertEquals("table GITLAB_DB_ISSUES is being loaded by another run: shards of the unfinished backfill"
                    + " started 2026-11-24T01:00:00Z still export it; this run starts the backfill over (rows_changed)"
                    + " once they have stopped", waits.getMessage());
            assertEquals(oldFiles, pipeline.stage.list(oldFolder).size(), "their files are left alone");
        }

        assertEquals("backfill:restart:waiting_for_shards",
                pipeline.shard(filtered, at(LATER), 1_000, 0, 2, 1).action(), "stopped, the load starts over");
        assertEquals(2_700, pipeline.shard(filtered, at(LATER.plusSeconds(60)), 1_000, 1, 2, 1).rows());
        assertEquals(List.of(), pipeline.stage.list(oldFolder), "the old load's files go once the new one completes");
        assertEquals(0, pipeline.warehouseLong("SELECT count(*) FROM tap_postgres.\"GITLAB_DB_ISSUES\""
                + " WHERE confidential"));
    }

    /**
     * The same with the old load exported by a run without {@code --shard}, which holds the table's writer lock while
     * it exports: a shard takes no writer lock before it begins, so it checks that lock before removing the files.
     */
    @Test
    @SuppressWarnings("try") // the writer lock is held for the block's duration, not used inside it
    void aShardThatFindsTheRowsChangedWaitsForARunHoldingTheWriterLock() throws Exception {
        assertThrows(RuntimeException.class,
                () -> pipeline.backfill(issues(QUERY, ""), at(T0), 1_000, crashAfterChunk(2)));
        String oldFolder = StagingLayout.loadFolder(LoadKind.BACKFILL, "GITLAB_DB_ISSUES", T0);
        assertEquals(2, pipeline.stage.list(oldFolder).size());
        TableSpec filtered = issues(QUERY, NOT_CONFIDENTIAL);
        MetadataStore exportingRun = MetadataStore.open(pipeline.metadataAdmin, "saas_db_metadata");

        try (TableLock writer = exportingRun.lock("GITLAB_DB_ISSUES")) {
            TableLockedException waits = assertThrows(TableLockedException.class,
                    () -> pipeline.shard(filtered, at(LATER), 1_000, 0, 2, 1));
            assertEquals("table GITLAB_DB_ISSUES is being loaded by another run: a run holding the table's writer lock"
                    + " may still export the unfinished backfill started 2026-11-24T01:00:00Z; this shard starts the"
                    + " backfill over (rows_changed) once it has stopped", waits.getMessage());
            assertEquals(2, pipeline.stage.list(oldFolder).size(), "its files are left alone");
        }

        assertEquals("backfill:restart:waiting_for_shards",
                pipeline.shard(filtered, at(LATER), 1_000, 0, 2, 1).action(), "released, the load starts over");
        assertEquals(2_700, pipeline.shard(filtered, at(LATER.plusSeconds(60)), 1_000, 1, 2, 1).rows());
        assertEquals(List.of(), pipeline.stage.list(oldFolder), "the old load's files go once the new one completes");
    }

    @Test
    void statusStillShowsATableWhoseManifestQueryCannotBeRewritten() {
        assertThrows(RuntimeException.class,
                () -> pipeline.backfill(issues(QUERY, ""), at(T0), 1_000, crashAfterChunk(1)));

        assertEquals(List.of("running"), backfillStates(issues(QUERY, "OR confidential")),
                "additional_filtering must start with AND: the next run stops on it, status shows the load as it is");
    }

    @Test
    void aQueryThatOnlyGainedAColumnOrIsSpelledOtherwiseStillResumes() {
        assertThrows(RuntimeException.class,
                () -> pipeline.backfill(issues(QUERY, NOT_CONFIDENTIAL), at(T0), 1_000, crashAfterChunk(1)));

        TablePlan plan = pipeline.plan(issues("select id, confidential, title, updated_at, length(title) AS"
                + " title_length\nfrom   issues" + WINDOW, "AND   NOT confidential"), at(LATER));

        assertEquals(BackfillAction.RESUME, plan.backfill().action());
        assertEquals(BackfillReason.MID_BACKFILL, plan.backfill().reason());
        assertEquals(Optional.of(T0), plan.backfill().initialLoadStartDate());
    }

    @Test
    void aDeletesKeyExportWhoseFilterChangedStartsOver() {
        pipeline.backfill(issues(QUERY, ""), at(T0), 1_000, LoadListener.NONE);
        assertThrows(RuntimeException.class,
                () -> pipeline.deletes(issues(QUERY, ""), at(T0), 1_000, true, false, crashAfterChunk(1)));

        DeletesDecision same = pipeline.planDeletes(issues(QUERY, ""), at(LATER), LATER, false).decision();
        DeletesDecision changed = pipeline.planDeletes(issues(QUERY, NOT_CONFIDENTIAL), at(LATER), LATER, false)
                .decision();

        assertEquals(BackfillAction.RESUME, same.action(), "unchanged, it resumes");
        assertEquals(BackfillAction.RESTART, changed.action());
        assertEquals(DeletesReason.ROWS_CHANGED, changed.reason());
        assertEquals(Optional.of(LATER), changed.initialLoadStartDate());
    }
}
