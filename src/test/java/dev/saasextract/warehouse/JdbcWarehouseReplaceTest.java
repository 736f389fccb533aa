package dev.saasextract.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saasextract.schema.ColumnSpec;
import dev.saasextract.schema.ColumnType;
import dev.saasextract.schema.ColumnType.Kind;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class JdbcWarehouseReplaceTest {

    private static final String SCHEMA = "tap_postgres";
    private static final String TARGET = "GITLAB_DB_ISSUES";
    private static final String TEMP = "GITLAB_DB_ISSUES_TEMP";

    @RegisterExtension
    final DuckDbTestDatabase db = new DuckDbTestDatabase();

    @BeforeEach
    void createTempWithNewRows() throws SQLException {
        db.warehouse().createTable(SCHEMA, TEMP, List.of(bigint("id"), bigint("added")));
        db.execute("INSERT INTO tap_postgres.GITLAB_DB_ISSUES_TEMP VALUES (1, 10), (2, 20)");
    }

    @Test
    void replaceRenamesTheSourceWhenTheTargetIsAbsent() throws SQLException {
        db.warehouse().replace(SCHEMA, TEMP, TARGET);

        assertEquals(List.of(TARGET), db.tables(SCHEMA));
        assertEquals(List.of("1|10", "2|20"), db.rows("SELECT * FROM tap_postgres.GITLAB_DB_ISSUES ORDER BY id"));
    }

    @Test
    void replaceSwapsOutThePresentTarget() throws SQLException {
        givenOldTarget();

        db.warehouse().replace(SCHEMA, TEMP, TARGET);

        assertEquals(List.of(TARGET), db.tables(SCHEMA));
        assertEquals(Optional.of(List.of("id", "added")), db.warehouse().columns(SCHEMA, TARGET));
        assertEquals(List.of("1|10", "2|20"), db.rows("SELECT * FROM tap_postgres.GITLAB_DB_ISSUES ORDER BY id"));
    }

    @Test
    void replaceFindsTheTargetWhateverItsCaseAndKeepsItsSpelling() throws SQLException {
        db.warehouse().createTable(SCHEMA, "gitlab_db_issues", List.of(bigint("id")));

        db.warehouse().replace(SCHEMA, "gitlab_db_issues_temp", TARGET);

        assertEquals(List.of("gitlab_db_issues"), db.tables(SCHEMA));
        assertEquals(2, db.warehouse().count(SCHEMA, TARGET));
    }

    @Test
    void aFailedReplaceLeavesTheOldTargetAndTheSourceAsTheyWere() throws SQLException {
        givenOldTarget();
        // DuckDB refuses to rename a table an index depends on, so the rename fails after the drop ran.
        db.execute("CREATE INDEX issues_temp_id ON tap_postgres.GITLAB_DB_ISSUES_TEMP (id)");

        WarehouseException error = assertThrows(WarehouseException.class,
                () -> db.warehouse().replace(SCHEMA, TEMP, TARGET));

        assertTrue(error.getMessage().startsWith(
                "replace tap_postgres.GITLAB_DB_ISSUES with tap_postgres.GITLAB_DB_ISSUES_TEMP: "), error.getMessage());
        assertEquals(List.of(TARGET, TEMP), db.tables(SCHEMA));
        assertEquals(List.of("99|old"), db.rows("SELECT * FROM tap_postgres.GITLAB_DB_ISSUES"));
        assertEquals(2, db.warehouse().count(SCHEMA, TEMP));
    }

    @Test
    void replaceWithAnAbsentSourceFailsAndKeepsTheTarget() throws SQLException {
        givenOldTarget();
        db.warehouse().dropIfExists(SCHEMA, TEMP);

        WarehouseException error = assertThrows(WarehouseException.class,
                () -> db.warehouse().replace(SCHEMA, TEMP, TARGET));

        assertEquals("replace tap_postgres.GITLAB_DB_ISSUES with tap_postgres.GITLAB_DB_ISSUES_TEMP:"
                + " tap_postgres.GITLAB_DB_ISSUES_TEMP does not exist", error.getMessage());
        assertEquals(List.of("99|old"), db.rows("SELECT * FROM tap_postgres.GITLAB_DB_ISSUES"));
    }

    @Test
    void replacingATableWithItselfWhateverTheCaseIsRefusedAndKeepsIt() throws SQLException {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> db.warehouse().replace(SCHEMA, TEMP, "gitlab_db_issues_temp"));

        assertEquals("replace tap_postgres.gitlab_db_issues_temp with tap_postgres.GITLAB_DB_ISSUES_TEMP:"
                + " both name the same table", error.getMessage());
        assertEquals(List.of(TEMP), db.tables(SCHEMA));
        assertEquals(2, db.warehouse().count(SCHEMA, TEMP));
    }

    private void givenOldTarget() throws SQLException {
        db.execute("CREATE TABLE tap_postgres.GITLAB_DB_ISSUES (id BIGINT, removed VARCHAR)");
        db.execute("INSERT INTO tap_postgres.GITLAB_DB_ISSUES VALUES (99, 'old')");
    }

    private static ColumnSpec bigint(String name) {
        return new ColumnSpec(name, ColumnType.of(Kind.BIGINT, "int8"));
    }
}
