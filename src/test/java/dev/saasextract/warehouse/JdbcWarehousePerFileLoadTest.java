package dev.saasextract.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.saasextract.schema.ColumnSpec;
import dev.saasextract.schema.ColumnType;
import dev.saasextract.schema.ColumnType.Kind;
import dev.saasextract.warehouse.dialect.DuckDbDialect;
import dev.saasextract.warehouse.dialect.LoadStatement;
import dev.saasextract.warehouse.dialect.TableName;
import dev.saasextract.warehouse.dialect.WarehouseDialect;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * How JdbcWarehouse reads a load statement that returns one row per file, as Snowflake's COPY does, on DuckDB: a
 * stand-in dialect loads the first file with DuckDB's real INSERT and "reports" the others with a SELECT shaped like
 * COPY's result, so the whole load stays one transaction over a real engine.
 */
class JdbcWarehousePerFileLoadTest {

    private static final String SCHEMA = "tap_postgres";
    private static final String TABLE = "GITLAB_DB_ISSUES";

    @RegisterExtension
    final DuckDbTestDatabase db = new DuckDbTestDatabase();

    private DuckDBConnection reportingConnection;
    private final List<String> reports = new ArrayList<>();

    @BeforeEach
    void createTable() throws SQLException {
        db.warehouse().createTable(SCHEMA, TABLE, List.of(new ColumnSpec("id", ColumnType.of(Kind.BIGINT, "int8"))));
        reportingConnection = (DuckDBConnection) DriverManager.getConnection(
                "jdbc:duckdb:" + db.dir().resolve("warehouse.duckdb"));
    }

    @Test
    void rowsLoadedAreSummedOverEveryReportedFileAndStatement() throws SQLException {
        String loaded = db.parquet("loaded.parquet", "SELECT 1::BIGINT AS id UNION ALL SELECT 2::BIGINT");
        reports.add("SELECT * FROM (VALUES ('gcs://b/f/a.parquet', 'LOADED', 3, NULL),"
                + " ('gcs://b/f/b.parquet', 'LOADED', 4, NULL)) AS r(file, status, rows_loaded, first_error)");

        try (Warehouse warehouse = reporting()) {
            assertEquals(2 + 7, warehouse.load(SCHEMA, TABLE,
                    List.of(loaded, "gcs://b/f/a.parquet", "gcs://b/f/b.parquet")));
        }
        assertEquals(List.of("1", "2"), db.rows("SELECT id FROM tap_postgres.GITLAB_DB_ISSUES ORDER BY id"));
    }

    @Test
    void aFailedFileRollsBackTheFilesOfEarlierStatements() throws SQLException {
        String loaded = db.parquet("loaded.parquet", "SELECT 1::BIGINT AS id");
        reports.add("SELECT 'gcs://b/f/a.parquet' AS file, 'LOAD_FAILED' AS status, 0 AS rows_loaded,"
                + " 'Numeric value ''x'' is not recognized' AS first_error");

        try (Warehouse warehouse = reporting()) {
            WarehouseException error = assertThrows(WarehouseException.class,
                    () -> warehouse.load(SCHEMA, TABLE, List.of(loaded, "gcs://b/f/a.parquet")));

            assertEquals("load into tap_postgres.GITLAB_DB_ISSUES: file gcs://b/f/a.parquet is LOAD_FAILED:"
                    + " Numeric value 'x' is not recognized", error.getMessage());
        }
        assertEquals(List.of(), db.rows("SELECT id FROM tap_postgres.GITLAB_DB_ISSUES"));
    }

    @Test
    void aResultWithoutAFileColumnMeansNothingWasLoaded() throws SQLException {
        String loaded = db.parquet("loaded.parquet", "SELECT 1::BIGINT AS id");
        reports.add("SELECT 'Copy executed with 0 files processed.' AS status");

        try (Warehouse warehouse = reporting()) {
            WarehouseException error = assertThrows(WarehouseException.class,
                    () -> warehouse.load(SCHEMA, TABLE, List.of(loaded, "gcs://b/f/a.parquet")));

            assertEquals("load into tap_postgres.GITLAB_DB_ISSUES: 1 file(s) not loaded, first gcs://b/f/a.parquet"
                    + " (the warehouse said: Copy executed with 0 files processed.); Snowflake skips files its load"
                    + " metadata says this table already loaded", error.getMessage());
        }
        assertEquals(List.of(), db.rows("SELECT id FROM tap_postgres.GITLAB_DB_ISSUES"));
    }

    private Warehouse reporting() {
        return JdbcWarehouse.open(reportingConnection, new ReportingDialect());
    }

    /** DuckDB, except that files after the first are "loaded" by the queued report queries, one statement each. */
    private final class ReportingDialect implements WarehouseDialect {
        private final DuckDbDialect duckDb = new DuckDbDialect();

        @Override
        public String name() {
            return "DuckDB reporting per file";
        }

        @Override
        public Optional<String> columnType(ColumnType type) {
            return duckDb.columnType(type);
        }

        @Override
        public Optional<String> stagedColumnsQuery(List<String> fileUris) {
            return duckDb.stagedColumnsQuery(fileUris.subList(0, 1));
        }

        @Override
        public List<LoadStatement> loadFiles(TableName table, List<String> columns, List<String> fileUris) {
            List<LoadStatement> statements = new ArrayList<>(duckDb.loadFiles(table, columns, fileUris.subList(0, 1)));
            statements.add(new LoadStatement(reports.remove(0), fileUris.subList(1, fileUris.size())));
            return statements;
        }

        @Override
        public List<String> replaceTable(TableName source, TableName target, boolean targetExists) {
            return duckDb.replaceTable(source, target, targetExists);
        }
    }
}
