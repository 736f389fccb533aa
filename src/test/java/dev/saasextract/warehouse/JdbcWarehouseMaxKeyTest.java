package dev.saasextract.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.SQLException;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class JdbcWarehouseMaxKeyTest {

    private static final String SCHEMA = "tap_postgres";

    @RegisterExtension
    final DuckDbTestDatabase db = new DuckDbTestDatabase();

    @BeforeEach
    void open() throws SQLException {
        db.execute("CREATE SCHEMA tap_postgres");
        db.execute("CREATE TABLE tap_postgres.GITLAB_DB_ISSUES (id BIGINT, small SMALLINT, exact DECIMAL(38,0),"
                + " fraction DECIMAL(10,2), title VARCHAR)");
    }

    @Test
    void maxOfAnEmptyTableIsEmpty() {
        assertEquals(OptionalLong.empty(), db.warehouse().maxKey(SCHEMA, "GITLAB_DB_ISSUES", "id"));
    }

    @Test
    void maxOfOnlyNullsIsEmpty() throws SQLException {
        db.execute("INSERT INTO tap_postgres.GITLAB_DB_ISSUES (title) VALUES ('no id')");

        assertEquals(OptionalLong.empty(), db.warehouse().maxKey(SCHEMA, "GITLAB_DB_ISSUES", "id"));
    }

    @Test
    void maxIsTheLargestValueWithTableAndColumnMatchedIgnoringCase() throws SQLException {
        db.execute("INSERT INTO tap_postgres.GITLAB_DB_ISSUES (id, small, exact) VALUES"
                + " (9223372036854775807, 3, 12), (-5, 7, 40), (NULL, NULL, NULL)");

        assertEquals(OptionalLong.of(Long.MAX_VALUE), db.warehouse().maxKey("TAP_POSTGRES", "gitlab_db_issues", "ID"));
        assertEquals(OptionalLong.of(7), db.warehouse().maxKey(SCHEMA, "GITLAB_DB_ISSUES", "Small"));
        assertEquals(OptionalLong.of(40), db.warehouse().maxKey(SCHEMA, "GITLAB_DB_ISSUES", "exact"));
    }

    @Test
    void aMaxThatIsNotAWholeLongFailsInsteadOfBeingTruncated() throws SQLException {
        db.execute("INSERT INTO tap_postgres.GITLAB_DB_ISSUES (fraction, exact, title)"
                + " VALUES (1.50, 9223372036854775808, 'abc')");

        assertEquals("max of tap_postgres.GITLAB_DB_ISSUES.fraction is 1.50, not a 64-bit integer",
                assertThrows(WarehouseException.class,
                        () -> db.warehouse().maxKey(SCHEMA, "GITLAB_DB_ISSUES", "fraction")).getMessage());
        assertEquals("max of tap_postgres.GITLAB_DB_ISSUES.exact is 9223372036854775808, not a 64-bit integer",
                assertThrows(WarehouseException.class,
                        () -> db.warehouse().maxKey(SCHEMA, "GITLAB_DB_ISSUES", "exact")).getMessage());
        assertEquals("max of tap_postgres.GITLAB_DB_ISSUES.title is abc, not a 64-bit integer",
                assertThrows(WarehouseException.class,
                        () -> db.warehouse().maxKey(SCHEMA, "GITLAB_DB_ISSUES", "title")).getMessage());
    }

    @Test
    void anAbsentTableOrColumnFailsNamingIt() {
        WarehouseException noTable = assertThrows(WarehouseException.class,
                () -> db.warehouse().maxKey(SCHEMA, "GITLAB_DB_MISSING", "id"));
        WarehouseException noColumn = assertThrows(WarehouseException.class,
                () -> db.warehouse().maxKey(SCHEMA, "GITLAB_DB_ISSUES", "iid"));

        assertEquals("read max id of tap_postgres.GITLAB_DB_MISSING: tap_postgres.GITLAB_DB_MISSING does not exist",
                noTable.getMessage());
        assertEquals("read max iid of tap_postgres.GITLAB_DB_ISSUES: tap_postgres.GITLAB_DB_ISSUES has no column iid",
                noColumn.getMessage());
    }

    @Test
    void injectionShapedNamesAreQuotedAsOneIdentifier() throws SQLException {
        db.execute("CREATE TABLE tap_postgres.\"x\"\"; DROP TABLE y; --\" (\"a\"\"b'; DROP TABLE y; --\" BIGINT)");
        db.execute("CREATE TABLE tap_postgres.y (id BIGINT)");
        db.execute("INSERT INTO tap_postgres.\"x\"\"; DROP TABLE y; --\" VALUES (11), (12)");

        assertEquals(OptionalLong.of(12),
                db.warehouse().maxKey(SCHEMA, "x\"; DROP TABLE y; --", "a\"b'; DROP TABLE y; --"));
        assertEquals(List.of("GITLAB_DB_ISSUES", "x\"; DROP TABLE y; --", "y"), db.tables(SCHEMA));
    }
}
