package dev.saasextract.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.saasextract.schema.ColumnSpec;
import dev.saasextract.schema.ColumnType.Kind;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class JdbcWarehouseKeepColumnsTest {

    private static final String SCHEMA = "tap_postgres";
    private static final String TARGET = "GITLAB_DB_ISSUES";
    private static final String TEMP = "GITLAB_DB_ISSUES_TEMP";

    @RegisterExtension
    final DuckDbTestDatabase db = new DuckDbTestDatabase();

    @Test
    void addsEveryMissingColumnWithItsTypeAndReturnsTheirNames() throws SQLException {
        db.warehouse().createTable(SCHEMA, TARGET, EveryColumnKind.columns());
        db.warehouse().createTable(SCHEMA, TEMP, List.of(
                EveryColumnKind.column("C_SMALLINT", Kind.SMALLINT), EveryColumnKind.column("only_temp", Kind.TEXT)));
        db.execute("INSERT INTO tap_postgres.GITLAB_DB_ISSUES_TEMP VALUES (1, 'kept')");

        List<String> added = db.warehouse().keepColumns(SCHEMA, TARGET, TEMP);

        List<String> expectedAdded = EveryColumnKind.columns().stream().map(ColumnSpec::name)
                .filter(name -> !name.equals("c_smallint")).toList();
        assertEquals(expectedAdded, added);
        List<String> expectedColumns = new ArrayList<>(List.of("C_SMALLINT|SMALLINT", "only_temp|VARCHAR"));
        expectedColumns.addAll(EveryColumnKind.namesWithDuckDbTypes().subList(1, EveryColumnKind.columns().size()));
        assertEquals(expectedColumns, columnsWithTypes(TEMP));
        assertEquals(List.of("1|kept|" + "null|".repeat(added.size() - 1) + "null"),
                db.rows("SELECT * FROM tap_postgres.GITLAB_DB_ISSUES_TEMP"));
    }

    @Test
    void addedColumnsAreNullableEvenWhenTheSourceColumnIsNot() throws SQLException {
        db.execute("CREATE SCHEMA tap_postgres");
        db.execute("CREATE TABLE tap_postgres.GITLAB_DB_ISSUES (id BIGINT NOT NULL, is_deleted BOOLEAN NOT NULL)");
        db.execute("CREATE TABLE tap_postgres.GITLAB_DB_ISSUES_TEMP (id BIGINT NOT NULL)");

        assertEquals(List.of("is_deleted"),
                db.warehouse().keepColumns(SCHEMA, "gitlab_db_issues", "gitlab_db_issues_temp"));

        db.execute("INSERT INTO tap_postgres.GITLAB_DB_ISSUES_TEMP (id) VALUES (1)");
        assertEquals(List.of("1|null"), db.rows("SELECT id, is_deleted FROM tap_postgres.GITLAB_DB_ISSUES_TEMP"));
        assertEquals(List.of("id|NO", "is_deleted|YES"), db.rows("SELECT column_name, is_nullable"
                + " FROM information_schema.columns WHERE table_name = 'GITLAB_DB_ISSUES_TEMP' ORDER BY ordinal_position"));
    }

    @Test
    void nothingMissingAddsNothing() throws SQLException {
        db.warehouse().createTable(SCHEMA, TARGET, List.of(
                EveryColumnKind.column("id", Kind.BIGINT), EveryColumnKind.column("title", Kind.TEXT)));
        db.warehouse().createTable(SCHEMA, TEMP, List.of(EveryColumnKind.column("Title", Kind.INTEGER),
                EveryColumnKind.column("ID", Kind.BIGINT), EveryColumnKind.column("new", Kind.DATE)));
        List<String> before = columnsWithTypes(TEMP);

        assertEquals(List.of(), db.warehouse().keepColumns(SCHEMA, TARGET, TEMP));
        assertEquals(List.of("Title|INTEGER", "ID|BIGINT", "new|DATE"), before);
        assertEquals(before, columnsWithTypes(TEMP));
    }

    @Test
    void anAbsentTableFailsNamingItAndChangesNothing() throws SQLException {
        db.warehouse().createTable(SCHEMA, TEMP, List.of(EveryColumnKind.column("id", Kind.BIGINT)));

        WarehouseException noSource = assertThrows(WarehouseException.class,
                () -> db.warehouse().keepColumns(SCHEMA, TARGET, TEMP));
        WarehouseException noTarget = assertThrows(WarehouseException.class,
                () -> db.warehouse().keepColumns(SCHEMA, TEMP, "GITLAB_DB_MISSING"));

        assertEquals("add the columns of tap_postgres.GITLAB_DB_ISSUES to tap_postgres.GITLAB_DB_ISSUES_TEMP:"
                + " tap_postgres.GITLAB_DB_ISSUES does not exist", noSource.getMessage());
        assertEquals("add the columns of tap_postgres.GITLAB_DB_ISSUES_TEMP to tap_postgres.GITLAB_DB_MISSING:"
                + " tap_postgres.GITLAB_DB_MISSING does not exist", noTarget.getMessage());
        assertEquals(List.of(TEMP), db.tables(SCHEMA));
        assertEquals(List.of("id|BIGINT"), columnsWithTypes(TEMP));
    }

    @Test
    void injectionShapedNamesAreQuotedAsOneIdentifier() throws SQLException {
        String table = "x\"; DROP TABLE y; --";
        String column = "a\"b'; DROP TABLE y; --";
        db.warehouse().createTable(SCHEMA, table, List.of(EveryColumnKind.column(column, Kind.TEXT)));
        db.warehouse().createTable(SCHEMA, "y", List.of(EveryColumnKind.column("id", Kind.BIGINT)));

        assertEquals(List.of(column), db.warehouse().keepColumns(SCHEMA, table, "y"));

        assertEquals(List.of(table, "y"), db.tables(SCHEMA));
        assertEquals(List.of("id|BIGINT", column + "|VARCHAR"), columnsWithTypes("y"));
    }

    private List<String> columnsWithTypes(String table) throws SQLException {
        return db.rows("SELECT column_name, data_type FROM information_schema.columns"
                + " WHERE table_schema = 'tap_postgres' AND table_name = '" + table.replace("'", "''") + "'"
                + " ORDER BY ordinal_position");
    }
}
