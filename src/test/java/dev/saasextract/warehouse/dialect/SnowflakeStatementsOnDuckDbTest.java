package dev.saasextract.warehouse.dialect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.saasextract.schema.UploadedAtForm;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Snowflake dialect's statements that are standard SQL, executed on DuckDB over upper-case tables as Snowflake
 * stores them, with the parameters bound as the Snowflake dialect binds them (the instant as ISO text).
 */
class SnowflakeStatementsOnDuckDbTest {

    private static final Instant AT = Instant.parse("2026-02-01T08:45:00Z");
    private static final String OLD = "2026-01-01 00:00:00+00";

    private final SnowflakeDialect dialect = new SnowflakeDialect("gcs_integration");
    private final TableName target = new TableName("tap_postgres", "gitlab_db_issues");
    private final TableName temp = new TableName("tap_postgres", "gitlab_db_issues_temp");
    private final TableName keys = new TableName("deletes_tap_postgres", "gitlab_db_issues");
    private Connection duckDb;

    @BeforeEach
    void upperCaseTablesAsSnowflakeStoresThem() throws SQLException {
        duckDb = DriverManager.getConnection("jdbc:duckdb:");
        execute("SET TimeZone = 'UTC'");
        execute(dialect.createSchemaIfMissing("tap_postgres"));
        execute(dialect.createSchemaIfMissing("deletes_tap_postgres"));
        execute("CREATE TABLE \"TAP_POSTGRES\".\"GITLAB_DB_ISSUES\" (\"ID\" BIGINT, \"TITLE\" VARCHAR,"
                + " \"_UPLOADED_AT\" TIMESTAMPTZ, \"IS_DELETED\" BOOLEAN, \"IS_DELETED_UPDATED_AT\" TIMESTAMPTZ)");
        execute("INSERT INTO \"TAP_POSTGRES\".\"GITLAB_DB_ISSUES\" VALUES"
                + " (1, 'kept, never flagged', '" + OLD + "', NULL, NULL),"
                + " (2, 'deleted at source', '" + OLD + "', false, '" + OLD + "'),"
                + " (3, 'kept', '" + OLD + "', false, '" + OLD + "'),"
                + " (4, 'already flagged', '2026-02-01 00:00:00+00', true, '" + OLD + "'),"
                + " (9, 'appended during the export', '2026-02-01 09:00:00+00', NULL, NULL)");
        execute("CREATE TABLE \"DELETES_TAP_POSTGRES\".\"GITLAB_DB_ISSUES\" (\"ID\" BIGINT)");
        execute("INSERT INTO \"DELETES_TAP_POSTGRES\".\"GITLAB_DB_ISSUES\" VALUES (1), (3), (3)");
    }

    @AfterEach
    void close() throws SQLException {
        duckDb.close();
    }

    @Test
    void markDeletedChangesOnlyRowsWhoseFlagChangesUpToTheMaxKey() throws SQLException {
        long changed = update(dialect.markDeleted(new KeyedTable(target, "id"), new KeyedTable(keys, "id"),
                "is_deleted", "is_deleted_updated_at"), dialect.timestampParameter(AT), 5L);

        assertEquals(2, changed);
        assertEquals(List.of(
                "1|false|2026-02-01T08:45Z",
                "2|true|2026-02-01T08:45Z",
                "3|false|2026-01-01T00:00Z",
                "4|true|2026-01-01T00:00Z",
                "9|null|null"), rows("SELECT \"ID\", \"IS_DELETED\", \"IS_DELETED_UPDATED_AT\""
                + " FROM \"TAP_POSTGRES\".\"GITLAB_DB_ISSUES\" ORDER BY 1"));
    }

    /** Row 9 was uploaded after the export started, row 4 at that very instant: only 9's key joins the exported ones. */
    @Test
    void addKeysUploadedAfterAddsTheKeysOfRowsLoadedAfterTheInstant() throws SQLException {
        long added = update(dialect.addKeysUploadedAfter(new KeyedTable(target, "id"), new KeyedTable(keys, "id"),
                "_UPLOADED_AT", UploadedAtForm.TIMESTAMP), dialect.timestampParameter(Instant.parse(
                        "2026-02-01T00:00:00Z")));

        assertEquals(1, added);
        assertEquals(List.of("1", "3", "3", "9"),
                rows("SELECT \"ID\" FROM \"DELETES_TAP_POSTGRES\".\"GITLAB_DB_ISSUES\" ORDER BY 1"));
    }

    /** Keys 1-4 up to the max key; 4 is flagged already, so of the three live keys only 2 would be newly flagged. */
    @Test
    void deletesPreviewCountsLiveTargetKeysAndThoseAbsentFromTheSource() throws SQLException {
        assertEquals(List.of("3|1"), rows(dialect.deletesPreview(new KeyedTable(target, "id"),
                new KeyedTable(keys, "id"), Optional.of("is_deleted")), 5L));
        assertEquals(List.of("4|2"), rows(dialect.deletesPreview(new KeyedTable(target, "id"),
                new KeyedTable(keys, "id"), Optional.empty()), 5L), "before the first pass: every key is live");
    }

