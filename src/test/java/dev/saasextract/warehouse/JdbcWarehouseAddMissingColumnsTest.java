package dev.saasextract.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.saasextract.schema.ColumnSpec;
import dev.saasextract.schema.ColumnType;
import dev.saasextract.schema.ColumnType.Kind;
import dev.saasextract.schema.ToolColumns;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class JdbcWarehouseAddMissingColumnsTest {

    private static final String SCHEMA = "tap_postgres";
    private static final String TABLE = "GITLAB_DB_ISSUES";
    private static final List<ColumnSpec> DELETE_FLAGS = List.of(
            EveryColumnKind.column(ToolColumns.IS_DELETED, Kind.BOOLEAN),
            EveryColumnKind.column(ToolColumns.IS_DELETED_UPDATED_AT, Kind.TIMESTAMPTZ));

    @RegisterExtension
    final DuckDbTestDatabase db = new DuckDbTestDatabase();

    @BeforeEach
    void createTable() throws SQLException {
        db.execute("CREATE SCHEMA tap_postgres");
        db.execute("CREATE TABLE tap_postgres.GITLAB_DB_ISSUES (\"ID\" BIGINT NOT NULL, title VARCHAR)");
        db.execute("INSERT INTO tap_postgres.GITLAB_DB_ISSUES VALUES (1, 'kept')");
    }

    @Test
    void addsTheColumnsTheTableLacksTypedByTheDialectAndNullable() throws SQLException {
        List<ColumnSpec> wanted = List.of(DELETE_FLAGS.get(0), EveryColumnKind.column("id", Kind.TEXT),
                DELETE_FLAGS.get(1), new ColumnSpec("Weight", ColumnType.decimal(20, 4, "numeric")));

        List<String> added = db.warehouse().addMissingColumns("TAP_POSTGRES", "gitlab_db_issues", wanted);

        assertEquals(List.of("is_deleted", "is_deleted_updated_at", "Weight"), added);
        assertEquals(List.of("ID|BIGINT|NO", "title|VARCHAR|YES", "is_deleted|BOOLEAN|YES",
                "is_deleted_updated_at|TIMESTAMP WITH TIME ZONE|YES", "Weight|DECIMAL(20,4)|YES"), columns());
        assertEquals(List.of("1|kept|null|null|null"), db.rows("SELECT * FROM tap_postgres.GITLAB_DB_ISSUES"));
    }

    @Test
    void addingAgainAddsNothing() throws SQLException {
        db.warehouse().addMissingColumns(SCHEMA, TABLE, DELETE_FLAGS);
        List<String> afterFirst = columns();

        assertEquals(List.of(), db.warehouse().addMissingColumns(SCHEMA, TABLE, DELETE_FLAGS));
        assertEquals(List.of(), db.warehouse().addMissingColumns(SCHEMA, TABLE, List.of(
                EveryColumnKind.column("IS_DELETED", Kind.BOOLEAN), EveryColumnKind.column("Title", Kind.TEXT))));
        assertEquals(afterFirst, columns());
    }

    @Test
    void aColumnWithoutAWarehouseTypeFailsNamingItAndAddsNothing() throws SQLException {
        List<ColumnSpec> wanted = List.of(DELETE_FLAGS.get(0),
                new ColumnSpec("amount", ColumnType.decimal(39, 0, "numeric")));

        UnsupportedColumnTypeException error = assertThrows(UnsupportedColumnTypeException.class,
                () -> db.warehouse().addMissingColumns(SCHEMA, TABLE, wanted));

        assertEquals("tap_postgres.GITLAB_DB_ISSUES.amount: DuckDB has no type for numeric(39,0)", error.getMessage());
        assertEquals(List.of("ID|BIGINT|NO", "title|VARCHAR|YES"), columns());
    }

    @Test
    void anAbsentTableFailsNamingIt() throws SQLException {
        WarehouseException error = assertThrows(WarehouseException.class,
                () -> db.warehouse().addMissingColumns(SCHEMA, "GITLAB_DB_MISSING", DELETE_FLAGS));

        assertEquals("add missing columns to tap_postgres.GITLAB_DB_MISSING: tap_postgres.GITLAB_DB_MISSING"
                + " does not exist", error.getMessage());
        assertEquals(List.of(TABLE), db.tables(SCHEMA));
    }

    @Test
    void injectionShapedNamesAreQuotedAsOneIdentifier() throws SQLException {
        String column = "a\"b'; DROP TABLE tap_postgres.GITLAB_DB_ISSUES; --";

        assertEquals(List.of(column),
                db.warehouse().addMissingColumns(SCHEMA, TABLE, List.of(EveryColumnKind.column(column, Kind.TEXT))));

        assertEquals(List.of("ID|BIGINT|NO", "title|VARCHAR|YES", column + "|VARCHAR|YES"), columns());
    }

    private List<String> columns() throws SQLException {
        return db.rows("SELECT column_name, data_type, is_nullable FROM information_schema.columns"
                + " WHERE table_schema = 'tap_postgres' AND table_name = 'GITLAB_DB_ISSUES' ORDER BY ordinal_position");
    }
}
