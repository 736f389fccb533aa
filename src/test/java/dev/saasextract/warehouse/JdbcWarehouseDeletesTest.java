package dev.saasextract.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.TimeZone;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * previewDeletes and markDeleted against a target with append history (several rows per key), flags in every state
 * and keys appended after the export; the exported keys table spells the key column differently.
 */
class JdbcWarehouseDeletesTest {

    private static final String SCHEMA = "tap_postgres";
    private static final String KEYS_SCHEMA = "deletes_tap_postgres";
    private static final String TABLE = "GITLAB_DB_ISSUES";
    private static final long MAX_KEY = 6;
    private static final Instant AT = Instant.parse("2026-02-06T09:00:00.123456Z");
    private static final String EARLIER = "2025-06-01T01:02:03.456789Z";
    private static final String TARGET_ROWS = "SELECT id, title, is_deleted, is_deleted_updated_at"
            + " FROM tap_postgres.GITLAB_DB_ISSUES ORDER BY id NULLS FIRST, title";

    @RegisterExtension
    final DuckDbTestDatabase db = new DuckDbTestDatabase();

    @BeforeEach
    void createTargetAndExportedKeys() throws SQLException {
        db.execute("CREATE SCHEMA tap_postgres");
        db.execute("CREATE SCHEMA deletes_tap_postgres");
        db.execute("CREATE TABLE tap_postgres.GITLAB_DB_ISSUES"
                + " (id BIGINT, title VARCHAR, is_deleted BOOLEAN, is_deleted_updated_at TIMESTAMPTZ)");
        db.execute("INSERT INTO tap_postgres.GITLAB_DB_ISSUES VALUES"
                + " (1, '1 present, never flagged', NULL, NULL),"
                + " (1, '1 present, never flagged, newer version', NULL, NULL),"
                + " (2, '2 absent, never flagged', NULL, NULL),"
                + " (2, '2 absent, was present', false, TIMESTAMPTZ '" + EARLIER + "'),"
                + " (3, '3 present, unchanged', false, TIMESTAMPTZ '" + EARLIER + "'),"
                + " (4, '4 absent, unchanged', true, TIMESTAMPTZ '" + EARLIER + "'),"
                + " (5, '5 re-inserted at the source', true, TIMESTAMPTZ '" + EARLIER + "'),"
                + " (6, '6 deleted at the source', false, TIMESTAMPTZ '" + EARLIER + "'),"
                + " (7, '7 appended during the export', NULL, NULL),"
                + " (8, '8 appended during the export', false, TIMESTAMPTZ '" + EARLIER + "'),"
                + " (NULL, 'no key', NULL, NULL)");
        db.execute("CREATE TABLE deletes_tap_postgres.GITLAB_DB_ISSUES (\"ID\" BIGINT, _uploaded_at TIMESTAMPTZ)");
        db.execute("INSERT INTO deletes_tap_postgres.GITLAB_DB_ISSUES"
                + " SELECT key, TIMESTAMPTZ '2026-02-06 08:00:00+00' FROM (VALUES (1), (3), (5)) AS keys(key)");
    }

    /**
     * The demo's scale within the session's 48 MB (DuckDbDialect.sessionSetup): a join-based UPDATE ran out of memory
     * here on a million keys, so the statement's memory is part of what this checks. No time is asserted.
     */
    @Test
    void aMillionKeysAreFlaggedWithinTheSessionsMemory() throws SQLException {
        db.execute("CREATE TABLE tap_postgres.big (id BIGINT, payload VARCHAR, is_deleted BOOLEAN,"
                + " is_deleted_updated_at TIMESTAMPTZ)");
        db.execute("INSERT INTO tap_postgres.big SELECT range, 'row ' || range, NULL, NULL FROM range(1, 1000001)");
        db.execute("CREATE TABLE deletes_tap_postgres.big (id BIGINT)");
        db.execute("INSERT INTO deletes_tap_postgres.big SELECT range FROM range(1, 1000001) WHERE range % 1000 <> 7");

        long changed = db.warehouse().markDeleted(SCHEMA, "big", KEYS_SCHEMA, "big", "id", 1_000_000, AT);

        assertEquals(1_000_000, changed, "every row's flag was NULL");
        assertEquals(List.of("true|1000", "false|999000"), db.rows("SELECT is_deleted || '|' || count(*)"
                + " FROM tap_postgres.big GROUP BY is_deleted ORDER BY is_deleted DESC"));
    }

