package dev.saasextract.load;

import static dev.saasextract.load.Pipeline.at;
import static dev.saasextract.load.Pipeline.crashAfterChunk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saasextract.manifest.TableSpec;
import dev.saasextract.metadata.MetadataRow;
import dev.saasextract.metadata.MetadataTable;
import dev.saasextract.plan.BackfillAction;
import dev.saasextract.plan.BackfillReason;
import dev.saasextract.plan.BackfillRequest;
import dev.saasextract.schema.ColumnSpec;
import dev.saasextract.stage.LoadKind;
import dev.saasextract.stage.StagingLayout;
import dev.saasextract.verify.Difference;
import dev.saasextract.verify.KeysFound;
import dev.saasextract.verify.Verifications;
import dev.saasextract.verify.VerifyReport;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class BackfillEndToEndTest {
    private static final Instant T0 = Instant.parse("2026-11-24T01:00:00Z");

    /** Every type the tool carries, NULLs in every column, and a time window that would hide most rows. */
    private static final String CREATE = """
            CREATE TABLE merge_requests (
                id bigint PRIMARY KEY, iid integer, state_id smallint, title text, source_branch varchar(255),
                time_estimate numeric(12,4), weight numeric(38,10), ratio real, score double precision,
                draft boolean, created_at timestamptz, updated_at timestamp, due_date date, merge_params jsonb,
                raw_meta json, merge_commit_sha bytea, external_uid uuid, labels text[], approver_ids integer[]);
            INSERT INTO merge_requests
            SELECT g * 3,
                   CASE WHEN g % 17 = 0 THEN NULL ELSE g END,
                   CASE WHEN g % 19 = 0 THEN NULL ELSE (g % 4)::smallint END,
                   CASE WHEN g % 23 = 0 THEN NULL ELSE 'Fix ''quoted'' title ' || g || E' with \\u00e9 and\\nnewline' END,
                   'feature/' || md5(g::text),
                   CASE WHEN g % 29 = 0 THEN NULL ELSE (g * 1.0001)::numeric(12,4) - 500 END,
                   CASE WHEN g % 31 = 0 THEN NULL ELSE 1234567890123456789012345678.0123456789 * (g % 5 - 2) END,
                   CASE WHEN g % 37 = 0 THEN NULL ELSE g / 7.0 END,
                   CASE WHEN g % 41 = 0 THEN NULL ELSE g * 3.14159265358979 END,
                   CASE WHEN g % 43 = 0 THEN NULL ELSE g % 2 = 0 END,
                   CASE WHEN g % 47 = 0 THEN NULL
                        ELSE timestamptz '2020-02-29 23:59:59.999999+05:30' + g * interval '1 hour 1 microsecond' END,
                   timestamp '2024-01-01 00:00:00' + g * interval '1 minute 7 microseconds',
                   CASE WHEN g % 53 = 0 THEN NULL WHEN g % 97 = 0 THEN date '0044-03-15 BC' ELSE date '2024-02-29' + g END,
                   CASE WHEN g % 59 = 0 THEN NULL ELSE jsonb_build_object('force_remove_source_branch', g % 2 = 0,
                        'nested', jsonb_build_object('n', g, 'list', jsonb_build_array(1, 'two', null))) END,
                   CASE WHEN g % 61 = 0 THEN NULL ELSE ('{"b": ' || g || ', "a": "x"}')::json END,
                   CASE WHEN g % 67 = 0 THEN NULL ELSE decode(md5(g::text) || '00ff00', 'hex') END,
                   CASE WHEN g % 71 = 0 THEN NULL ELSE md5(g::text)::uuid END,
                   CASE WHEN g % 73 = 0 THEN NULL WHEN g % 5 = 0 THEN '{}'::text[] ELSE ARRAY['bug', NULL, 'p' || g] END,
                   CASE WHEN g % 79 = 0 THEN NULL ELSE ARRAY[g, NULL, -g] END
            FROM generate_series(1, 3500) AS g;
            """;

    private static final TableSpec MERGE_REQUESTS = new TableSpec("merge_requests",
            "SELECT id, iid, state_id, title, source_branch, time_estimate, weight, ratio, score, draft, created_at,"
                    + " updated_at, due_date, merge_params, raw_meta, merge_commit_sha, external_uid, labels, approver_ids\n"
                    + "FROM merge_requests\n"
                    + "WHERE updated_at BETWEEN '{BEGIN_TIMESTAMP}'::timestamp AND '{END_TIMESTAMP}'::timestamp",
            "GITLAB_DB", "merge_requests", "id", "gitlab_com", "main", "", "", false, false);

    /** 3,000 rows with keys 1..3000 so that chunks of 1,000 rows make exactly three files. */
    private static final TableSpec ISSUES = new TableSpec("issues",
            "SELECT id, project_id, title, updated_at FROM issues"
                    + " WHERE updated_at BETWEEN '{BEGIN_TIMESTAMP}'::timestamp AND '{END_TIMESTAMP}'::timestamp",
            "GITLAB_DB", "issues", "id", "gitlab_com", "main", "", "AND project_id <> 13", true, false);

    /** ISSUES as its manifest entry read before {@code title} was added to the query. */
    private static final TableSpec ISSUES_BEFORE_TITLE = new TableSpec("issues",
            "SELECT id, project_id, updated_at FROM issues"
                    + " WHERE updated_at BETWEEN '{BEGIN_TIMESTAMP}'::timestamp AND '{END_TIMESTAMP}'::timestamp",
            "GITLAB_DB", "issues", "id", "gitlab_com", "main", "", "AND project_id <> 13", true, false);

    /** ISSUES with its chunking key changed from id to project_id (100 to 196: all below the crashed run's ids). */
    private static final TableSpec ISSUES_KEYED_BY_PROJECT = new TableSpec("issues", ISSUES.importQuery(),
            "GITLAB_DB", "issues", "project_id", "gitlab_com", "main", "", "AND project_id <> 13", true, false);

    @RegisterExtension
    final Pipeline pipeline = new Pipeline();

    private void createIssues() throws Exception {
        pipeline.sourceSql("CREATE TABLE issues (id bigint PRIMARY KEY, project_id integer, title text, updated_at timestamp);"
                + " INSERT INTO issues SELECT g, CASE WHEN g % 1000 = 500 THEN 13 ELSE 100 + g % 97 END, 'issue ' || g,"
                + " timestamp '2020-01-01' + g * interval '1 day' FROM generate_series(1, 3000) g");
    }

    private long compareIssues() throws Exception {
        TablePlan plan = pipeline.plan(ISSUES, at(T0));
        return SourceWarehouseComparison.assertSame(pipeline.sourceAdmin,
                "SELECT id, project_id, title, updated_at FROM issues WHERE project_id <> 13",
                pipeline.warehouseFile.toString(), ISSUES.target(), plan.columns(), "id");
    }

    @Test
    void multiChunkBackfillEqualsTheSourceValueForValue() throws Exception {
        pipeline.sourceSql(CREATE);
        List<String> files = new ArrayList<>();
        LoadListener recorder = new LoadListener() {
            @Override
            public void chunkStaged(ExportProgress progress) {
                files.add(progress.file());
            }
        };

        LoadResult result = pipeline.backfill(MERGE_REQUESTS, at(T0), 1_000, recorder);

        assertEquals(3500, result.rows());
        assertEquals(4, files.size(), "3,500 rows in chunks of 1,000 rows make four files");
        TablePlan after = pipeline.plan(MERGE_REQUESTS, at(T0.plusSeconds(60)));
        assertEquals(BackfillAction.SKIP, after.backfill().action());
        long compared = SourceWarehouseComparison.assertSame(pipeline.sourceAdmin, "SELECT * FROM merge_requests",
                pipeline.warehouseFile.toString(), MERGE_REQUESTS.target(), after.columns(), "id");
        assertEquals(3500, compared, "every source row, whatever the time window in import_query");
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:" + pipeline.warehouseFile);
                Statement s = duck.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*), count(DISTINCT id), count(_uploaded_at),"
                        + " min(_uploaded_at) FROM tap_postgres.\"GITLAB_DB_MERGE_REQUESTS\"")) {
            rs.next();
            assertEquals(3500, rs.getLong(1));
            assertEquals(3500, rs.getLong(2));
            assertEquals(3500, rs.getLong(3), "every row carries _uploaded_at");
        }
        assertEquals(List.of(), pipeline.stage.list("staging/"), "files of a finished load are purged");
        assertFalse(pipeline.warehouse.columns("tap_postgres", MERGE_REQUESTS.tempTarget()).isPresent(),
                "the temp table is gone after the swap");
        assertTrue(Verifications.verify(pipeline.source, pipeline.warehouse, MERGE_REQUESTS).equal());
    }

    @Test
    void verifyAfterABackfillFindsExactlyTheRowsChangedInTheWarehouse() throws Exception {
        pipeline.sourceSql(CREATE);
        pipeline.backfill(MERGE_REQUESTS, at(T0), 1_000, LoadListener.NONE);
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:" + pipeline.warehouseFile);
                Statement s = duck.createStatement()) {
            String table = "tap_postgres.\"GITLAB_DB_MERGE_REQUESTS\"";
            s.execute("DELETE FROM " + table + " WHERE id = 300");
            s.execute("INSERT INTO " + table + " (id, _uploaded_at) VALUES (10503, TIMESTAMPTZ '2026-11-24 02:00:00+00')");
            s.execute("UPDATE " + table + " SET updated_at = updated_at + INTERVAL '1 microsecond' WHERE id = 6000");
        }

        VerifyReport report = Verifications.verify(pipeline.source, pipeline.warehouse, MERGE_REQUESTS);

        assertEquals(new KeysFound(1, List.of(300L)), report.found(Difference.MISSING));
        assertEquals(new KeysFound(1, List.of(10503L)), report.found(Difference.EXTRA));
        assertEquals(new KeysFound(1, List.of(6000L)), report.found(Difference.STALE));
        assertEquals(3, report.rangesFetched(), "only the three leaves holding a difference are read key by key");
    }

    @Test
    void metadataHasOneRowPerStagedFileAndCompletesOnlyAfterTheLoad() throws Exception {
        createIssues();

        pipeline.backfill(ISSUES, at(T0), 1_000, LoadListener.NONE);

        List<MetadataRow> rows = pipeline.metadata.rowsOfLoad(MetadataTable.BACKFILL, ISSUES.target(), T0);
        assertEquals(4, rows.size(), "three file rows and the completion row");
        assertEquals(List.of(1000L, 1000L, 997L, 0L), rows.stream().map(MetadataRow::chunkRowCount).toList(),
                "a chunk of 1,000 rows ends at the 1,000th key that passes the filter");
        assertEquals(List.of(false, false, false, true), rows.stream().map(MetadataRow::exportCompleted).toList());
        assertEquals(List.of(1001L, 2002L, 3000L, 3000L), rows.stream().map(MetadataRow::lastExtractedId).toList());
        assertEquals(2997, rows.stream().mapToLong(MetadataRow::chunkRowCount).sum(), "three rows are filtered out");
        assertEquals(StagingLayout.chunkFile(LoadKind.BACKFILL, ISSUES.target(), T0, OptionalLong.of(1001)),
                rows.get(1).uploadFileName());
        assertNull(rows.get(3).uploadFileName());
        assertTrue(rows.stream().allMatch(r -> r.databaseName().equals("GITLAB_DB") && r.maxId() == 3000));
        assertEquals(2997, compareIssues());
    }

    @Test
    void crashAfterTheSecondOfThreeChunksResumesAtTheThirdWithoutDuplicates() throws Exception {
        createIssues();

        RuntimeException crash = assertThrows(RuntimeException.class,
                () -> pipeline.backfill(ISSUES, at(T0), 1_000, crashAfterChunk(2)));
        assertEquals("injected crash", crash.getMessage());
        assertFalse(pipeline.warehouse.columns("tap_postgres", ISSUES.target()).isPresent(),
                "nothing reaches the target before the export is complete");
        assertEquals(2, pipeline.stage.list(StagingLayout.loadFolder(LoadKind.BACKFILL, ISSUES.target(), T0)).size());

        Instant later = T0.plus(Duration.ofHours(25));
        TablePlan resume = pipeline.plan(ISSUES, at(later));
        assertEquals(BackfillAction.RESUME, resume.backfill().action());
        assertEquals(BackfillReason.MID_BACKFILL, resume.backfill().reason());
        assertEquals(OptionalLong.of(2002), resume.backfill().startAfterId());

        List<String> staged = new ArrayList<>();
        LoadResult result = pipeline.backfill(ISSUES, at(later), 1_000, new LoadListener() {
            @Override
            public void chunkStaged(ExportProgress progress) {
                staged.add(progress.file());
            }
        });

        assertEquals(List.of(StagingLayout.chunkFile(LoadKind.BACKFILL, ISSUES.target(), T0, OptionalLong.of(2002))),
                staged, "only the third chunk is read again, into the same folder");
        assertEquals(2997, result.rows(), "the load holds the files of both runs");
        assertEquals(2997, compareIssues());
        assertEquals(List.of(), pipeline.stage.list("staging/"));
    }

    @Test
    void aQueryThatGainedAColumnSinceTheCrashResumesWithoutItThenBackfillsAgainToAddIt() throws Exception {
        createIssues();
        assertThrows(RuntimeException.class,
                () -> pipeline.backfill(ISSUES_BEFORE_TITLE, at(T0), 1_000, crashAfterChunk(2)));

        Instant later = T0.plus(Duration.ofHours(1));
        TablePlan resume = pipeline.plan(ISSUES, at(later));
        assertEquals(BackfillAction.RESUME, resume.backfill().action(), "CONTRACT §4: the resume comes first");
        assertEquals(OptionalLong.of(2002), resume.backfill().startAfterId());
        assertEquals(List.of("id", "project_id", "updated_at"),
                resume.columns().stream().map(ColumnSpec::name).toList(), "the columns the backfill started with");
        assertEquals(List.of("title"), resume.deferredColumns());

        assertEquals(2997, pipeline.backfill(ISSUES, at(later), 1_000, LoadListener.NONE).rows());
        assertEquals(List.of("id", "project_id", "updated_at", "_uploaded_at", "_task_instance"),
                pipeline.warehouse.columns("tap_postgres", ISSUES.target()).orElseThrow(),
                "no title column half NULL");

        Instant next = later.plus(Duration.ofHours(1));
        TablePlan addition = pipeline.plan(ISSUES, at(next));
        assertEquals(BackfillAction.START, addition.backfill().action());
        assertEquals(BackfillReason.SCHEMA_ADDITION, addition.backfill().reason());
        assertEquals(List.of("title"), addition.backfill().newColumns());
        assertEquals(List.of(), addition.deferredColumns(), "added by this backfill, not deferred");

        assertEquals(2997, pipeline.backfill(ISSUES, at(next), 1_000, LoadListener.NONE).rows());
        assertEquals(2997, compareIssues(), "every row has its title");
        assertEquals(List.of(), pipeline.stage.list("staging/"));
    }

    @Test
    void aBackfillWhoseKeyChangedSinceTheCrashRestartsInsteadOfResumingAfterAValueOfTheOldKey() throws Exception {
        createIssues();
        assertThrows(RuntimeException.class, () -> pipeline.backfill(ISSUES, at(T0), 1_000, crashAfterChunk(2)));
        String crashedFolder = StagingLayout.loadFolder(LoadKind.BACKFILL, ISSUES.target(), T0);
        assertEquals(2, pipeline.stage.list(crashedFolder).size());

        Instant later = T0.plus(Duration.ofHours(1));
        TablePlan restart = pipeline.plan(ISSUES_KEYED_BY_PROJECT, at(later));
        assertEquals(BackfillAction.RESTART, restart.backfill().action());
        assertEquals(BackfillReason.KEY_CHANGED, restart.backfill().reason());
        assertEquals(OptionalLong.empty(), restart.backfill().startAfterId(),
                "resuming after id 2002 on project_id would export no row at all");

        assertEquals(2997, pipeline.backfill(ISSUES_KEYED_BY_PROJECT, at(later), 1_000, LoadListener.NONE).rows());
        assertEquals(2997, compareIssues());
        assertEquals(List.of(), pipeline.stage.list("staging/"), "the crashed load's files are purged, not loaded");
        assertEquals(BackfillAction.SKIP, pipeline.plan(ISSUES_KEYED_BY_PROJECT, at(later.plusSeconds(60)))
                .backfill().action());
    }

    @Test
    void crashedExportOlderThan26HoursRestartsInANewFolderAndRemovesTheStaleFiles() throws Exception {
        createIssues();
        assertThrows(RuntimeException.class, () -> pipeline.backfill(ISSUES, at(T0), 1_000, crashAfterChunk(2)));
        String staleFolder = StagingLayout.loadFolder(LoadKind.BACKFILL, ISSUES.target(), T0);

        Instant later = T0.plus(Duration.ofHours(27));
        TablePlan restart = pipeline.plan(ISSUES, at(later));
        assertEquals(BackfillAction.RESTART, restart.backfill().action());
        assertEquals(BackfillReason.STALE_BACKFILL, restart.backfill().reason());
        assertEquals(OptionalLong.empty(), restart.backfill().startAfterId());
        assertNotEquals(T0, restart.backfill().initialLoadStartDate().orElseThrow());

        // Crash the restarted run after its first chunk to see the folders in between.
        assertThrows(RuntimeException.class, () -> pipeline.backfill(ISSUES, at(later), 1_000, crashAfterChunk(1)));
        String newFolder = StagingLayout.loadFolder(LoadKind.BACKFILL, ISSUES.target(), later);
        assertEquals(2, pipeline.stage.list(staleFolder).size(), "the stale files stay until the new load completes");
        assertEquals(1, pipeline.stage.list(newFolder).size());

        LoadResult result = pipeline.backfill(ISSUES, at(later.plusSeconds(600)), 1_000, LoadListener.NONE);

        assertEquals(2997, result.rows());
        assertEquals(2997, compareIssues());
        assertEquals(List.of(), pipeline.stage.list("staging/"), "the stale files are removed with the new load's");
    }

    @Test
    void aSecondBackfillReplacesTheTargetAtomicallyWithoutDuplicatingRows() throws Exception {
        createIssues();
        pipeline.backfill(ISSUES, at(T0), 1_000, LoadListener.NONE);
        pipeline.sourceSql("INSERT INTO issues VALUES (3001, 1, 'new', now())");

        TablePlan forced = new TablePlanner(pipeline.source, pipeline.warehouse, pipeline.metadata, at(T0.plusSeconds(3600)))
                .plan(ISSUES, BackfillRequest.FORCED);
        assertEquals(BackfillReason.FORCED, forced.backfill().reason());
        new BackfillRunner(pipeline.context(at(T0.plusSeconds(3600)), 1_000, LoadListener.NONE)).run(forced);

        assertEquals(2998, compareIssues());
    }

    @Test
    void emptySourceStillCreatesTheTargetAndCompletes() throws Exception {
        pipeline.sourceSql("CREATE TABLE issues (id bigint PRIMARY KEY, project_id integer, title text, updated_at timestamp)");

        LoadResult result = pipeline.backfill(ISSUES, at(T0), 1_000, LoadListener.NONE);

        assertEquals(0, result.rows());
        assertTrue(pipeline.warehouse.columns("tap_postgres", ISSUES.target()).isPresent());
        assertTrue(pipeline.metadata.newest(MetadataTable.BACKFILL, ISSUES.target()).orElseThrow().exportCompleted());
        assertEquals(BackfillAction.SKIP, pipeline.plan(ISSUES, at(T0.plusSeconds(5))).backfill().action());
    }
}
