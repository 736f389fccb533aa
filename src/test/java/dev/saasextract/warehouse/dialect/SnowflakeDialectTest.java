package dev.saasextract.warehouse.dialect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.saasextract.errors.ConfigException;
import dev.saasextract.schema.ColumnType;
import dev.saasextract.schema.ColumnType.Kind;
import dev.saasextract.schema.UploadedAtForm;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The SQL text the Snowflake dialect renders for every statement kind. No Snowflake account runs here: the statements
 * Snowflake shares with DuckDB are also executed there (SnowflakeStatementsOnDuckDbTest); COPY INTO, SWAP WITH, the
 * multi-column ADD COLUMN and ALTER SESSION are proven only by a live account.
 */
class SnowflakeDialectTest {

    private static final String HOSTILE = "x\"; DROP TABLE y; --";
    private static final String HOSTILE_QUOTED = "\"X\"\"; DROP TABLE Y; --\"";
    private static final String FOLDER = "gcs://saas-pipeline-backfills/staging/backfill/gitlab_db_issues/"
            + "initial_load_start_2026-11-24T01:00:00.000Z/";
    private static final String COPY_OPTIONS = " FILE_FORMAT = (TYPE = PARQUET, USE_LOGICAL_TYPE = TRUE,"
            + " BINARY_AS_TEXT = FALSE) MATCH_BY_COLUMN_NAME = CASE_INSENSITIVE ON_ERROR = ABORT_STATEMENT";

    private final SnowflakeDialect dialect = new SnowflakeDialect("gcs_integration");
    private final TableName issues = new TableName("tap_postgres", "gitlab_db_issues");
    private final TableName temp = new TableName("tap_postgres", "GITLAB_DB_ISSUES_TEMP");
    private final TableName exportedKeys = new TableName("deletes_tap_postgres", "GITLAB_DB_ISSUES");
    private final TableName hostile = new TableName(HOSTILE, HOSTILE);

    @Test
    void identifiersAreUpperCasedThenQuotedWithQuotesDoubled() {
        assertEquals("\"ID\"", dialect.quoted("id"));
        assertEquals(HOSTILE_QUOTED, dialect.quoted(HOSTILE));
        assertEquals("\"TAP_POSTGRES\".\"GITLAB_DB_ISSUES\"", dialect.qualified(issues));
        assertEquals("\"ID\", \"IS_DELETED\"", dialect.quotedList(List.of("id", "is_deleted")));
    }

    @Test
    void stringLiteralsDoubleQuotesAndBackslashes() {
        assertEquals("'it''s a \\\\d'", dialect.stringLiteral("it's a \\d"));
    }

    @Test
    void createSchemaCreateTableDropCountAndMaxQuoteEveryName() {
        assertEquals("CREATE SCHEMA IF NOT EXISTS \"TAP_POSTGRES\"", dialect.createSchemaIfMissing("tap_postgres"));
        assertEquals("CREATE SCHEMA IF NOT EXISTS " + HOSTILE_QUOTED, dialect.createSchemaIfMissing(HOSTILE));
        assertEquals("CREATE TABLE \"TAP_POSTGRES\".\"GITLAB_DB_ISSUES\" (\"ID\" NUMBER(38,0), \"TITLE\" VARCHAR)",
                dialect.createTable(issues, List.of("\"ID\" NUMBER(38,0)", "\"TITLE\" VARCHAR")));
        assertEquals("DROP TABLE " + HOSTILE_QUOTED + "." + HOSTILE_QUOTED, dialect.dropTable(hostile));
        assertEquals("SELECT count(*) FROM " + HOSTILE_QUOTED + "." + HOSTILE_QUOTED, dialect.countRows(hostile));
        assertEquals("SELECT max(" + HOSTILE_QUOTED + ") FROM \"TAP_POSTGRES\".\"GITLAB_DB_ISSUES\"",
                dialect.maxValue(issues, HOSTILE));
    }

    @Test
    void addColumnsIsOneAlterBecauseSnowflakeCommitsEachDdlStatement() {
        assertEquals(List.of("ALTER TABLE " + HOSTILE_QUOTED + "." + HOSTILE_QUOTED
                        + " ADD COLUMN \"IS_DELETED\" BOOLEAN, \"TAGS\" ARRAY"),
                dialect.addColumns(hostile, List.of("\"IS_DELETED\" BOOLEAN", "\"TAGS\" ARRAY")));
        assertEquals(List.of(), dialect.addColumns(issues, List.of()));
    }

