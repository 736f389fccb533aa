package dev.saasextract.load;

import static dev.saasextract.load.Pipeline.at;
import static dev.saasextract.load.Pipeline.crashAfterChunk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saasextract.checkpoint.Checkpoint;
import dev.saasextract.checkpoint.Checkpoints;
import dev.saasextract.config.LogCapture;
import dev.saasextract.errors.InvalidInputException;
import dev.saasextract.manifest.TableSpec;
import dev.saasextract.metadata.MetadataRow;
import dev.saasextract.metadata.MetadataTable;
import dev.saasextract.plan.BackfillAction;
import dev.saasextract.plan.BackfillRequest;
import dev.saasextract.plan.IncrementalWindow;
import dev.saasextract.source.SourceReadException;
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
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Day 1 a backfill, day 2 the table's regular load, on embedded Postgres, local staging and DuckDB. */
class RegularLoadEndToEndTest {
    private static final Instant DAY1 = Instant.parse("2026-11-24T02:00:00Z");
    private static final Instant DAY2 = Instant.parse("2026-11-25T02:30:00Z");
    private static final Map<String, String> DAY2_AIRFLOW = Map.of("EXECUTION_DATE", "2026-11-25T02:30:00+00:00",
            "HOURS", "96", "LAST_LOADED", "2026-11-24T02:00:00+0000");

    private static final TableSpec ISSUES = new TableSpec("issues",
            "SELECT id, project_id, title, updated_at FROM issues"
                    + " WHERE updated_at BETWEEN '{BEGIN_TIMESTAMP}'::timestamp AND '{END_TIMESTAMP}'::timestamp",
            "GITLAB_DB", "issues", "id", "gitlab_com", "main", "", "AND project_id <> 13", false, false);

    private static final TableSpec COMMITS = new TableSpec("merge_request_diff_commits",
            "SELECT merge_request_diff_id, relative_order, sha, authored_date FROM merge_request_diff_commits",
            "GITLAB_DB", "merge_request_diff_commits", "merge_request_diff_id", "gitlab_com", "main", "load_by_id",
            "", false, true);

    /** COMMITS with its key changed from merge_request_diff_id to relative_order (0 to 4). */
    private static final TableSpec COMMITS_BY_ORDER = new TableSpec("merge_request_diff_commits",
            COMMITS.importQuery(), "GITLAB_DB", "merge_request_diff_commits", "relative_order", "gitlab_com", "main",
            "load_by_id", "", false, true);

    private static final TableSpec TRACE_CHUNKS = new TableSpec("ci_build_trace_chunks",
            "SELECT build_id, chunk_index, data_store FROM ci_build_trace_chunks",
            "GITLAB_DB", "ci_build_trace_chunks", "build_id", "gitlab_com", "ci", "", "", false, false);

    @RegisterExtension
    final Pipeline pipeline = new Pipeline();