    @Test
    void carryOverAppendsRowsUploadedSinceTheInstantAboveTheKey() throws SQLException {
        execute("CREATE TABLE \"TAP_POSTGRES\".\"GITLAB_DB_ISSUES_TEMP\" (\"ID\" BIGINT, \"_UPLOADED_AT\" TIMESTAMPTZ)");
        String sql = dialect.appendRowsSince(target, List.of("id", "_uploaded_at"), temp,
                List.of("ID", "_UPLOADED_AT"), "_uploaded_at", UploadedAtForm.TIMESTAMP, Optional.of("_UPLOADED_AT"), Optional.of("id"));

        long appended = update(sql, dialect.timestampParameter(Instant.parse("2026-02-01T00:00:00Z")), 4L);

        assertEquals(1, appended);
        assertEquals(List.of("9|2026-02-01T09:00Z"),
                rows("SELECT * FROM \"TAP_POSTGRES\".\"GITLAB_DB_ISSUES_TEMP\""));
    }

    @Test
    void carryOverOfATableHoldingEpochSecondsComparesNumbers() throws SQLException {
        // Snowflake's FLOAT is 64-bit, DuckDB's DOUBLE.
        execute("CREATE TABLE \"TAP_POSTGRES\".\"GITLAB_DB_MRS\" (\"ID\" BIGINT, \"_UPLOADED_AT\" DOUBLE)");
        execute("INSERT INTO \"TAP_POSTGRES\".\"GITLAB_DB_MRS\" VALUES (1, 1767225600.0), (2, 1769936400.25)");
        execute("CREATE TABLE \"TAP_POSTGRES\".\"GITLAB_DB_MRS_TEMP\" (\"ID\" BIGINT, \"_UPLOADED_AT\" DOUBLE)");
        String sql = dialect.appendRowsSince(new TableName("tap_postgres", "gitlab_db_mrs"), List.of("ID", "_UPLOADED_AT"),
                new TableName("tap_postgres", "gitlab_db_mrs_temp"), List.of("ID", "_UPLOADED_AT"), "_UPLOADED_AT",
                UploadedAtForm.EPOCH_SECONDS, Optional.of("_UPLOADED_AT"), Optional.empty());

        long appended = update(sql, UploadedAtForm.EPOCH_SECONDS.value(Instant.parse("2026-02-01T00:00:00Z")));

        assertEquals(1, appended);
        assertEquals(List.of("2|1.76993640025E9"), rows("SELECT * FROM \"TAP_POSTGRES\".\"GITLAB_DB_MRS_TEMP\""));
    }

    @Test
    void countMaxAddColumnAndDropRunAsSpelled() throws SQLException {
        assertEquals(List.of("5"), rows(dialect.countRows(target)));
        assertEquals(List.of("9"), rows(dialect.maxValue(target, "id")));

        for (String statement : dialect.addColumns(target, List.of(dialect.quoted("weight") + " BIGINT"))) {
            execute(statement);
        }
        execute(dialect.dropTable(keys));

        assertEquals(List.of("ID", "TITLE", "_UPLOADED_AT", "IS_DELETED", "IS_DELETED_UPDATED_AT", "WEIGHT"),
                rows("SELECT column_name FROM information_schema.columns WHERE table_name = 'GITLAB_DB_ISSUES'"
                        + " AND table_schema = 'TAP_POSTGRES' ORDER BY ordinal_position"));
        assertEquals(List.of(), rows("SELECT table_name FROM information_schema.tables"
                + " WHERE table_schema = 'DELETES_TAP_POSTGRES'"));
    }

    /** The catalog rows are Snowflake's (bare DATA_TYPE plus precision columns); the expression is standard SQL. */
    @Test
    void storedTypeSpellingsAreRebuiltFromSnowflakesPrecisionColumns() throws SQLException {
        String catalog = "(VALUES"
                + " ('NUMBER', 38, 0, NULL), ('NUMBER', 12, 4, NULL), ('FLOAT', NULL, NULL, NULL),"
                + " ('TEXT', NULL, NULL, NULL), ('BINARY', NULL, NULL, NULL), ('TIME', NULL, NULL, 6),"
                + " ('TIMESTAMP_TZ', NULL, NULL, 6), ('TIMESTAMP_NTZ', NULL, NULL, 3), ('TIMESTAMP_LTZ', NULL, NULL, NULL),"
                + " ('VARIANT', NULL, NULL, NULL), ('ARRAY', NULL, NULL, NULL))"
                + " AS c(data_type, numeric_precision, numeric_scale, datetime_precision)";

        assertEquals(List.of("NUMBER(38,0)", "NUMBER(12,4)", "FLOAT", "TEXT", "BINARY", "TIME(6)", "TIMESTAMP_TZ(6)",
                        "TIMESTAMP_NTZ(3)", "TIMESTAMP_LTZ", "VARIANT", "ARRAY"),
                rows("SELECT " + SnowflakeDialect.storedTypeExpression() + " FROM " + catalog));
    }

    private void execute(String sql) throws SQLException {
        try (Statement statement = duckDb.createStatement()) {
            statement.execute(sql);
        }
    }

    private long update(String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = prepared(sql, parameters)) {
            return statement.executeLargeUpdate();
        }
    }

    private List<String> rows(String query, Object... parameters) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (PreparedStatement statement = prepared(query, parameters); ResultSet result = statement.executeQuery()) {
            int columns = result.getMetaData().getColumnCount();
            while (result.next()) {
                List<String> values = new ArrayList<>();
                for (int column = 1; column <= columns; column++) {
                    values.add(result.getString(column));
                }
                rows.add(String.join("|", values));
            }
        }
        return rows;
    }

    private PreparedStatement prepared(String sql, Object... parameters) throws SQLException {
        PreparedStatement statement = duckDb.prepareStatement(sql);
        for (int index = 0; index < parameters.length; index++) {
            statement.setObject(index + 1, parameters[index]);
        }
        return statement;
    }
}