    @Test
    void marksOnlyTheRowsWhoseFlagChangesUpToTheMaxKey() throws SQLException {
        long changed = db.warehouse().markDeleted(SCHEMA, TABLE, KEYS_SCHEMA, TABLE, "id", MAX_KEY, AT);

        assertEquals(6, changed);
        assertEquals(List.of(
                "null|no key|null|null",
                "1|1 present, never flagged|false|" + AT,
                "1|1 present, never flagged, newer version|false|" + AT,
                "2|2 absent, never flagged|true|" + AT,
                "2|2 absent, was present|true|" + AT,
                "3|3 present, unchanged|false|" + EARLIER,
                "4|4 absent, unchanged|true|" + EARLIER,
                "5|5 re-inserted at the source|false|" + AT,
                "6|6 deleted at the source|true|" + AT,
                "7|7 appended during the export|null|null",
                "8|8 appended during the export|false|" + EARLIER), targetRows());
    }

    @Test
    void markingAgainWithTheSameKeysChangesNothing() throws SQLException {
        db.warehouse().markDeleted(SCHEMA, TABLE, KEYS_SCHEMA, TABLE, "id", MAX_KEY, AT);
        List<String> afterFirstRun = targetRows();

        assertEquals(0, db.warehouse().markDeleted(SCHEMA, TABLE, KEYS_SCHEMA, TABLE, "id", MAX_KEY,
                AT.plusSeconds(86_400)));
        assertEquals(afterFirstRun, targetRows());
    }

    @Test
    void aKeyBackAtTheSourceFlipsToFalseWithTheNewInstant() throws SQLException {
        db.warehouse().markDeleted(SCHEMA, TABLE, KEYS_SCHEMA, TABLE, "id", MAX_KEY, AT);
        db.execute("INSERT INTO deletes_tap_postgres.GITLAB_DB_ISSUES VALUES (2, NULL), (7, NULL), (8, NULL)");
        Instant nextMonth = Instant.parse("2026-03-06T09:00:00Z");

        assertEquals(3, db.warehouse().markDeleted(SCHEMA, TABLE, KEYS_SCHEMA, TABLE, "id", 8, nextMonth));

        assertEquals(List.of(
                "2|2 absent, never flagged|false|" + nextMonth,
                "2|2 absent, was present|false|" + nextMonth,
                "6|6 deleted at the source|true|" + AT,
                "7|7 appended during the export|false|" + nextMonth,
                "8|8 appended during the export|false|" + EARLIER),
                targetRows().stream().filter(row -> row.matches("[2678]\\|.*")).toList());
    }