    @Test
    void replaceSwapsWithAPresentTargetThenDropsTheOldOne() {
        assertEquals(List.of(
                        "ALTER TABLE \"TAP_POSTGRES\".\"GITLAB_DB_ISSUES_TEMP\" SWAP WITH \"TAP_POSTGRES\".\"GITLAB_DB_ISSUES\"",
                        "DROP TABLE \"TAP_POSTGRES\".\"GITLAB_DB_ISSUES_TEMP\""),
                dialect.replaceTable(temp, issues, true));
        assertEquals(List.of("ALTER TABLE " + HOSTILE_QUOTED + "." + HOSTILE_QUOTED + " SWAP WITH " + HOSTILE_QUOTED
                        + ".\"T\"", "DROP TABLE " + HOSTILE_QUOTED + "." + HOSTILE_QUOTED),
                dialect.replaceTable(hostile, new TableName(HOSTILE, "t"), true));
    }

    @Test
    void replaceRenamesToAQualifiedNameWhenTheTargetIsAbsent() {
        assertEquals(List.of("ALTER TABLE \"TAP_POSTGRES\".\"GITLAB_DB_ISSUES_TEMP\""
                        + " RENAME TO \"TAP_POSTGRES\".\"GITLAB_DB_ISSUES\""),
                dialect.replaceTable(temp, issues, false));
    }

    @Test
    void carryOverBindsTheInstantAndTheOptionalKeyAsParameters() {
        String columns = "INSERT INTO \"TAP_POSTGRES\".\"GITLAB_DB_ISSUES_TEMP\" (\"ID\", " + HOSTILE_QUOTED + ")"
                + " SELECT \"ID\", " + HOSTILE_QUOTED + " FROM \"TAP_POSTGRES\".\"GITLAB_DB_ISSUES\""
                + " WHERE \"_UPLOADED_AT\" >= CAST(? AS TIMESTAMP WITH TIME ZONE)"
                + " AND \"_UPLOADED_AT\" NOT IN (SELECT DISTINCT \"_UPLOADED_AT\""
                + " FROM \"TAP_POSTGRES\".\"GITLAB_DB_ISSUES_TEMP\" WHERE \"_UPLOADED_AT\" IS NOT NULL)";

        assertEquals(columns, dialect.appendRowsSince(issues, List.of("id", HOSTILE), temp,
                List.of("ID", HOSTILE), "_uploaded_at", UploadedAtForm.TIMESTAMP, Optional.of("_uploaded_at"), Optional.empty()));
        assertEquals(columns + " AND \"ID\" > ?", dialect.appendRowsSince(issues, List.of("id", HOSTILE), temp,
                List.of("ID", HOSTILE), "_uploaded_at", UploadedAtForm.TIMESTAMP, Optional.of("_uploaded_at"), Optional.of("id")));
        assertEquals(columns.replace("TIMESTAMP WITH TIME ZONE", "DOUBLE PRECISION"), dialect.appendRowsSince(issues,
                List.of("id", HOSTILE), temp, List.of("ID", HOSTILE), "_uploaded_at", UploadedAtForm.EPOCH_SECONDS,
                Optional.of("_uploaded_at"), Optional.empty()));
    }

    @Test
    void addKeysUploadedAfterCastsTheInstantAsTheColumnHoldsIt() {
        String sql = "INSERT INTO \"DELETES_TAP_POSTGRES\".\"GITLAB_DB_ISSUES\" (" + HOSTILE_QUOTED + ")"
                + " SELECT DISTINCT \"ID\" FROM \"TAP_POSTGRES\".\"GITLAB_DB_ISSUES\""
                + " WHERE \"_UPLOADED_AT\" > CAST(? AS TIMESTAMP WITH TIME ZONE)";

        assertEquals(sql, dialect.addKeysUploadedAfter(new KeyedTable(issues, "id"),
                new KeyedTable(exportedKeys, HOSTILE), "_uploaded_at", UploadedAtForm.TIMESTAMP));
        assertEquals(sql.replace("TIMESTAMP WITH TIME ZONE", "DOUBLE PRECISION"), dialect.addKeysUploadedAfter(
                new KeyedTable(issues, "id"), new KeyedTable(exportedKeys, HOSTILE), "_uploaded_at",
                UploadedAtForm.EPOCH_SECONDS), "a table GitLab's pipeline created holds epoch seconds");
    }