    private List<Long> warehouseIds(String table, String where) throws Exception {
        List<Long> ids = new ArrayList<>();
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:" + pipeline.warehouseFile);
                Statement s = duck.createStatement();
                ResultSet rs = s.executeQuery("SELECT id FROM tap_postgres.\"" + table + "\" WHERE " + where
                        + " ORDER BY id")) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
        }
        return ids;
    }

    @Test
    void dayTwoAppendsExactlyTheRowsOfTheWindow() throws Exception {
        pipeline.sourceSql("CREATE TABLE issues (id bigint PRIMARY KEY, project_id integer, title text, updated_at timestamp);"
                + " INSERT INTO issues SELECT g, 100 + g % 7, 'issue ' || g, timestamp '2020-01-01' + g * interval '1 hour'"
                + " FROM generate_series(1, 500) g");
        pipeline.backfill(ISSUES, at(DAY1), 200, LoadListener.NONE);

        // Window: LAST_LOADED - 30 min = 2026-11-24 01:30 .. min(replica = now, EXECUTION_DATE) = 2026-11-25 02:30
        pipeline.sourceSql("UPDATE issues SET updated_at = '2026-11-24 12:00', title = 'edited' WHERE id IN (10, 20, 30);"
                + " UPDATE issues SET updated_at = '2026-11-24 01:29:59' WHERE id = 40;" // just before the window
                + " UPDATE issues SET updated_at = '2026-11-24 01:30:00' WHERE id = 41;" // first instant of the window
                + " UPDATE issues SET updated_at = '2026-11-25 02:30:01' WHERE id = 42;" // just after it
                + " UPDATE issues SET updated_at = '2026-11-24 13:00', project_id = 13 WHERE id = 43;" // filtered out
                + " INSERT INTO issues SELECT g, 101, 'new ' || g, timestamp '2026-11-25 01:00' FROM generate_series(501, 650) g");

        RegularPlan plan = pipeline.planRegular(ISSUES, at(DAY2), DAY2_AIRFLOW);
        assertEquals(Instant.parse("2026-11-24T01:30:00Z"), plan.window().orElseThrow().begin());
        assertEquals(DAY2, plan.window().orElseThrow().end());
        assertEquals("2026-11-25T02:30:00+0000", plan.window().orElseThrow().maxDataAvailable());

        LoadResult result = pipeline.regular(ISSUES, at(DAY2), 100, DAY2_AIRFLOW, LoadListener.NONE);

        List<Long> expected = new ArrayList<>(List.of(10L, 20L, 30L, 41L));
        for (long id = 501; id <= 650; id++) {
            expected.add(id);
        }
        assertEquals(expected.size(), result.rows());
        assertEquals(expected, warehouseIds(ISSUES.target(), "_uploaded_at = TIMESTAMPTZ '2026-11-25 02:30:00+00'"));
        assertEquals(500 + expected.size(), pipeline.warehouseLong(
                "SELECT count(*) FROM tap_postgres.\"GITLAB_DB_ISSUES\""), "day 1 rows stay, day 2 rows are appended");
        assertEquals(3, pipeline.warehouseLong("SELECT count(*) FROM tap_postgres.\"GITLAB_DB_ISSUES\" WHERE title = 'edited'"));
        VerifyReport verified = Verifications.verify(pipeline.source, pipeline.warehouse, ISSUES);
        assertEquals(new KeysFound(2, List.of(40L, 42L)), verified.found(Difference.STALE),
                "updated just outside the window: the next window (or its look-back) picks them up");
        assertEquals(new KeysFound(1, List.of(43L)), verified.found(Difference.EXTRA), "now filtered out at the source");
        assertEquals(KeysFound.NONE, verified.found(Difference.MISSING), "the day 2 duplicates of 10, 20, 30 are fine");
        assertEquals(List.of(), pipeline.stage.list("staging/"));
        assertTrue(pipeline.metadata.newest(MetadataTable.INCREMENTAL, ISSUES.target()).orElseThrow().exportCompleted());
    }

    /**
     * A backfill that ran long (or an extract DAG that lost its XCom history): the first regular load after it gets
     * GitLab's fallback, LAST_LOADED = now - 54 h, later than the backfill's start. A row the export read before it
     * was updated must still reach the warehouse, so the window reaches back to the backfill; the load after it goes
     * on from its LAST_LOADED as usual.
     */
    @Test
    void theFirstRegularLoadAfterABackfillReachesBackToItsStartWhateverLastLoadedSays() throws Exception {
        pipeline.sourceSql("CREATE TABLE issues (id bigint PRIMARY KEY, project_id integer, title text, updated_at timestamp);"
                + " INSERT INTO issues SELECT g, 100, 'v1', timestamp '2020-01-01' FROM generate_series(1, 100) g");
        pipeline.backfill(ISSUES, at(DAY1), 50, LoadListener.NONE);
        pipeline.sourceSql("UPDATE issues SET title = 'v2', updated_at = '2026-11-24 05:00' WHERE id = 7");
        Instant firstRun = DAY1.plus(Duration.ofHours(60));
        Map<String, String> fallback = Map.of("EXECUTION_DATE", firstRun.toString(), "HOURS", "96",
                "LAST_LOADED", "2026-11-24T08:00:00+0000");

        RegularPlan plan = pipeline.planRegular(ISSUES, at(firstRun), fallback);
        pipeline.regular(ISSUES, at(firstRun), 50, fallback, LoadListener.NONE);

        assertEquals(DAY1.minus(IncrementalWindow.LAST_LOADED_OVERLAP), plan.window().orElseThrow().begin());
        assertEquals(KeysFound.NONE, Verifications.verify(pipeline.source, pipeline.warehouse, ISSUES)
                .found(Difference.STALE), "id 7's update is loaded");
        Map<String, String> nextDay = Map.of("EXECUTION_DATE", firstRun.plus(Duration.ofDays(1)).toString(),
                "HOURS", "96", "LAST_LOADED", plan.window().orElseThrow().maxDataAvailable());
        assertEquals(firstRun.minus(IncrementalWindow.LAST_LOADED_OVERLAP), pipeline.planRegular(ISSUES,
                at(firstRun.plus(Duration.ofDays(1))), nextDay).window().orElseThrow().begin());
    }

    /**
     * An Airflow run of an older logical date (cleared, or caught up) completes after the backfill, but its window
     * ends before the backfill's data starts: it has not followed the backfill, so the next run still reaches back.
     * Had it counted, that run would begin at its LAST_LOADED, after the update below, which would be lost for good.
     */
    @Test
    void aRegularLoadOfAnOlderLogicalDateDoesNotFollowTheBackfill() throws Exception {
        pipeline.sourceSql("CREATE TABLE issues (id bigint PRIMARY KEY, project_id integer, title text, updated_at timestamp);"
                + " INSERT INTO issues SELECT g, 100, 'v1', timestamp '2020-01-01' FROM generate_series(1, 100) g");
        pipeline.backfill(ISSUES, at(DAY1), 50, LoadListener.NONE);
        Instant oldRunAt = DAY1.plus(Duration.ofHours(1));
        Map<String, String> oldRun = Map.of("EXECUTION_DATE", "2026-11-23T12:00:00+00:00", "HOURS", "96",
                "LAST_LOADED", "2026-11-23T00:00:00+0000");
        RegularPlan old = pipeline.planRegular(ISSUES, at(oldRunAt), oldRun);
        assertEquals(Instant.parse("2026-11-23T12:00:00Z"), old.window().orElseThrow().end(), "before the backfill");
        pipeline.regular(ISSUES, at(oldRunAt), 50, oldRun, LoadListener.NONE);
        pipeline.sourceSql("UPDATE issues SET title = 'v2', updated_at = '2026-11-24 05:00' WHERE id = 7");

        Instant nextRun = DAY1.plus(Duration.ofHours(60));
        Map<String, String> next = Map.of("EXECUTION_DATE", nextRun.toString(), "HOURS", "96",
                "LAST_LOADED", "2026-11-24T08:00:00+0000");
        RegularPlan plan = pipeline.planRegular(ISSUES, at(nextRun), next);
        pipeline.regular(ISSUES, at(nextRun), 50, next, LoadListener.NONE);

        assertEquals(DAY1.minus(IncrementalWindow.LAST_LOADED_OVERLAP), plan.window().orElseThrow().begin());
        assertEquals(KeysFound.NONE, Verifications.verify(pipeline.source, pipeline.warehouse, ISSUES)
                .found(Difference.STALE), "id 7's update is loaded");
        Instant dayAfter = nextRun.plus(Duration.ofDays(1));
        assertEquals(nextRun.minus(IncrementalWindow.LAST_LOADED_OVERLAP), pipeline.planRegular(ISSUES, at(dayAfter),
                Map.of("EXECUTION_DATE", dayAfter.toString(), "HOURS", "96", "LAST_LOADED",
                        plan.window().orElseThrow().maxDataAvailable())).window().orElseThrow().begin(),
                "the load that read across the backfill's start has followed it");
    }

    /**
     * The backfill read a replica 5 hours behind, as GitLab's snapshot replicas may be: its rows are as of 5 hours
     * before it started, so the first regular load reaches back to then, not to its start by the clock.
     */
    @Test
    void theFirstRegularLoadAfterABackfillFromALaggingReplicaReachesBackToTheReplicasTime() throws Exception {
        pipeline.sourceSql("CREATE TABLE issues (id bigint PRIMARY KEY, project_id integer, title text, updated_at timestamp);"
                + " INSERT INTO issues SELECT g, 100, 'v1', timestamp '2020-01-01' FROM generate_series(1, 100) g;"
                + " CREATE TABLE public.last_replication_timestamp (last_replica_time timestamp);"
                + " INSERT INTO public.last_replication_timestamp VALUES ('2026-11-23 21:00:00')"); // DAY1 - 5 h
        pipeline.backfill(ISSUES, at(DAY1), 50, LoadListener.NONE);
        Instant firstRun = DAY1.plus(Duration.ofHours(60));
        pipeline.sourceSql("UPDATE public.last_replication_timestamp SET last_replica_time = '2026-11-26 13:00:00'");
        Map<String, String> fallback = Map.of("EXECUTION_DATE", firstRun.toString(), "HOURS", "96",
                "LAST_LOADED", "2026-11-24T08:00:00+0000");

        RegularPlan plan = pipeline.planRegular(ISSUES, at(firstRun), fallback);

        assertEquals(Instant.parse("2026-11-23T20:30:00Z"), plan.window().orElseThrow().begin());
    }

    @Test
    void aWindowBeginningAfterTheExecutionDateIsBadInput() throws Exception {
        pipeline.sourceSql("CREATE TABLE issues (id bigint PRIMARY KEY, project_id integer, title text, updated_at timestamp)");
        pipeline.backfill(ISSUES, at(DAY1), 200, LoadListener.NONE);

        Map<String, String> lastLoadedInTheFuture = Map.of("EXECUTION_DATE", "2026-11-25T02:30:00Z", "HOURS", "96",
                "LAST_LOADED", "2026-11-26T00:00:00+0000");

        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> pipeline.regular(ISSUES, at(DAY2), 100, lastLoadedInTheFuture, LoadListener.NONE));
        assertTrue(e.getMessage().startsWith("LAST_LOADED 2026-11-26T00:00:00Z is more than 30 minutes after"),
                e.getMessage());
        assertTrue(pipeline.metadata.newest(MetadataTable.INCREMENTAL, ISSUES.target()).isEmpty(), "nothing recorded");
    }

    private void createCommits(int diffs) throws Exception {
        pipeline.sourceSql("CREATE TABLE merge_request_diff_commits (merge_request_diff_id bigint NOT NULL,"
                + " relative_order integer NOT NULL, sha bytea, authored_date timestamp,"
                + " PRIMARY KEY (merge_request_diff_id, relative_order));"
                + " INSERT INTO merge_request_diff_commits SELECT d, o, sha256(convert_to(d || '-' || o, 'UTF8')),"
                + " timestamp '2024-01-01' + d * interval '1 minute' FROM generate_series(1, " + diffs + ") d,"
                + " generate_series(0, (d % 5)) o");
    }

    private long sourceCount(String sql) throws Exception {
        try (Connection c = pipeline.sourceAdmin.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void byIdAppendsOnlyNewKeysAndResumesAfterACrashWithoutDuplicates() throws Exception {
        createCommits(300);
        pipeline.backfill(COMMITS, at(DAY1), 250, LoadListener.NONE);
        pipeline.sourceSql("INSERT INTO merge_request_diff_commits SELECT d, o, sha256(convert_to(d || '-' || o, 'UTF8')),"
                + " timestamp '2024-06-01' FROM generate_series(301, 600) d, generate_series(0, (d % 5)) o");

        RegularPlan plan = pipeline.planRegular(COMMITS, at(DAY2), DAY2_AIRFLOW);
        assertEquals(OptionalLong.of(300), plan.startAfter(), "starts after the warehouse's highest key");
        assertTrue(plan.window().isEmpty());

        RuntimeException crash = assertThrows(RuntimeException.class,
                () -> pipeline.regular(COMMITS, at(DAY2), 250, DAY2_AIRFLOW, crashAfterChunk(2)));
        assertEquals("injected crash", crash.getMessage());
        assertEquals(300, pipeline.warehouseLong("SELECT max(merge_request_diff_id) FROM tap_postgres.\"GITLAB_DB_MERGE_REQUEST_DIFF_COMMITS\""),
                "nothing was appended by the crashed run");

        RegularPlan resume = pipeline.planRegular(COMMITS, at(DAY2.plusSeconds(600)), DAY2_AIRFLOW);
        assertTrue(resume.resumes());
        assertEquals(DAY2, resume.initialLoadStart());
        List<Long> chunkKeys = new ArrayList<>();
        pipeline.regular(COMMITS, at(DAY2.plusSeconds(600)), 250, DAY2_AIRFLOW, new LoadListener() {
            @Override
            public void chunkStaged(ExportProgress progress) {
                chunkKeys.add(progress.lastKey().getAsLong());
            }
        });

        assertTrue(chunkKeys.get(0) > resume.startAfter().getAsLong());
        long sourceRows = sourceCount("SELECT count(*) FROM merge_request_diff_commits");
        String table = "tap_postgres.\"GITLAB_DB_MERGE_REQUEST_DIFF_COMMITS\"";
        assertEquals(sourceRows, pipeline.warehouseLong("SELECT count(*) FROM " + table));
        assertEquals(sourceRows, pipeline.warehouseLong(
                "SELECT count(DISTINCT (merge_request_diff_id, relative_order)) FROM " + table), "no duplicates");
        assertEquals(0, pipeline.warehouseLong("SELECT count(*) FROM (SELECT merge_request_diff_id FROM " + table
                + " GROUP BY 1 HAVING count(*) <> 1 + merge_request_diff_id % 5)"), "no key group was split");
        VerifyReport verified = Verifications.verify(pipeline.source, pipeline.warehouse, COMMITS);
        assertTrue(verified.equal(), verified.toString());
        assertEquals(sourceRows, verified.warehouse().rows());
        assertEquals(List.of(), pipeline.stage.list("staging/"));
    }

    /**
     * The source's highest key, fixed when the export starts, is deleted before the read reaches it, and the run stops
     * after the warehouse committed its append but before the completion row. The recorded progress names the highest
     * key staged, not the bound, so the next run sees the warehouse has it and appends above it: each key once.
     */
    @Test
    void byIdAppendedButNotRecordedIsNotAppendedAgainWhenItsHighestSourceKeyVanished() throws Exception {
        TableSpec events = new TableSpec("events", "SELECT id, note FROM events", "GITLAB_DB", "events", "id",
                "gitlab_com", "main", "load_by_id", "", false, true);
        pipeline.sourceSql("CREATE TABLE events (id bigint PRIMARY KEY, note text);"
                + " INSERT INTO events SELECT g, 'e' || g FROM generate_series(1, 100) g");
        pipeline.backfill(events, at(DAY1), 1000, LoadListener.NONE);
        pipeline.sourceSql("INSERT INTO events SELECT g, 'e' || g FROM generate_series(101, 200) g");
        AtomicBoolean deleted = new AtomicBoolean();
        Checkpoints faults = point -> {
            if (point == Checkpoint.CHUNK_BOUNDARY_FOUND && deleted.compareAndSet(false, true)) {
                pipeline.fault("DELETE FROM events WHERE id = 200");
            }
            if (point == Checkpoint.FILES_LOADED) {
                throw new IllegalStateException("stopped after the warehouse commit");
            }
        };
        LoadContext stopping = new LoadContext(pipeline.source, pipeline.stage, pipeline.warehouse, pipeline.metadata,
                at(DAY2), 1000, Optional.empty(), LoadListener.NONE, ExportParallelism.SINGLE, faults);
        assertThrows(IllegalStateException.class,
                () -> new RegularLoadRunner(stopping).run(pipeline.planRegular(events, at(DAY2), DAY2_AIRFLOW)));

        RegularPlan next = pipeline.planRegular(events, at(DAY2.plusSeconds(600)), DAY2_AIRFLOW);
        pipeline.regular(events, at(DAY2.plusSeconds(600)), 1000, DAY2_AIRFLOW, LoadListener.NONE);

        assertFalse(next.resumes(), "the warehouse already has what the export staged");
        assertEquals(OptionalLong.of(199), next.startAfter());
        assertEquals(199, pipeline.warehouseLong("SELECT count(*) FROM tap_postgres.\"GITLAB_DB_EVENTS\""));
    }

    @Test
    void byIdWhoseKeyChangedSinceTheCrashStartsAboveTheWarehouseInsteadOfResuming() throws Exception {
        createCommits(300);
        pipeline.backfill(COMMITS, at(DAY1), 250, LoadListener.NONE);
        pipeline.sourceSql("INSERT INTO merge_request_diff_commits SELECT d, o,"
                + " sha256(convert_to(d || '-' || o, 'UTF8')), timestamp '2024-06-01'"
                + " FROM generate_series(301, 600) d, generate_series(0, (d % 5)) o");
        assertThrows(RuntimeException.class,
                () -> pipeline.regular(COMMITS, at(DAY2), 250, DAY2_AIRFLOW, crashAfterChunk(2)));
        assertEquals(Optional.of("merge_request_diff_id"), pipeline.metadata.columns(MetadataTable.INCREMENTAL,
                COMMITS.target(), DAY2).orElseThrow().key(), "the load recorded its key when it started");
        assertTrue(pipeline.planRegular(COMMITS, at(DAY2.plusSeconds(600)), DAY2_AIRFLOW).resumes());

        RegularPlan plan = pipeline.planRegular(COMMITS_BY_ORDER, at(DAY2.plusSeconds(600)), DAY2_AIRFLOW);

        assertFalse(plan.resumes(), "its last merge_request_diff_id means nothing as a relative_order");
        assertEquals(OptionalLong.of(4), plan.startAfter(), "the warehouse's highest relative_order");
        assertNotEquals(DAY2, plan.initialLoadStart());
    }

    @Test
    void byIdTakesOverAnExportGitLabsPipelineLeftUnfinishedAndRemovesItsFiles() throws Exception {
        createCommits(300);
        pipeline.backfill(COMMITS, at(DAY1), 250, LoadListener.NONE);
        pipeline.sourceSql("INSERT INTO merge_request_diff_commits SELECT d, o, sha256(convert_to(d || '-' || o, 'UTF8')),"
                + " timestamp '2024-06-01' FROM generate_series(301, 600) d, generate_series(0, (d % 5)) o");
        // GitLab's pipeline staged keys 301-450 of its by-id load, recorded them, and died: its files and row.
        Instant gitlabStart = DAY2.minusSeconds(3600);
        String gitlabFile = "staging/load_by_id/gitlab_db_merge_request_diff_commits/initial_load_start_"
                + "2026-11-25t01:30:00.000/2026-11-25t01:31:00.000_gitlab_db_merge_request_diff_commits.parquet.gzip";
        try (var out = pipeline.stage.create(gitlabFile)) {
            out.write(new byte[] {'P', 'A', 'R', '1'});
        }
        pipeline.metadata.append(MetadataTable.INCREMENTAL, new MetadataRow("GITLAB_DB", COMMITS.target(),
                gitlabStart, gitlabStart.plusSeconds(60), gitlabFile, 450, 600, false, 900));

        RegularPlan plan = pipeline.planRegular(COMMITS, at(DAY2), DAY2_AIRFLOW);
        assertFalse(plan.resumes(), "GitLab's files are not this layout's: its export is not resumed");
        assertEquals(OptionalLong.of(300), plan.startAfter());

        pipeline.regular(COMMITS, at(DAY2), 250, DAY2_AIRFLOW, LoadListener.NONE);

        assertEquals(sourceCount("SELECT count(*) FROM merge_request_diff_commits"),
                pipeline.warehouseLong("SELECT count(*) FROM tap_postgres.\"GITLAB_DB_MERGE_REQUEST_DIFF_COMMITS\""));
        assertEquals(List.of(), pipeline.stage.list("staging/"), "GitLab's file is gone with the run's own");
    }

    @Test
    void byIdAfterACompletedLoadFindsNothingNew() throws Exception {
        createCommits(50);
        pipeline.backfill(COMMITS, at(DAY1), 250, LoadListener.NONE);

        LoadResult result = pipeline.regular(COMMITS, at(DAY2), 250, DAY2_AIRFLOW, LoadListener.NONE);

        assertEquals(0, result.rows());
        assertEquals(sourceCount("SELECT count(*) FROM merge_request_diff_commits"),
                pipeline.warehouseLong("SELECT count(*) FROM tap_postgres.\"GITLAB_DB_MERGE_REQUEST_DIFF_COMMITS\""));
        MetadataRow completed = pipeline.metadata.newest(MetadataTable.INCREMENTAL, COMMITS.target()).orElseThrow();
        assertTrue(completed.exportCompleted());
        assertEquals(50, completed.lastExtractedId(), "complete up to the warehouse's highest key, where it began");
    }

    @Test
    void snapshotLoadAppendsTheWholeTableAsANewSnapshot() throws Exception {
        pipeline.sourceSql("CREATE TABLE ci_build_trace_chunks (build_id bigint, chunk_index integer, data_store smallint);"
                + " INSERT INTO ci_build_trace_chunks SELECT g / 3, g % 3, 1 + g % 2 FROM generate_series(0, 899) g");
        pipeline.backfill(TRACE_CHUNKS, at(DAY1), 400, LoadListener.NONE);
        pipeline.sourceSql("DELETE FROM ci_build_trace_chunks WHERE build_id < 10");

        RegularPlan plan = pipeline.planRegular(TRACE_CHUNKS, at(DAY2), Map.of());
        assertEquals(RegularKind.SNAPSHOT, plan.kind());
        LoadResult result = pipeline.regular(TRACE_CHUNKS, at(DAY2), 400, Map.of(), LoadListener.NONE);

        assertEquals(870, result.rows());
        assertEquals(3, result.files(), "870 rows in files of 400 rows");
        String table = "tap_postgres.\"GITLAB_DB_CI_BUILD_TRACE_CHUNKS\"";
        assertEquals(900 + 870, pipeline.warehouseLong("SELECT count(*) FROM " + table));
        assertEquals(2, pipeline.warehouseLong("SELECT count(DISTINCT _uploaded_at) FROM " + table));
        assertEquals(870, pipeline.warehouseLong("SELECT count(*) FROM " + table
                + " WHERE _uploaded_at = TIMESTAMPTZ '2026-11-25 02:30:00+00'"));
    }

    /** A load that is not by date runs without the replica time: its source time is only unknown. */
    @Test
    void aBackfillRunsWhenTheReplicaTimeCannotBeRead() throws Exception {
        pipeline.sourceSql("CREATE TABLE ci_build_trace_chunks (build_id bigint, chunk_index integer, data_store smallint);"
                + " INSERT INTO ci_build_trace_chunks SELECT g / 3, g % 3, 1 FROM generate_series(0, 99) g;"
                + " CREATE TABLE public.last_replication_timestamp (last_replica_time timestamp)"); // no row yet

        try (LogCapture log = LogCapture.of(WarehouseLoad.class)) {
            assertEquals(100, pipeline.backfill(TRACE_CHUNKS, at(DAY1), 400, LoadListener.NONE).rows());

            assertEquals(1, log.warnings().size(), log.warnings().toString());
            assertTrue(log.warnings().get(0).startsWith("table GITLAB_DB_CI_BUILD_TRACE_CHUNKS: the source's replica"
                    + " time cannot be read ("), log.warnings().get(0));
        }
        assertEquals(Optional.empty(), pipeline.metadata.columns(MetadataTable.BACKFILL, TRACE_CHUNKS.target(), DAY1)
                .orElseThrow().sourceTime());
    }

    /** GitLab's check_replica_snapshot: a replica 13 hours behind would append a day-old snapshot as current. */
    @Test
    void aSnapshotIsNotReadFromAReplicaMoreThanTwelveHoursBehind() throws Exception {
        pipeline.sourceSql("CREATE TABLE ci_build_trace_chunks (build_id bigint, chunk_index integer, data_store smallint);"
                + " INSERT INTO ci_build_trace_chunks SELECT g / 3, g % 3, 1 + g % 2 FROM generate_series(0, 899) g");
        pipeline.backfill(TRACE_CHUNKS, at(DAY1), 400, LoadListener.NONE);
        pipeline.sourceSql("CREATE TABLE public.last_replication_timestamp (last_replica_time timestamp);"
                + " INSERT INTO public.last_replication_timestamp VALUES ('2026-11-24 13:29:00')"); // DAY2 - 13 h 1 min

        SourceReadException behind = assertThrows(SourceReadException.class,
                () -> pipeline.planRegular(TRACE_CHUNKS, at(DAY2), Map.of()));

        assertEquals("table GITLAB_DB_CI_BUILD_TRACE_CHUNKS: the source's data reaches 2026-11-24T13:29:00Z, 13 h ago,"
                + " more than 12 h: a snapshot would append it as the table's current state; retry once the replica"
                + " has caught up", behind.getMessage());
        pipeline.sourceSql("UPDATE public.last_replication_timestamp SET last_replica_time = '2026-11-24 14:31:00'");
        assertEquals(RegularKind.SNAPSHOT, pipeline.planRegular(TRACE_CHUNKS, at(DAY2), Map.of()).kind(),
                "11 h 59 min behind is close enough");
    }

    @Test
    void failedSnapshotLeavesNoPartialSnapshot() throws Exception {
        pipeline.sourceSql("CREATE TABLE ci_build_trace_chunks (build_id bigint, chunk_index integer, data_store smallint);"
                + " INSERT INTO ci_build_trace_chunks SELECT g / 3, g % 3, 1 FROM generate_series(0, 899) g");
        pipeline.backfill(TRACE_CHUNKS, at(DAY1), 400, LoadListener.NONE);

        assertThrows(RuntimeException.class,
                () -> pipeline.regular(TRACE_CHUNKS, at(DAY2), 400, Map.of(), crashAfterChunk(2)));

        assertEquals(900, pipeline.warehouseLong("SELECT count(*) FROM tap_postgres.\"GITLAB_DB_CI_BUILD_TRACE_CHUNKS\""));
        LoadResult retry = pipeline.regular(TRACE_CHUNKS, at(DAY2.plusSeconds(60)), 400, Map.of(), LoadListener.NONE);
        assertEquals(900, retry.rows());
        assertEquals(1800, pipeline.warehouseLong("SELECT count(*) FROM tap_postgres.\"GITLAB_DB_CI_BUILD_TRACE_CHUNKS\""));
        assertEquals(List.of(), pipeline.stage.list("staging/"), "the failed run's files are gone too");
    }

    @Test
    void columnRemovedFromTheQueryIsKeptInTheWarehouseAndNullForNewRows() throws Exception {
        pipeline.sourceSql("CREATE TABLE issues (id bigint PRIMARY KEY, project_id integer, title text, updated_at timestamp);"
                + " INSERT INTO issues SELECT g, 100, 'issue ' || g, timestamp '2020-01-01' FROM generate_series(1, 50) g");
        pipeline.backfill(ISSUES, at(DAY1), 200, LoadListener.NONE);
        TableSpec withoutTitle = new TableSpec("issues",
                "SELECT id, project_id, updated_at FROM issues"
                        + " WHERE updated_at BETWEEN '{BEGIN_TIMESTAMP}'::timestamp AND '{END_TIMESTAMP}'::timestamp",
                "GITLAB_DB", "issues", "id", "gitlab_com", "main", "", "", false, false);
        pipeline.sourceSql("UPDATE issues SET updated_at = '2026-11-24 12:00' WHERE id <= 5");

        assertEquals(BackfillAction.SKIP, pipeline.plan(withoutTitle, at(DAY2)).backfill().action(),
                "a removed column is not a schema change that needs a backfill");
        pipeline.regular(withoutTitle, at(DAY2), 100, DAY2_AIRFLOW, LoadListener.NONE);

        assertTrue(pipeline.warehouse.columns("tap_postgres", ISSUES.target()).orElseThrow().contains("title"));
        assertEquals(5, pipeline.warehouseLong("SELECT count(*) FROM tap_postgres.\"GITLAB_DB_ISSUES\" WHERE title IS NULL"));

        // A later backfill (e.g. for an added column) keeps the removed column too.
        TablePlan forced = new TablePlanner(pipeline.source, pipeline.warehouse, pipeline.metadata, at(DAY2.plusSeconds(60)))
                .plan(withoutTitle, BackfillRequest.FORCED);
        new BackfillRunner(pipeline.context(at(DAY2.plusSeconds(60)), 100, LoadListener.NONE)).run(forced);
        assertTrue(pipeline.warehouse.columns("tap_postgres", ISSUES.target()).orElseThrow().contains("title"));
        assertEquals(50, pipeline.warehouseLong("SELECT count(*) FROM tap_postgres.\"GITLAB_DB_ISSUES\""));
    }

    @Test
    void rowsAppendedWhileABackfillRanSurviveItsSwap() throws Exception {
        pipeline.sourceSql("CREATE TABLE issues (id bigint PRIMARY KEY, project_id integer, title text, updated_at timestamp);"
                + " INSERT INTO issues SELECT g, 100, 'issue ' || g, timestamp '2020-01-01' FROM generate_series(1, 600) g");
        pipeline.backfill(ISSUES, at(DAY1), 200, LoadListener.NONE);

        // A second backfill is interrupted; meanwhile the daily load appends an edit of an already exported row.
        Instant second = DAY1.plusSeconds(3600);
        TablePlan forced = new TablePlanner(pipeline.source, pipeline.warehouse, pipeline.metadata, at(second))
                .plan(ISSUES, BackfillRequest.FORCED);
        assertThrows(RuntimeException.class,
                () -> new BackfillRunner(pipeline.context(at(second), 200, crashAfterChunk(2))).run(forced));
        pipeline.sourceSql("UPDATE issues SET title = 'edited during the backfill', updated_at = '2026-11-25 01:00' WHERE id = 7");
        pipeline.regular(ISSUES, at(DAY2), 200, DAY2_AIRFLOW, LoadListener.NONE);

        pipeline.backfill(ISSUES, at(DAY2.plusSeconds(60)), 200, LoadListener.NONE);

        assertEquals(1, pipeline.warehouseLong("SELECT count(*) FROM tap_postgres.\"GITLAB_DB_ISSUES\""
                + " WHERE id = 7 AND title = 'edited during the backfill'"), "the appended edit survives the swap");
        assertEquals(601, pipeline.warehouseLong("SELECT count(*) FROM tap_postgres.\"GITLAB_DB_ISSUES\""));
    }
}
