package dev.saasextract.metadata;

import static dev.saasextract.metadata.Rows.LOAD_START;
import static dev.saasextract.metadata.Rows.minutes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saasextract.errors.ConfigException;
import dev.saasextract.retry.Retrier;
import dev.saasextract.sql.SqlIdentifiers;
import dev.saasextract.testing.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MetadataMigrationsTest {
    private static final String SCHEMA = "saas_db_metadata";
    private static final List<String> GITLAB_COLUMNS = List.of("database_name", "table_name",
            "initial_load_start_date", "upload_date", "upload_file_name", "last_extracted_id", "max_id",
            "is_export_completed", "chunk_row_count");

    private final String database = TestPostgres.newDatabase();
    private final DataSource dataSource = TestPostgres.dataSource(database);

    @Test
    void createsTheSchemaAndTablesWithGitLabsColumnsFirstInGitLabsOrder() throws Exception {
        MetadataStore.open(dataSource, SCHEMA);

        for (MetadataTable table : MetadataTable.values()) {
            List<String> columns = Rows.columnNames(dataSource, SCHEMA, table.tableName());
            assertEquals(GITLAB_COLUMNS, columns.subList(0, 9), table.tableName());
            assertEquals(List.of("row_id", "range_index"), columns.subList(9, columns.size()), table.tableName());
        }
        assertEquals(List.of("timestamp without time zone"), Rows.column(dataSource,
                "SELECT DISTINCT data_type FROM information_schema.columns WHERE table_schema = ?"
                        + " AND column_name IN ('initial_load_start_date', 'upload_date')", SCHEMA));
    }

    @Test
    void migratingTwiceChangesNothing() throws Exception {
        assertEquals(9, MetadataMigrations.migrate(dataSource, SCHEMA));
        MetadataStore store = MetadataStore.open(dataSource, SCHEMA);
        MetadataRow row = Rows.staged("GITLAB_DB_ISSUES", LOAD_START, minutes(1), 10);
        store.append(MetadataTable.BACKFILL, row);
        List<String> history = history(SCHEMA);

        assertEquals(0, MetadataMigrations.migrate(dataSource, SCHEMA));

        assertEquals(history, history(SCHEMA));
        assertEquals(List.of(row), MetadataStore.open(dataSource, SCHEMA)
                .rowsOfLoad(MetadataTable.BACKFILL, "GITLAB_DB_ISSUES", LOAD_START));
    }

    @Test
    void theCurrentVersionIsTheNewestScripts() throws Exception {
        Path scripts = Path.of(MetadataMigrations.class.getClassLoader().getResource("db/metadata").toURI());
        try (Stream<Path> files = Files.list(scripts)) {
            int newest = files.map(file -> file.getFileName().toString())
                    .filter(name -> name.matches("V\\d+__.*\\.sql"))
                    .mapToInt(name -> Integer.parseInt(name.substring(1, name.indexOf("__"))))
                    .max().orElseThrow();
            assertEquals(String.valueOf(newest), MetadataMigrations.CURRENT_VERSION,
                    "a run skips Flyway when the history has CURRENT_VERSION: bump it with each new script");
        }
    }

    @Test
    void aSchemaBehindTheNewestScriptIsMigrated() throws Exception {
        MetadataMigrations.migrate(dataSource, SCHEMA);
        Rows.execute(dataSource, "DROP TABLE saas_db_metadata.export_columns",
                "DELETE FROM saas_db_metadata." + MetadataMigrations.HISTORY_TABLE
                        + " WHERE version IN ('4', '5', '6', '7', '8', '9')");

        assertEquals(6, MetadataMigrations.migrate(dataSource, SCHEMA));

        assertEquals(List.of("metadata_table", "table_name", "initial_load_start_date", "column_names", "key_column",
                "row_source", "source_time", "window_begin", "window_end", "file_columns"),
                Rows.columnNames(dataSource, SCHEMA, "export_columns"));
    }

    @Test
    void aFailedScriptInTheHistoryIsLeftToFlywayToReport() throws Exception {
        MetadataMigrations.migrate(dataSource, SCHEMA);
        Rows.execute(dataSource, "UPDATE saas_db_metadata." + MetadataMigrations.HISTORY_TABLE
                + " SET success = false WHERE version = '3'");

        MetadataStoreException failure = assertThrows(MetadataStoreException.class,
                () -> MetadataMigrations.migrate(dataSource, SCHEMA));

        assertEquals("cannot migrate metadata schema saas_db_metadata", failure.getMessage());
        assertTrue(failure.getCause().getMessage().contains("failed migration to version 3"),
                failure.getCause().getMessage());
    }

    @Test
    void adoptsAnExistingGitLabSchemaAndKeepsItsRows() throws Exception {
        createGitLabSchema(MetadataTable.values());
        Rows.execute(dataSource,
                "INSERT INTO saas_db_metadata.backfill_metadata VALUES ('GITLAB_DB', 'GITLAB_DB_ISSUES',"
                        + " '2023-01-02 00:00:00', '2023-01-02 01:00:00', 'some_file', 10, 20, false, 3)",
                "INSERT INTO saas_db_metadata.backfill_metadata VALUES ('GITLAB_DB', 'GITLAB_DB_ISSUES',"
                        + " '2023-01-02 00:00:00', '2023-01-02 01:00:00', 'other_file', 15, 20, false, 2)",
                "INSERT INTO saas_db_metadata.delete_metadata VALUES ('GITLAB_DB', 'GITLAB_DB_NOTES',"
                        + " '2023-01-05 00:00:00', '2023-01-05 02:00:00', 'some_file', 20, 20, true, 3)");

        MetadataStore store = MetadataStore.open(dataSource, SCHEMA);

        Instant initial = Instant.parse("2023-01-02T00:00:00Z");
        MetadataRow newest = new MetadataRow("GITLAB_DB", "GITLAB_DB_ISSUES", initial,
                Instant.parse("2023-01-02T01:00:00Z"), "other_file", 15, 20, false, 2);
        assertEquals(newest, store.newest(MetadataTable.BACKFILL, "GITLAB_DB_ISSUES").orElseThrow());
        assertEquals(List.of("some_file", "other_file"),
                store.rowsOfLoad(MetadataTable.BACKFILL, "GITLAB_DB_ISSUES", initial).stream()
                        .map(MetadataRow::uploadFileName).toList());
        assertEquals(20, store.newestCompleted(MetadataTable.DELETES, "GITLAB_DB_NOTES").orElseThrow().maxId());
        assertEquals("integer", Rows.column(dataSource, "SELECT data_type FROM information_schema.columns"
                + " WHERE table_schema = ? AND column_name = 'chunk_row_count' AND table_name = 'backfill_metadata'",
                SCHEMA).get(0), "an adopted table keeps its own column types");
        assertTrue(history(SCHEMA).get(0).startsWith("0 adopted existing metadata schema"), history(SCHEMA).get(0));

        // GitLab's pipeline inserts nine values positionally; that must keep working next to ours.
        Rows.execute(dataSource, "INSERT INTO saas_db_metadata.backfill_metadata VALUES ('GITLAB_DB',"
                + " 'GITLAB_DB_ISSUES', '2023-01-02 00:00:00', '2023-01-02 01:00:00', 'last_file', 20, 20, true, 1)");
        assertEquals("last_file", store.newest(MetadataTable.BACKFILL, "GITLAB_DB_ISSUES").orElseThrow()
                .uploadFileName());
        // ... also into a copy as GitLab's metadata tests make one, which keeps NOT NULL but not row_id's default
        Rows.execute(dataSource, "CREATE TABLE saas_db_metadata.test_backfill_metadata"
                + " (LIKE saas_db_metadata.backfill_metadata)", "INSERT INTO saas_db_metadata.test_backfill_metadata"
                + " VALUES ('GITLAB_DB', 'GITLAB_DB_ISSUES', '2023-01-02 00:00:00', '2023-01-02 01:00:00', 'f', 1, 1,"
                + " true, 1)");
    }

    @Test
    void createsTheTablesAnAdoptedGitLabSchemaLacks() throws Exception {
        createGitLabSchema(MetadataTable.BACKFILL);

        MetadataStore store = MetadataStore.open(dataSource, SCHEMA);

        MetadataRow row = Rows.completed("GITLAB_DB_ISSUES", LOAD_START, minutes(5), 1000);
        store.append(MetadataTable.DELETES, row);
        assertEquals(row, store.newest(MetadataTable.DELETES, "GITLAB_DB_ISSUES").orElseThrow());
    }

    @Test
    void aSchemaNameThatNeedsQuotingWorks() throws Exception {
        String schema = "Saas \"Meta\" Data";
        MetadataStore store = MetadataStore.open(dataSource, schema);

        MetadataRow row = Rows.staged("GITLAB_DB_ISSUES", LOAD_START, minutes(1), 10);
        store.append(MetadataTable.INCREMENTAL, row);

        assertEquals(row, store.newest(MetadataTable.INCREMENTAL, "GITLAB_DB_ISSUES").orElseThrow());
        assertEquals(11, Rows.columnNames(dataSource, schema, "incremental_metadata").size());
        assertEquals(List.of("metadata_table", "table_name", "initial_load_start_date", "range_index", "range_count",
                "lower_exclusive", "upper_inclusive", "shard_count"), Rows.columnNames(dataSource, schema,
                "export_ranges"));
        assertEquals(0, MetadataMigrations.migrate(dataSource, schema));
    }

    @Test
    void rejectsSchemaNamesPostgresWouldTruncateOrRefuse() {
        ConfigException tooLong = assertThrows(ConfigException.class,
                () -> MetadataStore.open(dataSource, "m".repeat(64)));
        assertTrue(tooLong.getMessage().startsWith("metadata.schema 'mmm"), tooLong.getMessage());
        assertEquals("metadata.schema is empty",
                assertThrows(ConfigException.class, () -> MetadataStore.open(dataSource, " ")).getMessage());
    }

    @Test
    void anAbsentSchemaReadsAsNothingRecordedAndIsNotCreated() throws Exception {
        assertEquals(MetadataSchemaState.ABSENT, MetadataStore.state(dataSource, SCHEMA));

        MetadataStore store = MetadataStore.openForReading(dataSource, SCHEMA, Retrier.forSql());

        assertEquals(Optional.empty(), store.newest(MetadataTable.BACKFILL, "GITLAB_DB_ISSUES"));
        assertEquals(Optional.empty(), store.newestCompleted(MetadataTable.DELETES, "GITLAB_DB_ISSUES"));
        assertEquals(List.of(), store.newestPerTable(MetadataTable.INCREMENTAL));
        assertEquals(List.of(), store.rowsOfLoad(MetadataTable.BACKFILL, "GITLAB_DB_ISSUES", LOAD_START));
        assertEquals(List.of(), store.ranges(MetadataTable.BACKFILL, "GITLAB_DB_ISSUES", LOAD_START));
        assertEquals(Map.of(), store.lastExtractedByRange(MetadataTable.BACKFILL, "GITLAB_DB_ISSUES", LOAD_START));
        assertEquals(List.of(), Rows.column(dataSource,
                "SELECT nspname FROM pg_namespace WHERE nspname = ?", SCHEMA), "reading created the schema");
    }

    @Test
    void aStoreOpenedForReadingWritesNothingAndTakesNoLock() {
        MetadataStore.open(dataSource, SCHEMA);
        MetadataStore store = MetadataStore.openForReading(dataSource, SCHEMA, Retrier.forSql());
        MetadataRow row = Rows.staged("GITLAB_DB_ISSUES", LOAD_START, minutes(1), 10);

        assertThrows(IllegalStateException.class, () -> store.append(MetadataTable.BACKFILL, row));
        assertThrows(IllegalStateException.class, () -> store.saveRanges(MetadataTable.BACKFILL, "GITLAB_DB_ISSUES",
                LOAD_START, List.of(new ExportRange(0, 1, OptionalLong.empty(), 10, 1))));
        assertThrows(IllegalStateException.class, () -> store.lock("GITLAB_DB_ISSUES"));
        assertThrows(IllegalStateException.class, () -> store.lockShard("GITLAB_DB_ISSUES", 0, 2));
        assertThrows(IllegalStateException.class, () -> store.lockPlanning("GITLAB_DB_ISSUES"));
        assertEquals(Optional.empty(), store.newest(MetadataTable.BACKFILL, "GITLAB_DB_ISSUES"));
    }

    @Test
    void aCurrentSchemaIsReadAsWritten() {
        MetadataStore writer = MetadataStore.open(dataSource, SCHEMA);
        MetadataRow row = Rows.staged("GITLAB_DB_ISSUES", LOAD_START, minutes(1), 10);
        writer.append(MetadataTable.BACKFILL, row);

        assertEquals(MetadataSchemaState.CURRENT, MetadataStore.state(dataSource, SCHEMA));
        assertEquals(Optional.of(row), MetadataStore.openForReading(dataSource, SCHEMA, Retrier.forSql())
                .newest(MetadataTable.BACKFILL, "GITLAB_DB_ISSUES"));
    }

    @Test
    void aGitLabSchemaNotMigratedYetIsReadAsItIsAndLeftAsItIs() throws Exception {
        createGitLabSchema(MetadataTable.BACKFILL);
        Instant earlier = LOAD_START.minusSeconds(3_600);
        Rows.execute(dataSource, "INSERT INTO saas_db_metadata.backfill_metadata VALUES"
                + " ('GITLAB_DB', 'GITLAB_DB_ISSUES', '2026-11-24 00:00:00', '2026-11-24 00:10:00', 'a.parquet.gzip',"
                + " 15000000, 40000000, false, 5000000),"
                + " ('GITLAB_DB', 'GITLAB_DB_ISSUES', '2026-11-24 00:00:00', '2026-11-24 00:20:00', 'b.parquet.gzip',"
                + " 30000000, 40000000, false, 5000000),"
                + " ('GITLAB_DB', 'GITLAB_DB_NOTES', '2026-11-23 00:00:00', '2026-11-23 00:20:00', 'c.parquet.gzip',"
                + " 9, 9, true, 9)");

        assertEquals(MetadataSchemaState.NOT_MIGRATED, MetadataStore.state(dataSource, SCHEMA));
        MetadataStore store = MetadataStore.openForReading(dataSource, SCHEMA, Retrier.forSql());

        MetadataRow newest = store.newest(MetadataTable.BACKFILL, "GITLAB_DB_ISSUES").orElseThrow();
        assertEquals("b.parquet.gzip", newest.uploadFileName());
        assertEquals(OptionalInt.empty(), newest.rangeIndex());
        assertEquals(List.of("a.parquet.gzip", "b.parquet.gzip"), store.rowsOfLoad(MetadataTable.BACKFILL,
                "GITLAB_DB_ISSUES", earlier).stream().map(MetadataRow::uploadFileName).toList());
        assertEquals(List.of("GITLAB_DB_ISSUES", "GITLAB_DB_NOTES"), store.newestPerTable(MetadataTable.BACKFILL)
                .stream().map(MetadataRow::tableName).toList());
        assertEquals("GITLAB_DB_NOTES", store.newestCompleted(MetadataTable.BACKFILL, "GITLAB_DB_NOTES")
                .orElseThrow().tableName());
        assertEquals(Map.of(), store.lastExtractedByRange(MetadataTable.BACKFILL, "GITLAB_DB_ISSUES", earlier));
        assertEquals(List.of(), store.ranges(MetadataTable.BACKFILL, "GITLAB_DB_ISSUES", earlier));
        assertEquals(Optional.empty(), store.columns(MetadataTable.BACKFILL, "GITLAB_DB_ISSUES", earlier));
        assertEquals(Optional.empty(), store.newest(MetadataTable.DELETES, "GITLAB_DB_ISSUES"), "a missing table");

        assertEquals(GITLAB_COLUMNS, Rows.columnNames(dataSource, SCHEMA, "backfill_metadata"));
        assertEquals(List.of("backfill_metadata"), Rows.column(dataSource,
                "SELECT table_name FROM information_schema.tables WHERE table_schema = ?", SCHEMA));
    }

    /**
     * {@code plan} and {@code status} may run as a role that cannot read every metadata table. Such a table is still
     * there: reading it fails on the privilege instead of reading as a table that holds no rows.
     */
    @Test
    void aTableTheReadingRoleMayNotReadFailsInsteadOfReadingAsEmpty() throws Exception {
        MetadataStore writer = MetadataStore.open(dataSource, SCHEMA);
        writer.saveColumns(MetadataTable.BACKFILL, "GITLAB_DB_ISSUES", LOAD_START,
                new ExportColumns(List.of("id"), Optional.of("id"), Optional.empty(), Optional.empty()));
        String role = "status_reader_" + database;
        Rows.execute(dataSource, "DELETE FROM saas_db_metadata." + MetadataMigrations.HISTORY_TABLE
                + " WHERE version = '" + MetadataMigrations.CURRENT_VERSION + "'", "CREATE ROLE " + role + " LOGIN",
                "GRANT USAGE ON SCHEMA saas_db_metadata TO " + role,
                "GRANT SELECT ON saas_db_metadata." + MetadataMigrations.HISTORY_TABLE + " TO " + role);
        try {
            DataSource restricted = TestPostgres.server().getDatabase(role, database);
            assertEquals(MetadataSchemaState.NOT_MIGRATED, MetadataStore.state(restricted, SCHEMA));
            MetadataStore reader = MetadataStore.openForReading(restricted, SCHEMA, Retrier.forSql());

            MetadataStoreException denied = assertThrows(MetadataStoreException.class,
                    () -> reader.columns(MetadataTable.BACKFILL, "GITLAB_DB_ISSUES", LOAD_START));
            assertTrue(denied.getCause().getMessage().contains("permission denied"), denied.getCause().getMessage());
        } finally {
            Rows.execute(dataSource, "DROP OWNED BY " + role, "DROP ROLE " + role);
        }
    }

    @Test
    void aSchemaOfAnOlderVersionIsReadAsItIs() throws Exception {
        MetadataStore writer = MetadataStore.open(dataSource, SCHEMA);
        MetadataRow row = new MetadataRow("GITLAB_DB", "GITLAB_DB_ISSUES", LOAD_START, minutes(1),
                "staging/backfill/x/keys_from_start.parquet", 10, 20, false, 10, OptionalInt.of(1));
        writer.append(MetadataTable.BACKFILL, row);
        writer.saveRanges(MetadataTable.BACKFILL, "GITLAB_DB_ISSUES", LOAD_START,
                List.of(new ExportRange(1, 2, OptionalLong.of(5), 20, 1)));
        Rows.execute(dataSource, "DROP TABLE saas_db_metadata." + MetadataMigrations.EXPORT_COLUMNS,
                "DELETE FROM saas_db_metadata." + MetadataMigrations.HISTORY_TABLE
                        + " WHERE version IN ('4', '5', '6', '7', '8', '9')");

        assertEquals(MetadataSchemaState.NOT_MIGRATED, MetadataStore.state(dataSource, SCHEMA));
        MetadataStore store = MetadataStore.openForReading(dataSource, SCHEMA, Retrier.forSql());

        assertEquals(Optional.of(row), store.newest(MetadataTable.BACKFILL, "GITLAB_DB_ISSUES"));
        assertEquals(Map.of(1, 10L), store.lastExtractedByRange(MetadataTable.BACKFILL, "GITLAB_DB_ISSUES",
                LOAD_START));
        assertEquals(1, store.ranges(MetadataTable.BACKFILL, "GITLAB_DB_ISSUES", LOAD_START).size());
        assertEquals(Optional.empty(), store.columns(MetadataTable.BACKFILL, "GITLAB_DB_ISSUES", LOAD_START));
    }

    /**
     * A load recorded before V5 has no key and no rows on record, one recorded between V5 and V6 its key only. Read
     * as the schema is, then after the migration that adds the columns with NULL, they stay unknown.
     */
    @ParameterizedTest(name = "recorded before V{0}")
    @CsvSource({"5, 'key_column, row_source, source_time', false, false", "6, 'row_source, source_time', true, false",
            "7, source_time, true, true"})
    void aLoadRecordedBeforeItsKeyOrRowsWereIsReadWithThemUnknown(int version, String missing, boolean keyKnown,
            boolean rowsKnown) throws Exception {
        MetadataStore writer = MetadataStore.open(dataSource, SCHEMA);
        writer.saveColumns(MetadataTable.BACKFILL, "GITLAB_DB_ISSUES", LOAD_START,
                new ExportColumns(List.of("id", "title"), Optional.of("id"), Optional.of("SELECT * FROM issues"),
                        Optional.of(LOAD_START.minusSeconds(7200))));
        List<String> columns = List.of(missing.split(", "));
        Rows.execute(dataSource, "ALTER TABLE saas_db_metadata." + MetadataMigrations.EXPORT_COLUMNS + " "
                + String.join(", ", columns.stream().map(column -> "DROP COLUMN " + column).toList()),
                "DELETE FROM saas_db_metadata." + MetadataMigrations.HISTORY_TABLE + " WHERE version::integer >= "
                        + version);
        Optional<ExportColumns> expected = Optional.of(new ExportColumns(List.of("id", "title"),
                keyKnown ? Optional.of("id") : Optional.empty(),
                rowsKnown ? Optional.of("SELECT * FROM issues") : Optional.empty(), Optional.empty()));

        assertEquals(expected, MetadataStore.openForReading(dataSource, SCHEMA, Retrier.forSql())
                .columns(MetadataTable.BACKFILL, "GITLAB_DB_ISSUES", LOAD_START));
        MetadataStore.open(dataSource, SCHEMA);
        assertEquals(expected, MetadataStore.openForReading(dataSource, SCHEMA, Retrier.forSql())
                .columns(MetadataTable.BACKFILL, "GITLAB_DB_ISSUES", LOAD_START), "migrated, still unknown");
        assertEquals(MetadataSchemaState.CURRENT, MetadataStore.state(dataSource, SCHEMA));
    }

    @Test
    void aSchemaBehindTheNewestScriptIsNotMigratedYet() throws Exception {
        MetadataMigrations.migrate(dataSource, SCHEMA);
        Rows.execute(dataSource, "DELETE FROM saas_db_metadata." + MetadataMigrations.HISTORY_TABLE
                + " WHERE version = '" + MetadataMigrations.CURRENT_VERSION + "'");

        assertEquals(MetadataSchemaState.NOT_MIGRATED, MetadataStore.state(dataSource, SCHEMA));
    }

    /** GitLab's tables as its pipeline uses them: nine columns, no constraints, an integer row count. */
    /** $GITLAB_METADATA_SCHEMA=SAAS_DB_METADATA names saas_db_metadata in GitLab's unquoted SQL. */
    @Test
    void theUpperCaseSpellingOfGitLabsSchemaIsRefusedRatherThanCreatedBesideIt() throws Exception {
        createGitLabSchema(MetadataTable.values());

        ConfigException refused = assertThrows(ConfigException.class,
                () -> MetadataStore.open(dataSource, "SAAS_DB_METADATA"));

        assertEquals("metadata schema \"SAAS_DB_METADATA\" does not exist, but saas_db_metadata does, with GitLab's"
                + " metadata tables: GitLab's pipeline names the schema unquoted, so Postgres folds it to lower case;"
                + " set metadata.schema (or $GITLAB_METADATA_SCHEMA) to saas_db_metadata", refused.getMessage());
        assertEquals(List.of("saas_db_metadata"), Rows.column(dataSource,
                "SELECT nspname FROM pg_namespace WHERE lower(nspname) = 'saas_db_metadata'"));
        MetadataStore.open(dataSource, "Other_Metadata"); // no lower-case twin: created as named
        assertEquals(List.of("Other_Metadata"), Rows.column(dataSource,
                "SELECT nspname FROM pg_namespace WHERE lower(nspname) = 'other_metadata'"));
    }

    private void createGitLabSchema(MetadataTable... tables) throws Exception {
        Rows.execute(dataSource, "CREATE SCHEMA saas_db_metadata");
        for (MetadataTable table : tables) {
            Rows.execute(dataSource, "CREATE TABLE saas_db_metadata." + table.tableName() + " (database_name varchar,"
                    + " table_name varchar, initial_load_start_date timestamp, upload_date timestamp,"
                    + " upload_file_name varchar, last_extracted_id bigint, max_id bigint,"
                    + " is_export_completed boolean, chunk_row_count integer)");
        }
    }

    private List<String> history(String schema) throws Exception {
        return Rows.column(dataSource, "SELECT concat_ws(' ', version, description, checksum) FROM "
                + SqlIdentifiers.qualified(schema, MetadataMigrations.HISTORY_TABLE) + " ORDER BY installed_rank");
    }
}