    @Test
    void deletesPreviewBindsTheMaxKey() {
        assertEquals("SELECT count(CASE WHEN \"D\".\"LIVE\" = 1 THEN 1 END), count(CASE WHEN \"D\".\"LIVE\" = 1"
                        + " AND \"D\".\"GONE\" THEN 1 END) FROM ("
                        + "SELECT \"TK\".\"KEY\" AS \"KEY\", \"TK\".\"LIVE\" AS \"LIVE\", \"K\".\"KEY\" IS NULL AS \"GONE\""
                        + " FROM (SELECT \"ID\" AS \"KEY\", max(CASE WHEN COALESCE(\"IS_DELETED\", FALSE) THEN 0 ELSE 1 END)"
                        + " AS \"LIVE\" FROM \"TAP_POSTGRES\".\"GITLAB_DB_ISSUES\" WHERE \"ID\" <= ? GROUP BY \"ID\") \"TK\""
                        + " LEFT JOIN (SELECT DISTINCT " + HOSTILE_QUOTED + " AS \"KEY\""
                        + " FROM \"DELETES_TAP_POSTGRES\".\"GITLAB_DB_ISSUES\") \"K\" ON \"K\".\"KEY\" = \"TK\".\"KEY\") \"D\"",
                dialect.deletesPreview(new KeyedTable(issues, "id"), new KeyedTable(exportedKeys, HOSTILE),
                        Optional.of("is_deleted")));
    }

    @Test
    void markDeletedBindsTheInstantThenTheMaxKey() {
        String sql = dialect.markDeleted(new KeyedTable(issues, "id"), new KeyedTable(exportedKeys, HOSTILE),
                "is_deleted", "is_deleted_updated_at");

        assertEquals("UPDATE \"TAP_POSTGRES\".\"GITLAB_DB_ISSUES\" \"T\""
                        + " SET \"IS_DELETED\" = \"D\".\"GONE\","
                        + " \"IS_DELETED_UPDATED_AT\" = CAST(? AS TIMESTAMP WITH TIME ZONE)"
                        + " FROM (SELECT \"TK\".\"KEY\" AS \"KEY\", \"K\".\"KEY\" IS NULL AS \"GONE\""
                        + " FROM (SELECT DISTINCT \"ID\" AS \"KEY\" FROM \"TAP_POSTGRES\".\"GITLAB_DB_ISSUES\") \"TK\""
                        + " LEFT JOIN (SELECT DISTINCT " + HOSTILE_QUOTED + " AS \"KEY\""
                        + " FROM \"DELETES_TAP_POSTGRES\".\"GITLAB_DB_ISSUES\") \"K\" ON \"K\".\"KEY\" = \"TK\".\"KEY\") \"D\""
                        + " WHERE \"T\".\"ID\" = \"D\".\"KEY\" AND \"T\".\"ID\" <= ?"
                        + " AND (\"T\".\"IS_DELETED\" IS NULL OR \"T\".\"IS_DELETED\" <> \"D\".\"GONE\")", sql);
        // Snowflake takes a correlated EXISTS only in a WHERE clause and never as an argument of OR
        assertFalse(sql.contains("EXISTS"), sql);
    }

    @Test
    void instantsAreBoundAsIsoTextInUtcWithMicroseconds() {
        assertEquals("2026-01-02T03:04:05.123456+00:00",
                dialect.timestampParameter(Instant.parse("2026-01-02T03:04:05.123456789Z")));
        assertEquals("2026-01-02T00:00:00.000000+00:00", dialect.timestampParameter(Instant.parse("2026-01-02T00:00:00Z")));
    }

    @Test
    void sessionIsInUtcAndTaggedWithAnEscapedLiteral() {
        assertEquals(List.of("ALTER SESSION SET TIMEZONE = 'UTC'", "ALTER SESSION SET TIMESTAMP_INPUT_FORMAT = 'AUTO'"),
                dialect.sessionSetup());
        assertEquals(Optional.of("ALTER SESSION SET QUERY_TAG ="
                        + " '{\"table\":\"it''s\",\"load_type\":\"backfill\",\"note\":\"a\\\\b\"}'"),
                dialect.tagSession("{\"table\":\"it's\",\"load_type\":\"backfill\",\"note\":\"a\\b\"}"));
    }

