package dev.saasextract.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saasextract.schema.ColumnSpec;
import dev.saasextract.schema.ColumnType;
import dev.saasextract.schema.ColumnType.Kind;
import dev.saasextract.warehouse.dialect.DuckDbDialect;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class JdbcWarehouseTableTest {

    private static final String SCHEMA = "tap_postgres";

    @RegisterExtension
    final DuckDbTestDatabase db = new DuckDbTestDatabase();

    @Test
    void columnsOfAbsentTableOrSchemaAreEmpty() throws SQLException {
        db.execute("CREATE SCHEMA tap_postgres");
        db.execute("CREATE TABLE tap_postgres.other (id BIGINT)");

        assertEquals(Optional.empty(), db.warehouse().columns(SCHEMA, "GITLAB_DB_ISSUES"));
        assertEquals(Optional.empty(), db.warehouse().columns("no_such_schema", "other"));
    }

    @Test
    void columnsAreListedInTableOrderAsStored() {
        db.warehouse().createTable(SCHEMA, "GITLAB_DB_ISSUES", List.of(
                column("id", Kind.BIGINT), column("Title", Kind.TEXT), column("_uploaded_at", Kind.TIMESTAMPTZ)));

        assertEquals(Optional.of(List.of("id", "Title", "_uploaded_at")),
                db.warehouse().columns(SCHEMA, "GITLAB_DB_ISSUES"));
    }

    @Test
    void tableAndSchemaLookupIgnoresCase() {
        db.warehouse().createTable(SCHEMA, "GITLAB_DB_ISSUES", List.of(column("id", Kind.BIGINT)));

        assertEquals(Optional.of(List.of("id")), db.warehouse().columns("TAP_POSTGRES", "gitlab_db_issues"));
        assertEquals(0, db.warehouse().count(SCHEMA, "Gitlab_Db_Issues"));
    }

    @Test
    void createTableMapsEveryColumnKind() throws SQLException {
        Set<Kind> covered = EveryColumnKind.columns().stream().map(c -> c.type().kind())
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(Kind.class)));
        assertEquals(EnumSet.allOf(Kind.class), covered, "every ColumnType kind has a case here");

        db.warehouse().createTable(SCHEMA, "ALL_TYPES", EveryColumnKind.columns());

        assertEquals(EveryColumnKind.namesWithDuckDbTypes(), db.rows("SELECT column_name, data_type"
                + " FROM information_schema.columns WHERE table_schema = 'tap_postgres' AND table_name = 'ALL_TYPES'"
                + " ORDER BY ordinal_position"));
    }

    @Test
    void createTableCreatesTheSchemaAndReplacesAnExistingTableWhateverItsCase() throws SQLException {
        db.warehouse().createTable(SCHEMA, "gitlab_db_issues", List.of(column("old", Kind.BIGINT)));
        db.execute("INSERT INTO tap_postgres.gitlab_db_issues VALUES (1)");

        db.warehouse().createTable(SCHEMA, "GITLAB_DB_ISSUES", List.of(column("new", Kind.TEXT)));

        assertEquals(List.of("GITLAB_DB_ISSUES"), db.tables(SCHEMA));
        assertEquals(Optional.of(List.of("new")), db.warehouse().columns(SCHEMA, "GITLAB_DB_ISSUES"));
        assertEquals(0, db.warehouse().count(SCHEMA, "GITLAB_DB_ISSUES"));
    }

    @Test
    void createTableRefusesADecimalDuckDbCannotHoldAndKeepsTheOldTable() throws SQLException {
        db.warehouse().createTable(SCHEMA, "GITLAB_DB_ORDERS", List.of(column("id", Kind.BIGINT)));
        db.execute("INSERT INTO tap_postgres.GITLAB_DB_ORDERS VALUES (1)");
        List<ColumnSpec> tooWide = List.of(column("id", Kind.BIGINT),
                new ColumnSpec("amount", ColumnType.decimal(39, 2, "numeric")));

        UnsupportedColumnTypeException error = assertThrows(UnsupportedColumnTypeException.class,
                () -> db.warehouse().createTable(SCHEMA, "GITLAB_DB_ORDERS", tooWide));

        assertEquals("tap_postgres.GITLAB_DB_ORDERS.amount: DuckDB has no type for numeric(39,2)", error.getMessage());
        assertEquals(List.of("1"), db.rows("SELECT id FROM tap_postgres.GITLAB_DB_ORDERS"));
    }

    @Test
    void dropIfExistsDropsWhateverTheCaseAndIgnoresAnAbsentTable() throws SQLException {
        db.warehouse().createTable(SCHEMA, "GITLAB_DB_ISSUES", List.of(column("id", Kind.BIGINT)));
        db.warehouse().createTable(SCHEMA, "GITLAB_DB_KEPT", List.of(column("id", Kind.BIGINT)));

        db.warehouse().dropIfExists(SCHEMA, "gitlab_db_issues");
        db.warehouse().dropIfExists(SCHEMA, "gitlab_db_issues");
        db.warehouse().dropIfExists("no_such_schema", "gitlab_db_issues");

        assertEquals(List.of("GITLAB_DB_KEPT"), db.tables(SCHEMA));
    }

    @Test
    void countOfAbsentTableNamesTheTable() {
        WarehouseException error = assertThrows(WarehouseException.class,
                () -> db.warehouse().count(SCHEMA, "GITLAB_DB_MISSING"));

        assertEquals("count rows of tap_postgres.GITLAB_DB_MISSING: table does not exist", error.getMessage());
    }

    @Test
    void injectionShapedNamesAreQuotedAsOneIdentifier() throws SQLException {
        db.execute("CREATE SCHEMA tap_postgres");
        db.execute("CREATE TABLE tap_postgres.y (id BIGINT)");
        db.execute("INSERT INTO tap_postgres.y VALUES (42)");
        String table = "x\"; DROP TABLE y; --";
        String column = "a\"b'; DROP TABLE y; --";

        db.warehouse().createTable(SCHEMA, table, List.of(column(column, Kind.TEXT)));
        db.execute("INSERT INTO tap_postgres.\"x\"\"; DROP TABLE y; --\" VALUES ('v')");

        assertEquals(List.of(table, "y"), db.tables(SCHEMA));
        assertEquals(List.of("42"), db.rows("SELECT id FROM tap_postgres.y"));
        assertEquals(Optional.of(List.of(column)), db.warehouse().columns(SCHEMA, table));
        assertEquals(1, db.warehouse().count(SCHEMA, table));

        db.warehouse().dropIfExists(SCHEMA, table);

        assertEquals(List.of("y"), db.tables(SCHEMA));
    }

    @Test
    void sessionTimeZoneIsUtcWhateverTheConnectionHad() throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:")) {
            try (var statement = connection.createStatement()) {
                statement.execute("SET TimeZone = 'America/New_York'");
            }
            Warehouse utc = JdbcWarehouse.open(connection, new DuckDbDialect());
            try (var statement = connection.createStatement();
                    var result = statement.executeQuery("SELECT current_setting('TimeZone')")) {
                assertTrue(result.next());
                assertEquals("UTC", result.getString(1));
            }
            utc.close();
        }
    }

    private static ColumnSpec column(String name, Kind kind) {
        return EveryColumnKind.column(name, kind);
    }
}
