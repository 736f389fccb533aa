package dev.saasextract.load;

import static dev.saasextract.load.Pipeline.at;
import static dev.saasextract.load.Pipeline.crashAfterChunk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saasextract.errors.InvalidInputException;
import dev.saasextract.manifest.TableSpec;
import dev.saasextract.metadata.ExportRange;
import dev.saasextract.metadata.MetadataStore;
import dev.saasextract.metadata.MetadataRow;
import dev.saasextract.metadata.MetadataTable;
import dev.saasextract.metadata.TableLock;
import dev.saasextract.metadata.TableLockedException;
import dev.saasextract.plan.BackfillAction;
import dev.saasextract.retry.FailureKind;
import dev.saasextract.retry.SqlFailures;
import dev.saasextract.stage.LoadKind;
import dev.saasextract.stage.StagingLayout;
import dev.saasextract.testing.AdvisoryLocks;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code --parallel} and {@code --shard}: ranged backfills against the embedded Postgres and a DuckDB warehouse. */
class ParallelBackfillTest {
    private static final Instant T0 = Instant.parse("2026-11-24T01:00:00Z");
    private static final long CHUNK_ROWS = 300;
    private static final String SOURCE_ROWS = "SELECT id, project_id, title, updated_at FROM issues WHERE project_id <> 13";

    /** Keys 1..3000 (fewer where a test deletes some); three of them are filtered out by additional_filtering. */
    private static final TableSpec ISSUES = new TableSpec("issues",
            "SELECT id, project_id, title, updated_at FROM issues"
                    + " WHERE updated_at BETWEEN '{BEGIN_TIMESTAMP}'::timestamp AND '{END_TIMESTAMP}'::timestamp",
            "GITLAB_DB", "issues", "id", "gitlab_com", "main", "", "AND project_id <> 13", true, false);

    @RegisterExtension
    final Pipeline pipeline = new Pipeline();

    @BeforeEach
    void setUp() throws Exception {
        pipeline.sourceSql("CREATE TABLE issues (id bigint PRIMARY KEY, project_id integer, title text, updated_at timestamp);"
                + " INSERT INTO issues SELECT g, CASE WHEN g % 1000 = 500 THEN 13 ELSE 100 + g % 97 END, 'issue ' || g,"
                + " timestamp '2020-01-01' + g * interval '1 day' FROM generate_series(1, 3000) g");
    }

    /** The warehouse holds exactly the source's rows: count, distinct keys, key sum, and every value. */
    private long assertWarehouseEqualsSource() throws Exception {
        String sums = "SELECT count(*), count(DISTINCT id), sum(id) FROM ";
        assertEquals(longs(pipeline.sourceAdmin, sums + "(" + SOURCE_ROWS + ") s"),
                warehouseLongs(sums + "tap_postgres.\"" + ISSUES.target() + "\""));
        return SourceWarehouseComparison.assertSame(pipeline.sourceAdmin, SOURCE_ROWS,
                pipeline.warehouseFile.toString(), ISSUES.target(), pipeline.plan(ISSUES, at(T0)).columns(), "id");
    }

