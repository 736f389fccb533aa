package dev.saasextract.metadata;

import static dev.saasextract.metadata.Rows.LOAD_START;
import static dev.saasextract.metadata.Rows.completed;
import static dev.saasextract.metadata.Rows.minutes;
import static dev.saasextract.metadata.Rows.staged;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saasextract.testing.TestPostgres;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.TimeZone;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

class MetadataStoreTest {
    private static final String ISSUES = "GITLAB_DB_ISSUES";
    private static final String NOTES = "GITLAB_DB_NOTES";

    private final DataSource dataSource = TestPostgres.dataSource(TestPostgres.newDatabase());
    private final MetadataStore store = MetadataStore.open(dataSource, "saas_db_metadata");

    @Test
    void newestIgnoresNewerRowsOfOtherTables() {
        MetadataRow issues = staged(ISSUES, LOAD_START, minutes(1), 10);
        store.append(MetadataTable.BACKFILL, issues);
        store.append(MetadataTable.BACKFILL, completed(NOTES, LOAD_START, minutes(60), 99));

        assertEquals(Optional.of(issues), store.newest(MetadataTable.BACKFILL, ISSUES));
        assertEquals(Optional.empty(), store.newest(MetadataTable.BACKFILL, "GITLAB_DB_UNKNOWN"));
    }

    @Test
    void newestIsLatestUploadDateNotLatestInsert() {
        store.append(MetadataTable.BACKFILL, staged(ISSUES, LOAD_START, minutes(2), 20));
        store.append(MetadataTable.BACKFILL, staged(ISSUES, LOAD_START, minutes(1), 10));

        assertEquals(20, store.newest(MetadataTable.BACKFILL, ISSUES).orElseThrow().lastExtractedId());
    }

    @Test
    void rowsSharingAnUploadDateAreOrderedByInsertion() throws Exception {
        readWithoutIndexes();
        Instant sameMillisecond = minutes(3);
        store.append(MetadataTable.BACKFILL, staged(ISSUES, LOAD_START, sameMillisecond, 10));
        store.append(MetadataTable.BACKFILL, staged(ISSUES, LOAD_START, sameMillisecond, 30));
        store.append(MetadataTable.BACKFILL, completed(ISSUES, LOAD_START, sameMillisecond, 20));

        MetadataRow newest = store.newest(MetadataTable.BACKFILL, ISSUES).orElseThrow();
        assertEquals(20, newest.lastExtractedId());
        assertTrue(newest.exportCompleted());
    }

    @Test
    void rowsOfLoadKeepsOnlyThatLoadOfThatTableInInsertionOrder() {
        Instant otherLoad = LOAD_START.minusSeconds(86_400);
        store.append(MetadataTable.BACKFILL, staged(ISSUES, otherLoad, otherLoad, 5));
        MetadataRow second = staged(ISSUES, LOAD_START, minutes(1), 40);
        MetadataRow first = staged(ISSUES, LOAD_START, minutes(1), 20);
        MetadataRow done = completed(ISSUES, LOAD_START, minutes(2), 40);
        store.append(MetadataTable.BACKFILL, second);
        store.append(MetadataTable.BACKFILL, staged(NOTES, LOAD_START, minutes(1), 7));
        store.append(MetadataTable.BACKFILL, first);
        store.append(MetadataTable.BACKFILL, done);
        store.append(MetadataTable.INCREMENTAL, staged(ISSUES, LOAD_START, minutes(1), 8));

        assertEquals(List.of(second, first, done), store.rowsOfLoad(MetadataTable.BACKFILL, ISSUES, LOAD_START));
        assertEquals(List.of(), store.rowsOfLoad(MetadataTable.DELETES, ISSUES, LOAD_START));
    }

    @Test
    void newestCompletedSkipsLaterUnfinishedExports() {
        assertEquals(Optional.empty(), store.newestCompleted(MetadataTable.DELETES, ISSUES));
        MetadataRow done = completed(ISSUES, LOAD_START, minutes(10), 1000);
        store.append(MetadataTable.DELETES, done);
        store.append(MetadataTable.DELETES, staged(ISSUES, minutes(60), minutes(61), 10));
        store.append(MetadataTable.DELETES, completed(NOTES, minutes(60), minutes(70), 5));

        assertEquals(Optional.of(done), store.newestCompleted(MetadataTable.DELETES, ISSUES));
    }

    @Test
    void newestPerTableGivesOneRowForEachTable() throws Exception {
        readWithoutIndexes();
        store.append(MetadataTable.INCREMENTAL, staged(NOTES, LOAD_START, minutes(1), 1));
        MetadataRow notes = staged(NOTES, LOAD_START, minutes(5), 2);
        store.append(MetadataTable.INCREMENTAL, notes);
        MetadataRow issues = completed(ISSUES, LOAD_START, minutes(3), 9);
        store.append(MetadataTable.INCREMENTAL, staged(ISSUES, LOAD_START, minutes(3), 9));
        store.append(MetadataTable.INCREMENTAL, issues);

        assertEquals(List.of(issues, notes), store.newestPerTable(MetadataTable.INCREMENTAL));
        assertEquals(List.of(), store.newestPerTable(MetadataTable.BACKFILL));
    }