    @Test
    void aQueryTagLongerThanSnowflakeTakesIsRefused() {
        String tag = "x".repeat(SnowflakeDialect.MAX_QUERY_TAG_LENGTH);
        assertEquals(Optional.of("ALTER SESSION SET QUERY_TAG = '" + tag + "'"), dialect.tagSession(tag));

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> dialect.tagSession(tag + "x"));
        assertEquals("query tag of 2001 characters; Snowflake takes at most 2000", error.getMessage());
    }

    @Test
    void columnsQueryRebuildsTypeSpellingsAddColumnTakes() {
        assertEquals("SELECT table_schema, table_name, column_name, CASE"
                        + " WHEN data_type = 'NUMBER' THEN 'NUMBER(' || CAST(numeric_precision AS VARCHAR) || ','"
                        + " || CAST(numeric_scale AS VARCHAR) || ')'"
                        + " WHEN data_type IN ('TIME', 'TIMESTAMP_NTZ', 'TIMESTAMP_LTZ', 'TIMESTAMP_TZ')"
                        + " AND datetime_precision IS NOT NULL"
                        + " THEN data_type || '(' || CAST(datetime_precision AS VARCHAR) || ')'"
                        + " ELSE data_type END"
                        + " FROM information_schema.columns WHERE table_catalog = current_database()"
                        + " AND table_schema = upper(?) AND table_name = upper(?)"
                        + " ORDER BY table_schema, table_name, ordinal_position",
                dialect.columnsQuery());
    }

    @Test
    void copyNamesItsFilesUnderTheirFolderWithTheStorageIntegration() {
        List<LoadStatement> statements = dialect.loadFiles(issues, List.of("id"),
                List.of(FOLDER + "1.parquet", FOLDER + "it's.parquet"));

        assertEquals(List.of(new LoadStatement("COPY INTO \"TAP_POSTGRES\".\"GITLAB_DB_ISSUES\" FROM '" + FOLDER + "'"
                        + " STORAGE_INTEGRATION = \"GCS_INTEGRATION\" FILES = ('1.parquet', 'it''s.parquet')"
                        + COPY_OPTIONS, List.of(FOLDER + "1.parquet", FOLDER + "it's.parquet"))),
                statements);
    }

    @Test
    void aHostileTableOrIntegrationNameStaysOneIdentifier() {
        SnowflakeDialect hostileIntegration = new SnowflakeDialect(HOSTILE);

        assertEquals("COPY INTO " + HOSTILE_QUOTED + "." + HOSTILE_QUOTED + " FROM '" + FOLDER + "'"
                        + " STORAGE_INTEGRATION = " + HOSTILE_QUOTED + " FILES = ('a.parquet')" + COPY_OPTIONS,
                hostileIntegration.loadFiles(hostile, List.of(), List.of(FOLDER + "a.parquet")).get(0).sql());
    }

    @Test
    void aThousandFilesAreOneCopyAndTheThousandAndFirstStartsAnother() {
        List<String> thousand = files(FOLDER, 1_000);
        List<String> thousandAndOne = files(FOLDER, 1_001);

        List<LoadStatement> one = dialect.loadFiles(issues, List.of(), thousand);
        List<LoadStatement> two = dialect.loadFiles(issues, List.of(), thousandAndOne);

        assertEquals(1, one.size());
        assertEquals(thousand, one.get(0).fileUris());
        assertEquals(2, two.size());
        assertEquals(thousandAndOne.subList(0, 1_000), two.get(0).fileUris());
        assertEquals(List.of(FOLDER + "1000.parquet"), two.get(1).fileUris());
        assertEquals("COPY INTO \"TAP_POSTGRES\".\"GITLAB_DB_ISSUES\" FROM '" + FOLDER + "'"
                + " STORAGE_INTEGRATION = \"GCS_INTEGRATION\" FILES = ('1000.parquet')" + COPY_OPTIONS, two.get(1).sql());
        assertEquals(1_000, two.get(0).sql().split("\\.parquet'").length - 1);
    }

    @Test
    void filesFromTwoFoldersAreCopiedPerFolderInTheOrderGiven() {
        String other = "gcs://saas-pipeline-backfills/staging/regular/gitlab_db_issues/initial_load_start_x/";

        List<LoadStatement> statements = dialect.loadFiles(issues, List.of(),
                List.of(FOLDER + "a.parquet", other + "b.parquet", FOLDER + "c.parquet"));

        assertEquals(List.of(
                new LoadStatement("COPY INTO \"TAP_POSTGRES\".\"GITLAB_DB_ISSUES\" FROM '" + FOLDER + "'"
                        + " STORAGE_INTEGRATION = \"GCS_INTEGRATION\" FILES = ('a.parquet', 'c.parquet')" + COPY_OPTIONS,
                        List.of(FOLDER + "a.parquet", FOLDER + "c.parquet")),
                new LoadStatement("COPY INTO \"TAP_POSTGRES\".\"GITLAB_DB_ISSUES\" FROM '" + other + "'"
                        + " STORAGE_INTEGRATION = \"GCS_INTEGRATION\" FILES = ('b.parquet')" + COPY_OPTIONS,
                        List.of(other + "b.parquet"))),
                statements);
    }

    @Test
    void aFileSnowflakeCannotReadIsAConfigErrorNamingIt() {
        for (String uri : List.of("/tmp/staging/a.parquet", "gs://bucket/a.parquet", "gcs://bucket/folder/",
                "gcs://a.parquet")) {
            ConfigException error = assertThrows(ConfigException.class,
                    () -> dialect.loadFiles(issues, List.of(), List.of(FOLDER + "ok.parquet", uri)));
            assertEquals("staged file " + uri + ": a Snowflake warehouse reads staged files only from"
                    + " gcs://bucket/...; stage to a gs:// bucket", error.getMessage());
        }
    }

    @Test
    void filesAreNeverDescribedBeforeTheCopy() {
        assertEquals(Optional.empty(), dialect.stagedColumnsQuery(List.of(FOLDER + "a.parquet")));
    }

    @Test
    void typeMapping() {
        assertEquals(Optional.of("NUMBER(38,0)"), dialect.columnType(ColumnType.of(Kind.SMALLINT, "int2")));
        assertEquals(Optional.of("NUMBER(38,0)"), dialect.columnType(ColumnType.of(Kind.INTEGER, "int4")));
        assertEquals(Optional.of("NUMBER(38,0)"), dialect.columnType(ColumnType.of(Kind.BIGINT, "int8")));
        assertEquals(Optional.of("NUMBER(12,4)"), dialect.columnType(ColumnType.decimal(12, 4, "numeric")));
        assertEquals(Optional.of("NUMBER(38,38)"), dialect.columnType(ColumnType.decimal(38, 38, "numeric")));
        assertEquals(Optional.of("FLOAT"), dialect.columnType(ColumnType.of(Kind.REAL, "float4")));
        assertEquals(Optional.of("FLOAT"), dialect.columnType(ColumnType.of(Kind.DOUBLE, "float8")));
        assertEquals(Optional.of("BOOLEAN"), dialect.columnType(ColumnType.of(Kind.BOOLEAN, "bool")));
        assertEquals(Optional.of("VARCHAR"), dialect.columnType(ColumnType.of(Kind.TEXT, "text")));
        assertEquals(Optional.of("VARCHAR"), dialect.columnType(ColumnType.of(Kind.UUID, "uuid")));
        assertEquals(Optional.of("BINARY"), dialect.columnType(ColumnType.of(Kind.BYTES, "bytea")));
        assertEquals(Optional.of("DATE"), dialect.columnType(ColumnType.of(Kind.DATE, "date")));
        assertEquals(Optional.of("TIME(6)"), dialect.columnType(ColumnType.of(Kind.TIME, "time")));
        assertEquals(Optional.of("TIMESTAMP_NTZ(6)"), dialect.columnType(ColumnType.of(Kind.TIMESTAMP, "timestamp")));
        assertEquals(Optional.of("TIMESTAMP_TZ(6)"),
                dialect.columnType(ColumnType.of(Kind.TIMESTAMPTZ, "timestamptz")));
        assertEquals(Optional.of("VARIANT"), dialect.columnType(ColumnType.of(Kind.JSON, "jsonb")));
        assertEquals(Optional.of("ARRAY"),
                dialect.columnType(ColumnType.array(ColumnType.of(Kind.TEXT, "text"), "_text")));
        assertEquals(Optional.of("ARRAY"), dialect.columnType(ColumnType.array(
                ColumnType.array(ColumnType.decimal(5, 2, "numeric"), "_numeric"), "_numeric")));
    }

    @Test
    void decimalsWiderThanSnowflakeHoldsHaveNoType() {
        ColumnType tooWide = ColumnType.decimal(39, 0, "numeric");

        assertEquals(Optional.empty(), dialect.columnType(tooWide));
        assertEquals(Optional.empty(), dialect.columnType(ColumnType.array(tooWide, "_numeric")));
    }

    @Test
    void aBlankStorageIntegrationIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new SnowflakeDialect(" "));
    }

    private static List<String> files(String folder, int count) {
        return IntStream.range(0, count).mapToObj(index -> folder + index + ".parquet").toList();
    }
}