    private static List<Long> longs(DataSource dataSource, String sql) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return row(rs);
        }
    }

    private List<Long> warehouseLongs(String sql) throws Exception {
        try (Connection c = java.sql.DriverManager.getConnection("jdbc:duckdb:" + pipeline.warehouseFile);
                Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return row(rs);
        }
    }

    private static List<Long> row(ResultSet rs) throws Exception {
        rs.next();
        List<Long> values = new ArrayList<>();
        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
            values.add(rs.getLong(i));
        }
        return values;
    }

    private List<MetadataRow> rowsOfLoad(Instant loadStart) {
        return pipeline.metadata.rowsOfLoad(MetadataTable.BACKFILL, ISSUES.target(), loadStart);
    }

    private static String file(long after) {
        return StagingLayout.chunkFile(LoadKind.BACKFILL, ISSUES.target(), T0, OptionalLong.of(after));
    }

    @Test
    void aParallelBackfillEqualsTheSourceInSmallFilesAndRecordsAnEmptyRangeAsDone() throws Exception {
        pipeline.sourceSql("DELETE FROM issues WHERE id > 1400 AND id <= 2300"); // range 2, (1500, 2250], is empty
        Set<String> threads = ConcurrentHashMap.newKeySet();
        LoadListener threadNames = new LoadListener() {
            @Override
            public void chunkStaged(ExportProgress progress) {
                threads.add(Thread.currentThread().getName());
            }
        };

        LoadResult result = pipeline.backfill(ISSUES, at(T0), CHUNK_ROWS, threadNames, 4);

        assertEquals(2098, result.rows());
        assertEquals(2098, assertWarehouseEqualsSource());
        assertEquals(Set.of("gitlab_db_issues-publish-0", "gitlab_db_issues-publish-1", "gitlab_db_issues-publish-3"),
                threads, "one reader, and so one publisher, per range with rows");
        assertEquals(List.of(750L, 1500L, 2250L, 3000L), pipeline.metadata
                .ranges(MetadataTable.BACKFILL, ISSUES.target(), T0).stream().map(ExportRange::upperInclusive).toList());
        List<MetadataRow> rows = rowsOfLoad(T0);
        List<MetadataRow> files = rows.stream().filter(r -> r.uploadFileName() != null).toList();
        assertTrue(files.stream().allMatch(r -> r.chunkRowCount() > 0 && r.chunkRowCount() <= CHUNK_ROWS), "" + files);
        assertTrue(files.stream().allMatch(r -> r.rangeIndex().isPresent()), "every file names its range");
        assertEquals(List.of(2250L), rows.stream()
                        .filter(r -> r.uploadFileName() == null && r.rangeIndex().equals(OptionalInt.of(2)))
                        .map(MetadataRow::lastExtractedId).toList(),
                "the empty range is finished by a row without a file");
        assertEquals(List.of(), pipeline.stage.list("staging/"), "files of a finished load are purged");
        assertEquals(BackfillAction.SKIP, pipeline.plan(ISSUES, at(T0.plusSeconds(60))).backfill().action());
    }

    @Test
    void aCrashInOneRangeResumesOnlyTheChunksNotYetStaged() throws Exception {
        // Range 3 fails on its first chunk once ranges 0 to 2 are finished, so which ranges are done is certain.
        CountDownLatch othersDone = new CountDownLatch(3);
        LoadListener crashInRange3 = new LoadListener() {
            @Override
            public void chunkStaged(ExportProgress progress) {
                long last = progress.lastKey().getAsLong();
                if (last == 750 || last == 1500 || last == 2250) {
                    othersDone.countDown();
                }
                if (progress.file().equals(file(2250))) {
                    try {
                        assertTrue(othersDone.await(60, TimeUnit.SECONDS), "ranges 0 to 2 finish");
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    throw new IllegalStateException("injected crash");
                }
            }
        };

        RuntimeException crash = assertThrows(RuntimeException.class,
                () -> pipeline.backfill(ISSUES, at(T0), CHUNK_ROWS, crashInRange3, 4));
        assertEquals("table GITLAB_DB_ISSUES, range 3 (2250, 3000]: injected crash", crash.getMessage());
        assertFalse(pipeline.warehouse.columns("tap_postgres", ISSUES.target()).isPresent());
        List<String> firstRun = rowsOfLoad(T0).stream().map(MetadataRow::uploadFileName).filter(f -> f != null).toList();
        assertEquals(10, firstRun.size(), "three chunks in each of ranges 0 to 2, one in range 3");

        List<String> resumed = Collections.synchronizedList(new ArrayList<>());
        LoadResult result = pipeline.backfill(ISSUES, at(T0.plusSeconds(3600)), CHUNK_ROWS, new LoadListener() {
            @Override
            public void chunkStaged(ExportProgress progress) {
                resumed.add(progress.file());
            }
        }, 2);

        assertEquals(List.of(file(2551), file(2851)), resumed.stream().sorted().toList(),
                "only range 3 after its first chunk (300 keys past 2250, skipping the filtered 2500) is read again");
        assertEquals(2997, result.rows());
        assertEquals(2997, assertWarehouseEqualsSource());
    }

    @Test
    void shardsRunOneAfterAnotherAndOnlyTheLastOneLoads() throws Exception {
        LoadResult first = pipeline.shard(ISSUES, at(T0), CHUNK_ROWS, 0, 3, 1);

        assertEquals("backfill:start:waiting_for_shards", first.action());
        assertFalse(pipeline.warehouse.columns("tap_postgres", ISSUES.target()).isPresent());
        assertEquals(List.of(3, 3, 3), pipeline.metadata.ranges(MetadataTable.BACKFILL, ISSUES.target(), T0).stream()
                .map(ExportRange::shardCount).toList());
        InvalidInputException otherCount = assertThrows(InvalidInputException.class,
                () -> pipeline.shard(ISSUES, at(T0.plusSeconds(60)), CHUNK_ROWS, 0, 2, 1));
        assertEquals("table 'issues': the backfill started 2026-11-24T01:00:00Z is split among 3 shard(s); run it"
                + " with --shard i/3, not --shard i/2", otherCount.getMessage());
        assertThrows(InvalidInputException.class,
                () -> pipeline.backfill(ISSUES, at(T0.plusSeconds(60)), CHUNK_ROWS, LoadListener.NONE, 2));

        assertEquals("backfill:resume:waiting_for_shards",
                pipeline.shard(ISSUES, at(T0.plusSeconds(120)), CHUNK_ROWS, 2, 3, 1).action());
        LoadResult last = pipeline.shard(ISSUES, at(T0.plusSeconds(180)), CHUNK_ROWS, 1, 3, 1);

        assertEquals("backfill:resume", last.action());
        assertEquals(2997, last.rows());
        assertEquals(2997, assertWarehouseEqualsSource());
        assertEquals(1, rowsOfLoad(T0).stream().filter(MetadataRow::exportCompleted).count());
        assertEquals("skip", pipeline.shard(ISSUES, at(T0.plusSeconds(240)), CHUNK_ROWS, 1, 3, 1).action(),
                "a shard rerun after the load finds nothing to do");
    }

    /** Two shards finishing at once: the later one waits for the writer lock rather than fail its finished export. */
    @Test
    void theLastShardWaitsForTheWriterLockAnotherRunHoldsAndThenLoads() throws Exception {
        assertEquals("backfill:start:waiting_for_shards", pipeline.shard(ISSUES, at(T0), CHUNK_ROWS, 0, 2, 1).action());
        MetadataStore otherRun = MetadataStore.open(pipeline.metadataAdmin, "saas_db_metadata");
        TableLock held = otherRun.lock(ISSUES.target());
        ExecutorService lastShard = Executors.newSingleThreadExecutor();
        try {
            Future<LoadResult> last = lastShard.submit(
                    () -> pipeline.shard(ISSUES, at(T0.plusSeconds(60)), CHUNK_ROWS, 1, 2, 1));
            AdvisoryLocks.awaitAWaitingSession(pipeline.metadataAdmin);
            assertFalse(last.isDone(), "it waits for the lock");

            held.close();

            LoadResult loaded = last.get(60, TimeUnit.SECONDS);
            assertEquals("backfill:resume", loaded.action());
            assertEquals(2997, assertWarehouseEqualsSource());
        } finally {
            held.close();
            lastShard.shutdownNow();
        }
    }

    @Test
    void aShardWhoseLockSessionEndsStopsAtTheNextStepAndItsRerunFinishesTheLoad() throws Exception {
        LoadListener terminateLockSessionAfterFirstChunk = new LoadListener() {
            private final AtomicInteger chunks = new AtomicInteger();

            @Override
            public void chunkStaged(ExportProgress progress) {
                if (chunks.incrementAndGet() == 1) {
                    try {
                        longs(pipeline.metadataAdmin, "SELECT count(pg_terminate_backend(pid, 10000)) FROM pg_locks"
                                + " WHERE locktype = 'advisory' AND pid <> pg_backend_pid()");
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        };

        RuntimeException stopped = assertThrows(RuntimeException.class, () -> pipeline.shard(ISSUES, at(T0),
                CHUNK_ROWS, 0, 2, 1, terminateLockSessionAfterFirstChunk));

        assertTrue(stopped.getMessage().endsWith("table " + ISSUES.target() + " shard 0/2: the session holding its"
                + " writer lock ended; stopping before the warehouse is changed (a rerun takes the lock again)"),
                stopped.getMessage());
        assertEquals(FailureKind.PERMANENT, SqlFailures.classify(stopped), "not retried: only a rerun takes the lock");
        long stagedBeforeTheStop = rowsOfLoad(T0).stream().filter(row -> row.uploadFileName() != null).count();
        assertTrue(stagedBeforeTheStop < 5, "stopped at the next step, not at the end: " + stagedBeforeTheStop);
        assertEquals("backfill:resume:waiting_for_shards",
                pipeline.shard(ISSUES, at(T0.plusSeconds(60)), CHUNK_ROWS, 0, 2, 1).action());
        assertEquals("backfill:resume", pipeline.shard(ISSUES, at(T0.plusSeconds(120)), CHUNK_ROWS, 1, 2, 1).action());
        assertEquals(2997, assertWarehouseEqualsSource());
    }

    @Test
    void twoShardsStartingAtOnceAgreeOnOnePlanAndLoadOnce() throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService runs = Executors.newFixedThreadPool(2);
        List<Future<LoadResult>> results = new ArrayList<>();
        try {
            for (int shard = 0; shard < 2; shard++) {
                int index = shard;
                // different clocks: without agreeing, each would start its own load in its own folder
                results.add(runs.submit(() -> {
                    start.await();
                    return pipeline.shard(ISSUES, at(T0.plusSeconds(index)), CHUNK_ROWS, index, 2, 2);
                }));
            }
            start.countDown();
            List<Long> loaded = new ArrayList<>();
            for (Future<LoadResult> result : results) {
                try {
                    loaded.add(result.get(120, TimeUnit.SECONDS).rows());
                } catch (java.util.concurrent.ExecutionException e) {
                    // both found every range done at once; the other one holds the table and loads
                    assertTrue(e.getCause() instanceof TableLockedException, e.toString());
                }
            }
            assertTrue(loaded.contains(2997L), "one of them loaded: " + loaded);
        } finally {
            runs.shutdownNow();
        }

        assertEquals(List.of(1L, 4L), longs(pipeline.metadataAdmin, "SELECT count(DISTINCT initial_load_start_date),"
                + " count(*) FROM saas_db_metadata.export_ranges"));
        assertEquals(List.of(1L), longs(pipeline.metadataAdmin, "SELECT count(*) FROM saas_db_metadata.backfill_metadata"
                + " WHERE is_export_completed"));
        assertEquals(2997, assertWarehouseEqualsSource());
    }

    @Test
    void aLoadStartedAsOneRangeResumesAsOneRangeWhenRerunWithParallel() throws Exception {
        assertThrows(RuntimeException.class, () -> pipeline.backfill(ISSUES, at(T0), 1_000, crashAfterChunk(1)));

        LoadResult result = pipeline.backfill(ISSUES, at(T0.plusSeconds(3600)), 1_000, LoadListener.NONE, 4);

        assertEquals("backfill:resume", result.action());
        assertEquals(2997, result.rows());
        assertEquals(List.of(), pipeline.metadata.ranges(MetadataTable.BACKFILL, ISSUES.target(), T0));
        assertTrue(rowsOfLoad(T0).stream().allMatch(r -> r.rangeIndex().isEmpty()));
        assertEquals(3, rowsOfLoad(T0).stream().filter(r -> r.uploadFileName() != null).count(),
                "three files, none staged twice");
        assertEquals(2997, assertWarehouseEqualsSource());
    }
}