    /**
     * New sessions of the test database scan tables instead of using the migration's index, whose order happens
     * to match the wanted one, so a tie test fails if the query itself does not order by insertion.
     */
    private void readWithoutIndexes() throws Exception {
        Rows.execute(dataSource, "DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET enable_indexscan = off',"
                + " current_database()); EXECUTE format('ALTER DATABASE %I SET enable_bitmapscan = off',"
                + " current_database()); END $$");
    }

    @Test
    void instantsRoundTripAsUtcWhateverTheJvmTimeZone() throws Exception {
        TimeZone original = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("America/St_Johns"));
        try {
            Instant initial = Instant.parse("2026-11-24T01:00:00.123Z");
            Instant upload = Instant.parse("2026-11-24T23:59:59.123456Z");
            MetadataRow row = staged(ISSUES, initial, upload, 10);
            store.append(MetadataTable.BACKFILL, row);

            assertEquals(List.of(row), store.rowsOfLoad(MetadataTable.BACKFILL, ISSUES, initial));
            assertEquals(List.of("2026-11-24 01:00:00.123 | 2026-11-24 23:59:59.123456"), Rows.column(dataSource,
                    "SELECT concat_ws(' | ', initial_load_start_date, upload_date)"
                            + " FROM saas_db_metadata.backfill_metadata"));
        } finally {
            TimeZone.setDefault(original);
        }
    }

    @Test
    void nanosecondsBeyondWhatPostgresKeepsAreTruncatedConsistently() {
        Instant initial = Instant.parse("2026-11-24T01:00:00.123456789Z");
        store.append(MetadataTable.BACKFILL, staged(ISSUES, initial, initial, 10));

        List<MetadataRow> rows = store.rowsOfLoad(MetadataTable.BACKFILL, ISSUES, initial);
        assertEquals(1, rows.size());
        assertEquals(Instant.parse("2026-11-24T01:00:00.123456Z"), rows.get(0).initialLoadStartDate());
    }

    @Test
    void aNullInAnAdoptedRowIsReportedWithItsTable() throws Exception {
        Rows.execute(dataSource,
                "ALTER TABLE saas_db_metadata.backfill_metadata ALTER COLUMN last_extracted_id DROP NOT NULL",
                "INSERT INTO saas_db_metadata.backfill_metadata VALUES ('GITLAB_DB', 'GITLAB_DB_ISSUES',"
                        + " '2023-01-02 00:00:00', '2023-01-02 01:00:00', 'some_file', NULL, 20, false, 3)");

        MetadataStoreException e = assertThrows(MetadataStoreException.class,
                () -> store.newest(MetadataTable.BACKFILL, ISSUES));
        assertEquals("NULL in column last_extracted_id of \"saas_db_metadata\".\"backfill_metadata\""
                + " in a row for table GITLAB_DB_ISSUES", e.getMessage());
    }

    @Test
    void sqlFailuresNameTheMetadataTable() throws Exception {
        Rows.execute(dataSource, "DROP TABLE saas_db_metadata.delete_metadata");

        MetadataStoreException e = assertThrows(MetadataStoreException.class,
                () -> store.append(MetadataTable.DELETES, completed(ISSUES, LOAD_START, minutes(1), 1)));
        assertEquals("cannot append to \"saas_db_metadata\".\"delete_metadata\" the row for table GITLAB_DB_ISSUES"
                + " file null", e.getMessage());
    }

    @Test
    void aLoadsColumnsKeyAndRowsAreRecordedOnceAndReadBackInOrderPerLoadAndKind() {
        ExportColumns columns = new ExportColumns(List.of("id", "Project_ID", "title, with a comma"),
                Optional.of("Project_ID"), Optional.of("SELECT * FROM issues WHERE title <> 'it''s'"),
                Optional.of(LOAD_START.minusSeconds(5 * 3600).plusNanos(123_000)));
        store.saveColumns(MetadataTable.BACKFILL, ISSUES, LOAD_START, columns);
        store.saveColumns(MetadataTable.BACKFILL, ISSUES, LOAD_START,
                new ExportColumns(List.of("id"), Optional.of("id"), Optional.of("SELECT * FROM issues"),
                        Optional.empty()));
        store.saveColumns(MetadataTable.BACKFILL, NOTES, LOAD_START,
                new ExportColumns(List.of("id"), Optional.empty(), Optional.empty(), Optional.empty()));

        assertEquals(Optional.of(columns), store.columns(MetadataTable.BACKFILL, ISSUES, LOAD_START),
                "the first record stands: a load's files keep the columns, key and rows they started with");
        assertEquals(Optional.of(new ExportColumns(List.of("id"), Optional.empty(), Optional.empty(), Optional.empty())),
                store.columns(MetadataTable.BACKFILL, NOTES, LOAD_START));
        assertEquals(Optional.empty(), store.columns(MetadataTable.BACKFILL, ISSUES, minutes(1)));
        assertEquals(Optional.empty(), store.columns(MetadataTable.DELETES, ISSUES, LOAD_START));

        assertEquals(Optional.of(columns), store.startedWith(MetadataTable.BACKFILL,
                staged(ISSUES, LOAD_START, minutes(1), 10)), "an unfinished load's record");
        assertEquals(Optional.empty(), store.startedWith(MetadataTable.BACKFILL,
                completed(ISSUES, LOAD_START, minutes(2), 10)), "a completed load's record decides nothing");
    }
}
