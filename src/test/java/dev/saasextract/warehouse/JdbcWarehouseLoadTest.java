package dev.saasextract.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saasextract.schema.ColumnSpec;
import dev.saasextract.schema.ColumnType;
import dev.saasextract.schema.ColumnType.Kind;
import dev.saasextract.schema.ToolColumns;
import java.nio.file.Files;
import java.sql.SQLException;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class JdbcWarehouseLoadTest {

    private static final String SCHEMA = "tap_postgres";
    private static final String TABLE = "GITLAB_DB_ISSUES";
    private static final String ALL_ROWS =
            "SELECT id, title, amount, _uploaded_at, is_deleted FROM tap_postgres.GITLAB_DB_ISSUES ORDER BY id";
    private static final String EXISTING_ROW = "7|existing|0.01|2025-12-31T00:00Z|false";

    @RegisterExtension
    final DuckDbTestDatabase db = new DuckDbTestDatabase();

    @BeforeEach
    void createTargetWithOneRow() throws SQLException {
        db.warehouse().createTable(SCHEMA, TABLE, List.of(
                new ColumnSpec("id", ColumnType.of(Kind.BIGINT, "int8")),
                new ColumnSpec("title", ColumnType.of(Kind.TEXT, "text")),
                new ColumnSpec("amount", ColumnType.decimal(10, 2, "numeric")),
                new ColumnSpec(ToolColumns.UPLOADED_AT, ColumnType.of(Kind.TIMESTAMPTZ, "timestamptz")),
                new ColumnSpec(ToolColumns.IS_DELETED, ColumnType.of(Kind.BOOLEAN, "bool"))));
        db.execute("INSERT INTO tap_postgres.GITLAB_DB_ISSUES"
                + " VALUES (7, 'existing', 0.01, TIMESTAMPTZ '2025-12-31 00:00:00+00', false)");
    }

    @Test
    void loadsSeveralFilesMatchingColumnsByNameWhateverTheirOrderAndCase() throws SQLException {
        String first = db.parquet("1.parquet", "SELECT 1::BIGINT AS id, 'one' AS title, 1.50::DECIMAL(10,2) AS amount,"
                + " TIMESTAMPTZ '2026-01-01 00:00:00+00' AS _uploaded_at");
        String second = db.parquet("2.parquet", "SELECT * FROM (VALUES"
                + " (TIMESTAMPTZ '2026-01-02 03:04:05+00', 2.25::DECIMAL(10,2), 'two', 2::BIGINT),"
                + " (TIMESTAMPTZ '2026-01-02 03:04:05+00', NULL, 'three', 3::BIGINT))"
                + " AS t(\"_UPLOADED_AT\", \"Amount\", \"TITLE\", \"ID\")");

        long loaded = db.warehouse().load(SCHEMA, "gitlab_db_issues", List.of(first, second));

        assertEquals(3, loaded);
        assertEquals(List.of(
                "1|one|1.50|2026-01-01T00:00Z|null",
                "2|two|2.25|2026-01-02T03:04:05Z|null",
                "3|three|null|2026-01-02T03:04:05Z|null",
                EXISTING_ROW), db.rows(ALL_ROWS));
    }

    @Test
    void failedLoadOfAMissingFileLeavesTheTableUnchanged() throws SQLException {
        String good = db.parquet("good.parquet", "SELECT 1::BIGINT AS id, 'one' AS title");
        String missing = db.dir().resolve("missing.parquet").toString();

        WarehouseException error = assertThrows(WarehouseException.class,
                () -> db.warehouse().load(SCHEMA, TABLE, List.of(good, missing)));

        assertTrue(error.getMessage().startsWith("load 2 files into tap_postgres.GITLAB_DB_ISSUES: "), error.getMessage());
        assertTrue(error.getMessage().contains(missing), error.getMessage());
        assertEquals(List.of(EXISTING_ROW), db.rows(ALL_ROWS));
    }

    @Test
    void failedLoadOfAFileWithABadTypeLoadsNoRowOfAnyFile() throws SQLException {
        String good = db.parquet("good.parquet", "SELECT 1::BIGINT AS id, 'one' AS title");
        String bad = db.parquet("bad.parquet", "SELECT 'not a number' AS id, 'two' AS title");

        WarehouseException error = assertThrows(WarehouseException.class,
                () -> db.warehouse().load(SCHEMA, TABLE, List.of(good, bad)));

        assertTrue(error.getMessage().contains("not a number"), error.getMessage());
        assertEquals(List.of(EXISTING_ROW), db.rows(ALL_ROWS));
    }

    @Test
    void aStagedColumnTheTableLacksFailsTheLoadNamingIt() throws SQLException {
        String file = db.parquet("new_column.parquet", "SELECT 1::BIGINT AS id, 'x' AS labels");

        WarehouseException error = assertThrows(WarehouseException.class,
                () -> db.warehouse().load(SCHEMA, TABLE, List.of(file)));

        assertEquals("load into tap_postgres.GITLAB_DB_ISSUES: staged column(s) [labels] not in the table",
                error.getMessage());
        assertEquals(List.of(EXISTING_ROW), db.rows(ALL_ROWS));
    }

    @Test
    void tableColumnsTheFilesLackStayNullForNewRowsAndKeepOldValues() throws SQLException {
        // A column removed from the manifest query stays in the warehouse (CONTRACT §8); regular loads then omit it.
        db.execute("ALTER TABLE tap_postgres.GITLAB_DB_ISSUES ADD COLUMN removed_from_query VARCHAR");
        db.execute("UPDATE tap_postgres.GITLAB_DB_ISSUES SET removed_from_query = 'old value'");
        String file = db.parquet("1.parquet", "SELECT 8::BIGINT AS id, 'appended' AS title,"
                + " TIMESTAMPTZ '2026-01-01 00:00:00+00' AS _uploaded_at");

        assertEquals(1, db.warehouse().load(SCHEMA, TABLE, List.of(file)));

        assertEquals(List.of("7|existing|0.01|false|old value", "8|appended|null|null|null"), db.rows("SELECT id,"
                + " title, amount, is_deleted, removed_from_query FROM tap_postgres.GITLAB_DB_ISSUES ORDER BY id"));
    }

    @Test
    void loadIntoAnAbsentTableFailsNamingIt() throws SQLException {
        String file = db.parquet("1.parquet", "SELECT 1::BIGINT AS id");

        WarehouseException error = assertThrows(WarehouseException.class,
                () -> db.warehouse().load(SCHEMA, "GITLAB_DB_MISSING", List.of(file)));

        assertEquals("load into tap_postgres.GITLAB_DB_MISSING: table does not exist", error.getMessage());
    }

    @Test
    void aFilePathWithAQuoteIsOneStringLiteral() throws Exception {
        Files.createDirectory(db.dir().resolve("it's"));
        String file = db.parquet("it's/1.parquet", "SELECT 1::BIGINT AS id, 'quoted' AS title");

        assertEquals(1, db.warehouse().load(SCHEMA, TABLE, List.of(file)));
        assertEquals(List.of("1|quoted", "7|existing"),
                db.rows("SELECT id, title FROM tap_postgres.GITLAB_DB_ISSUES ORDER BY id"));
    }

    /** A count that disagrees with the metadata is found before the commit: nothing is appended, so no retry doubles. */
    @Test
    void filesHoldingAnotherNumberOfRowsThanExpectedLoadNothing() throws SQLException {
        String file = db.parquet("1.parquet", "SELECT 8::BIGINT AS id, 'appended' AS title UNION ALL"
                + " SELECT 9::BIGINT, 'appended'");

        WarehouseException error = assertThrows(WarehouseException.class,
                () -> db.warehouse().load(SCHEMA, TABLE, List.of(file), OptionalLong.of(3)));

        assertEquals("load 1 files into tap_postgres.GITLAB_DB_ISSUES: the files held 2 rows, the metadata records 3;"
                + " nothing was loaded", error.getMessage());
        assertEquals(List.of(EXISTING_ROW), db.rows(ALL_ROWS));
        assertEquals(2, db.warehouse().load(SCHEMA, TABLE, List.of(file), OptionalLong.of(2)));
    }

    @Test
    void noFilesLoadNoRows() throws SQLException {
        assertEquals(0, db.warehouse().load(SCHEMA, TABLE, List.of()));
        assertEquals(List.of(EXISTING_ROW), db.rows(ALL_ROWS));
    }
}
