package dev.saasextract.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.saasextract.schema.ColumnSpec;
import dev.saasextract.schema.ColumnType.Kind;
import dev.saasextract.schema.ToolColumns;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.TimeZone;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class JdbcWarehouseCarryOverTest {

    private static final String SCHEMA = "tap_postgres";
    private static final String TARGET = "GITLAB_DB_ISSUES";
    private static final String TEMP = "GITLAB_DB_ISSUES_TEMP";
    private static final Instant BACKFILL_START = Instant.parse("2026-01-01T10:00:00Z");
    private static final String TEMP_ROWS =
            "SELECT \"ID\", \"Title\", added, \"_UPLOADED_AT\" FROM tap_postgres.GITLAB_DB_ISSUES_TEMP ORDER BY 1";
    private static final String BACKFILLED_ROW = "100|backfilled|1|2026-01-01T08:00Z";

    @RegisterExtension
    final DuckDbTestDatabase db = new DuckDbTestDatabase();

    /** The live target got rows from regular loads around the backfill's start; the backfill's temp has its own. */
    @BeforeEach
    void createTargetAndTemp() throws SQLException {
        db.execute("CREATE SCHEMA tap_postgres");
        db.execute("CREATE TABLE tap_postgres.GITLAB_DB_ISSUES"
                + " (id BIGINT, title VARCHAR, removed VARCHAR, _uploaded_at TIMESTAMPTZ)");
        db.execute("INSERT INTO tap_postgres.GITLAB_DB_ISSUES VALUES"
                + " (1, 'just before', 'r1', TIMESTAMPTZ '2026-01-01 09:59:59.999999+00'),"
                + " (2, 'at the start', 'r2', TIMESTAMPTZ '2026-01-01 10:00:00+00'),"
                + " (3, 'after', 'r3', TIMESTAMPTZ '2026-01-01 11:00:00+00'),"
                + " (4, 'after, higher key', 'r4', TIMESTAMPTZ '2026-01-01 12:00:00+00'),"
                + " (5, 'no upload time', 'r5', NULL)");
        db.execute("CREATE TABLE tap_postgres.GITLAB_DB_ISSUES_TEMP"
                + " (\"ID\" BIGINT, \"Title\" VARCHAR, added INTEGER, \"_UPLOADED_AT\" TIMESTAMPTZ)");
        db.execute("INSERT INTO tap_postgres.GITLAB_DB_ISSUES_TEMP"
                + " VALUES (100, 'backfilled', 1, TIMESTAMPTZ '2026-01-01 08:00:00+00')");
    }

    @Test
    void appendsTheRowsUploadedSinceTheInstantOverTheSharedColumns() throws SQLException {
        long appended = db.warehouse().carryOver(SCHEMA, TARGET, TEMP, ToolColumns.UPLOADED_AT, BACKFILL_START, "id",
                OptionalLong.empty());

        assertEquals(3, appended);
        assertEquals(List.of(
                "2|at the start|null|2026-01-01T10:00Z",
                "3|after|null|2026-01-01T11:00Z",
                "4|after, higher key|null|2026-01-01T12:00Z",
                BACKFILLED_ROW), db.rows(TEMP_ROWS));
        assertEquals(5, db.warehouse().count(SCHEMA, TARGET));
    }

    @Test
    void withAKeyBoundOnlyRowsAboveItAreAppended() throws SQLException {
        long appended = db.warehouse().carryOver(SCHEMA, "gitlab_db_issues", "gitlab_db_issues_temp", "_Uploaded_At",
                BACKFILL_START, "ID", OptionalLong.of(3));

        assertEquals(1, appended);
        assertEquals(List.of("4|after, higher key|null|2026-01-01T12:00Z", BACKFILLED_ROW), db.rows(TEMP_ROWS));
    }

    @Test
    void theBoundIsTheInstantWhateverTheJvmTimeZone() throws SQLException {
        TimeZone original = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("Asia/Kolkata"));
        try {
            assertEquals(2, db.warehouse().carryOver(SCHEMA, TARGET, TEMP, ToolColumns.UPLOADED_AT,
                    Instant.parse("2026-01-01T10:00:00.000001Z"), "id", OptionalLong.empty()));
        } finally {
            TimeZone.setDefault(original);
        }
        assertEquals(List.of("3", "4", "100"), db.rows("SELECT \"ID\" FROM tap_postgres.GITLAB_DB_ISSUES_TEMP ORDER BY 1"));
    }

    @Test
    void nothingUploadedSinceAppendsNothing() throws SQLException {
        assertEquals(0, db.warehouse().carryOver(SCHEMA, TARGET, TEMP, ToolColumns.UPLOADED_AT,
                Instant.parse("2026-01-02T00:00:00Z"), "id", OptionalLong.empty()));
        assertEquals(List.of(BACKFILLED_ROW), db.rows(TEMP_ROWS));
    }

    @Test
    void keptColumnsCarryAValueOfEveryKindUnchanged() throws SQLException {
        List<ColumnSpec> columns = new ArrayList<>(EveryColumnKind.columns());
        columns.add(EveryColumnKind.column(ToolColumns.UPLOADED_AT, Kind.TIMESTAMPTZ));
        db.warehouse().createTable(SCHEMA, TARGET, columns);
        db.warehouse().createTable(SCHEMA, TEMP,
                List.of(EveryColumnKind.column(ToolColumns.UPLOADED_AT, Kind.TIMESTAMPTZ)));
        db.execute("INSERT INTO tap_postgres.GITLAB_DB_ISSUES " + EveryColumnKind.ONE_ROW_OF_VALUES
                + ", TIMESTAMPTZ '2026-01-01 10:30:00+00'");

        db.warehouse().keepColumns(SCHEMA, TARGET, TEMP);
        assertEquals(1, db.warehouse().carryOver(SCHEMA, TARGET, TEMP, ToolColumns.UPLOADED_AT, BACKFILL_START,
                "c_bigint", OptionalLong.of(2)));

        String columnList = columns.stream().map(ColumnSpec::name).collect(Collectors.joining(", "));
        List<String> carried = db.rows("SELECT " + columnList + " FROM tap_postgres.GITLAB_DB_ISSUES_TEMP");
        assertEquals(db.rows("SELECT " + columnList + " FROM tap_postgres.GITLAB_DB_ISSUES"), carried);
        assertEquals(1, carried.size());
    }

    @Test
    void carryingATableOntoItselfIsRefused() throws SQLException {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> db.warehouse().carryOver(
                SCHEMA, TARGET, "gitlab_db_issues", ToolColumns.UPLOADED_AT, BACKFILL_START, "id", OptionalLong.empty()));

        assertEquals("carry over rows of tap_postgres.GITLAB_DB_ISSUES uploaded since 2026-01-01T10:00:00Z to"
                + " tap_postgres.gitlab_db_issues: both name the same table", error.getMessage());
        assertEquals(5, db.warehouse().count(SCHEMA, TARGET));
    }

    @Test
    void anAbsentTableOrColumnFailsNamingItAndAppendsNothing() throws SQLException {
        WarehouseException noTable = assertThrows(WarehouseException.class, () -> db.warehouse().carryOver(
                SCHEMA, "GITLAB_DB_MISSING", TEMP, ToolColumns.UPLOADED_AT, BACKFILL_START, "id", OptionalLong.empty()));
        WarehouseException noUploadedAt = assertThrows(WarehouseException.class, () -> db.warehouse().carryOver(
                SCHEMA, TARGET, TEMP, "_loaded_at", BACKFILL_START, "id", OptionalLong.empty()));
        WarehouseException noKey = assertThrows(WarehouseException.class, () -> db.warehouse().carryOver(
                SCHEMA, TARGET, TEMP, ToolColumns.UPLOADED_AT, BACKFILL_START, "iid", OptionalLong.of(3)));

        String action = "carry over rows of tap_postgres.%s uploaded since 2026-01-01T10:00:00Z to"
                + " tap_postgres.GITLAB_DB_ISSUES_TEMP: ";
        assertEquals(action.formatted("GITLAB_DB_MISSING") + "tap_postgres.GITLAB_DB_MISSING does not exist",
                noTable.getMessage());
        assertEquals(action.formatted(TARGET) + "tap_postgres.GITLAB_DB_ISSUES has no column _loaded_at",
                noUploadedAt.getMessage());
        assertEquals(action.formatted(TARGET) + "tap_postgres.GITLAB_DB_ISSUES has no column iid", noKey.getMessage());
        assertEquals(List.of(BACKFILLED_ROW), db.rows(TEMP_ROWS));
    }

    @Test
    void injectionShapedNamesAreQuotedAsOneIdentifier() throws SQLException {
        String table = "x\"; DROP TABLE y; --";
        String uploadedAt = "u\"'; DROP TABLE y; --";
        String key = "k' OR 1=1 --";
        db.execute("CREATE TABLE tap_postgres.\"x\"\"; DROP TABLE y; --\""
                + " (\"u\"\"'; DROP TABLE y; --\" TIMESTAMPTZ, \"k' OR 1=1 --\" BIGINT)");
        db.execute("INSERT INTO tap_postgres.\"x\"\"; DROP TABLE y; --\" VALUES"
                + " (TIMESTAMPTZ '2026-01-01 11:00:00+00', 1), (TIMESTAMPTZ '2026-01-01 11:00:00+00', 2),"
                + " (TIMESTAMPTZ '2026-01-01 09:00:00+00', 3)");
        db.execute("CREATE TABLE tap_postgres.y (\"K' OR 1=1 --\" BIGINT)");

        assertEquals(1,
                db.warehouse().carryOver(SCHEMA, table, "y", uploadedAt, BACKFILL_START, key, OptionalLong.of(1)));

        assertEquals(List.of("2"), db.rows("SELECT * FROM tap_postgres.y"));
        assertEquals(3, db.warehouse().count(SCHEMA, table));
    }
}