    @Test
    void theInstantIsStoredExactlyWhateverTheJvmTimeZone() throws SQLException {
        TimeZone original = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("America/St_Johns"));
        try {
            db.warehouse().markDeleted(SCHEMA, TABLE, KEYS_SCHEMA, TABLE, "id", MAX_KEY, AT);
        } finally {
            TimeZone.setDefault(original);
        }
        assertEquals(List.of(String.valueOf(AT.getEpochSecond() * 1_000_000 + AT.getNano() / 1_000)),
                db.rows("SELECT DISTINCT epoch_us(is_deleted_updated_at) FROM tap_postgres.GITLAB_DB_ISSUES"
                        + " WHERE id = 6"));
    }

    @Test
    void previewCountsDistinctTargetKeysUpToTheMaxKeyAndThoseTheSourceLacks() throws SQLException {
        db.execute("INSERT INTO deletes_tap_postgres.GITLAB_DB_ISSUES VALUES (1, NULL), (1, NULL), (100, NULL)");

        // Live keys (a row not flagged): 1, 2, 3, 6 up to 6, and 7, 8 above; 4 and 5 are flagged already.
        assertEquals(new DeletesPreview(4, 2),
                db.warehouse().previewDeletes(SCHEMA, TABLE, KEYS_SCHEMA, TABLE, "id", MAX_KEY));
        assertEquals(new DeletesPreview(6, 4),
                db.warehouse().previewDeletes(SCHEMA, TABLE, KEYS_SCHEMA, TABLE, "id", 8));
        assertEquals(new DeletesPreview(0, 0),
                db.warehouse().previewDeletes(SCHEMA, TABLE, KEYS_SCHEMA, TABLE, "id", 0));
    }

    @Test
    void anEmptyExportMakesEveryTargetKeyAbsent() throws SQLException {
        db.execute("DELETE FROM deletes_tap_postgres.GITLAB_DB_ISSUES");

        assertEquals(new DeletesPreview(4, 4),
                db.warehouse().previewDeletes(SCHEMA, TABLE, KEYS_SCHEMA, TABLE, "id", MAX_KEY));
        assertEquals(List.of("null|no key|null|null"), db.rows("SELECT id, title, is_deleted, is_deleted_updated_at"
                + " FROM tap_postgres.GITLAB_DB_ISSUES WHERE id IS NULL"));
    }

    @Test
    void namesAreMatchedIgnoringCaseAsASnowflakeCatalogSpellsThem() throws SQLException {
        db.execute("CREATE TABLE tap_postgres.UPPER_CASE (\"ID\" BIGINT, \"IS_DELETED\" BOOLEAN,"
                + " \"IS_DELETED_UPDATED_AT\" TIMESTAMPTZ)");
        db.execute("INSERT INTO tap_postgres.UPPER_CASE VALUES (1, NULL, NULL), (2, NULL, NULL)");
        db.execute("CREATE TABLE deletes_tap_postgres.UPPER_CASE (\"Id\" BIGINT)");
        db.execute("INSERT INTO deletes_tap_postgres.UPPER_CASE VALUES (2)");

        assertEquals(new DeletesPreview(2, 1), db.warehouse().previewDeletes("TAP_POSTGRES", "upper_case",
                "Deletes_Tap_Postgres", "Upper_Case", "id", 2));
        assertEquals(2, db.warehouse().markDeleted("TAP_POSTGRES", "upper_case", "Deletes_Tap_Postgres", "Upper_Case",
                "iD", 2, AT));

        assertEquals(List.of("1|true", "2|false"),
                db.rows("SELECT \"ID\", \"IS_DELETED\" FROM tap_postgres.UPPER_CASE ORDER BY 1"));
    }

    /** A table GitLab's pipeline created holds _uploaded_at as epoch seconds; the instant is compared as such. */
    @Test
    void keysOfRowsUploadedAfterAnInstantJoinTheExportedKeysWhateverTheUploadedAtForm() throws SQLException {
        db.execute("CREATE TABLE tap_postgres.GITLAB_LEGACY (id BIGINT, _uploaded_at DOUBLE)");
        db.execute("INSERT INTO tap_postgres.GITLAB_LEGACY VALUES (1, " + (AT.getEpochSecond() - 60) + "),"
                + " (2, " + AT.getEpochSecond() + "), (2, " + (AT.getEpochSecond() + 60) + ")");
        db.execute("CREATE TABLE deletes_tap_postgres.GITLAB_LEGACY (id BIGINT)");

        assertEquals(1, db.warehouse().addKeysUploadedAfter(SCHEMA, "GITLAB_LEGACY", KEYS_SCHEMA, "GITLAB_LEGACY",
                "id", AT.minusNanos(AT.getNano())));
        assertEquals(List.of("2"), db.rows("SELECT id FROM deletes_tap_postgres.GITLAB_LEGACY"));
        assertEquals(0, db.warehouse().addKeysUploadedAfter(SCHEMA, TABLE, KEYS_SCHEMA, TABLE, "id", AT),
                "a target without _uploaded_at: none");
    }

    /** The first pass previews before it adds the flag columns: every key is live then. */
    @Test
    void aTargetWithoutIsDeletedYetHasEveryKeyLive() throws SQLException {
        db.execute("ALTER TABLE tap_postgres.GITLAB_DB_ISSUES DROP COLUMN is_deleted");

        assertEquals(new DeletesPreview(6, 3),
                db.warehouse().previewDeletes(SCHEMA, TABLE, KEYS_SCHEMA, TABLE, "id", MAX_KEY));
    }

    @Test
    void aTargetWithoutTheFlagColumnsFailsNamingThemAndChangesNothing() throws SQLException {
        db.execute("ALTER TABLE tap_postgres.GITLAB_DB_ISSUES DROP COLUMN is_deleted_updated_at");
        String flags = "SELECT id, title, is_deleted FROM tap_postgres.GITLAB_DB_ISSUES ORDER BY id, title";
        List<String> before = db.rows(flags);

        WarehouseException error = assertThrows(WarehouseException.class,
                () -> db.warehouse().markDeleted(SCHEMA, TABLE, KEYS_SCHEMA, TABLE, "id", MAX_KEY, AT));

        assertEquals("mark deleted rows of tap_postgres.GITLAB_DB_ISSUES up to id 6 against"
                + " deletes_tap_postgres.GITLAB_DB_ISSUES: tap_postgres.GITLAB_DB_ISSUES has no column"
                + " is_deleted_updated_at", error.getMessage());
        assertEquals(before, db.rows(flags));
    }

    @Test
    void anAbsentKeysTableOrKeyColumnFailsNamingIt() {
        WarehouseException noKeysTable = assertThrows(WarehouseException.class,
                () -> db.warehouse().markDeleted(SCHEMA, TABLE, KEYS_SCHEMA, "GITLAB_DB_MISSING", "id", MAX_KEY, AT));
        WarehouseException noKeyColumn = assertThrows(WarehouseException.class,
                () -> db.warehouse().previewDeletes(SCHEMA, TABLE, KEYS_SCHEMA, TABLE, "iid", MAX_KEY));

        assertEquals("mark deleted rows of tap_postgres.GITLAB_DB_ISSUES up to id 6 against"
                + " deletes_tap_postgres.GITLAB_DB_MISSING: deletes_tap_postgres.GITLAB_DB_MISSING does not exist",
                noKeysTable.getMessage());
        assertEquals("preview deletes of tap_postgres.GITLAB_DB_ISSUES up to iid 6 against"
                + " deletes_tap_postgres.GITLAB_DB_ISSUES: tap_postgres.GITLAB_DB_ISSUES has no column iid",
                noKeyColumn.getMessage());
    }

    @Test
    void comparingATableWithItselfIsRefused() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> db.warehouse().markDeleted(SCHEMA, TABLE, "TAP_POSTGRES", "gitlab_db_issues", "id", MAX_KEY, AT));

        assertEquals("mark deleted rows of tap_postgres.GITLAB_DB_ISSUES up to id 6 against"
                + " TAP_POSTGRES.gitlab_db_issues: both name the same table", error.getMessage());
    }

    @Test
    void injectionShapedNamesAreQuotedAsOneIdentifier() throws SQLException {
        String schema = "s\"; DROP SCHEMA tap_postgres CASCADE; --";
        String table = "x\"; DROP TABLE y; --";
        String key = "k' OR 1=1 --";
        db.execute("CREATE SCHEMA \"s\"\"; DROP SCHEMA tap_postgres CASCADE; --\"");
        db.execute("CREATE TABLE tap_postgres.\"x\"\"; DROP TABLE y; --\""
                + " (\"k' OR 1=1 --\" BIGINT, is_deleted BOOLEAN, is_deleted_updated_at TIMESTAMPTZ)");
        db.execute("INSERT INTO tap_postgres.\"x\"\"; DROP TABLE y; --\" VALUES (1, NULL, NULL), (2, NULL, NULL)");
        db.execute("CREATE TABLE \"s\"\"; DROP SCHEMA tap_postgres CASCADE; --\".\"x\"\"; DROP TABLE y; --\""
                + " (\"K' OR 1=1 --\" BIGINT)");
        db.execute("INSERT INTO \"s\"\"; DROP SCHEMA tap_postgres CASCADE; --\".\"x\"\"; DROP TABLE y; --\""
                + " VALUES (1)");
        db.execute("CREATE TABLE tap_postgres.y (id BIGINT)");

        assertEquals(new DeletesPreview(2, 1), db.warehouse().previewDeletes(SCHEMA, table, schema, table, key, 2));
        assertEquals(2, db.warehouse().markDeleted(SCHEMA, table, schema, table, key, 2, AT));

        assertEquals(List.of("1|false", "2|true"),
                db.rows("SELECT * EXCLUDE (is_deleted_updated_at) FROM tap_postgres.\"x\"\"; DROP TABLE y; --\""
                        + " ORDER BY 1"));
        assertEquals(List.of(TABLE, table, "y"), db.tables(SCHEMA));
    }

    private List<String> targetRows() throws SQLException {
        return db.rows(TARGET_ROWS).stream().map(JdbcWarehouseDeletesTest::withInstantText).toList();
    }

    /** DuckDB's driver renders a TIMESTAMPTZ as an offset date-time; the instant's text reads better in assertions. */
    private static String withInstantText(String row) {
        int last = row.lastIndexOf('|');
        String timestamp = row.substring(last + 1);
        return timestamp.equals("null") ? row
                : row.substring(0, last + 1) + OffsetDateTime.parse(timestamp).toInstant();
    }
}
