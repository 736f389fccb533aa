package dev.saasextract.metadata;

import static dev.saasextract.metadata.Rows.LOAD_START;
import static dev.saasextract.metadata.Rows.minutes;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saasextract.testing.AdvisoryLocks;
import dev.saasextract.testing.TestPostgres;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** The stored key-range plans of loads, the range index of metadata rows, and the shard and planning locks. */
@SuppressWarnings("try")
class ExportRangesStoreTest {
    private static final String ISSUES = "GITLAB_DB_ISSUES";
    private static final List<ExportRange> PLAN = List.of(
            new ExportRange(0, 3, OptionalLong.empty(), -1, 2),
            new ExportRange(1, 3, OptionalLong.of(-1), 500, 2),
            new ExportRange(2, 3, OptionalLong.of(500), 1000, 2));

    private final DataSource dataSource = TestPostgres.dataSource(TestPostgres.newDatabase());
    private final MetadataStore store = MetadataStore.open(dataSource, "saas_db_metadata");

    private static MetadataRow inRange(int range, long lastExtractedId) {
        return new MetadataRow("GITLAB_DB", ISSUES, LOAD_START, minutes(1), "file_" + lastExtractedId,
                lastExtractedId, 1000, false, 5, OptionalInt.of(range));
    }

    @Test
    void aLoadsRangesAreStoredOnceAndReadBackInOrder() {
        store.saveRanges(MetadataTable.BACKFILL, ISSUES, LOAD_START, PLAN);

        assertEquals(PLAN, store.ranges(MetadataTable.BACKFILL, ISSUES, LOAD_START));
        assertEquals(List.of(), store.ranges(MetadataTable.BACKFILL, ISSUES, minutes(1)), "another load");
        assertEquals(List.of(), store.ranges(MetadataTable.DELETES, ISSUES, LOAD_START), "another kind of export");
        MetadataStoreException twice = assertThrows(MetadataStoreException.class,
                () -> store.saveRanges(MetadataTable.BACKFILL, ISSUES, LOAD_START, List.of(PLAN.get(0))));
        assertTrue(twice.getMessage().contains("table " + ISSUES), twice.getMessage());
        assertEquals(PLAN, store.ranges(MetadataTable.BACKFILL, ISSUES, LOAD_START), "the first plan is kept whole");
    }

    @Test
    void rowsKeepTheirRangeAndProgressIsTheHighestKeyPerRange() {
        MetadataRow single = Rows.staged(ISSUES, LOAD_START, minutes(1), 7);
        store.append(MetadataTable.BACKFILL, single);
        store.append(MetadataTable.BACKFILL, inRange(1, 100));
        store.append(MetadataTable.BACKFILL, inRange(1, 300));
        store.append(MetadataTable.BACKFILL, inRange(2, 1000));
        store.append(MetadataTable.BACKFILL, inRange(1, 200));

        List<MetadataRow> rows = store.rowsOfLoad(MetadataTable.BACKFILL, ISSUES, LOAD_START);
        assertEquals(OptionalInt.empty(), rows.get(0).rangeIndex());
        assertEquals(inRange(2, 1000), rows.get(3));
        assertEquals(Map.of(1, 300L, 2, 1000L), store.lastExtractedByRange(MetadataTable.BACKFILL, ISSUES, LOAD_START));
    }

    @Test
    void oneShardRunsOnceWhileOtherShardsAndTheTableLockAreFree() throws Exception {
        MetadataStore otherRun = MetadataStore.open(dataSource, "saas_db_metadata");
        try (TableLock shard0 = store.lockShard(ISSUES, 0, 2)) {
            TableLockedException taken = assertThrows(TableLockedException.class, () -> otherRun.lockShard(ISSUES, 0, 2));
            assertEquals("table " + ISSUES + " shard 0/2 is being loaded by another run", taken.getMessage());
            otherRun.lockShard(ISSUES, 1, 2).close();
            otherRun.lock(ISSUES).close();
        }
    }

    @Test
    void thePlanningLockWaitsForItsHolder() throws Exception {
        MetadataStore otherRun = MetadataStore.open(dataSource, "saas_db_metadata");
        CompletableFuture<Void> waiting;
        try (TableLock planning = store.lockPlanning(ISSUES)) {
            waiting = CompletableFuture.runAsync(() -> otherRun.lockPlanning(ISSUES).close());
            AdvisoryLocks.awaitAWaitingSession(dataSource);
            assertFalse(waiting.isDone(), "blocked meanwhile");
        }
        assertDoesNotThrow(() -> waiting.get(60, TimeUnit.SECONDS), "takes the lock once it is released");
    }

}
