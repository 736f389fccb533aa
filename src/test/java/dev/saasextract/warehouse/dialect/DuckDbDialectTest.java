package dev.saasextract.warehouse.dialect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.saasextract.errors.ConfigException;
import dev.saasextract.schema.ColumnType;
import dev.saasextract.schema.ColumnType.Kind;
import dev.saasextract.schema.UploadedAtForm;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The SQL text the dialect renders; JdbcWarehouse tests run it against DuckDB. */
class DuckDbDialectTest {

    private final DuckDbDialect dialect = new DuckDbDialect();
    private final TableName issues = new TableName("tap_postgres", "GITLAB_DB_ISSUES");
    private final TableName temp = new TableName("tap_postgres", "GITLAB_DB_ISSUES_TEMP");
    private final TableName exportedKeys = new TableName("deletes_tap_postgres", "GITLAB_DB_ISSUES");

    @Test
    void identifiersAreAlwaysQuotedWithQuotesDoubled() {
        assertEquals("\"id\"", dialect.quoted("id"));
        assertEquals("\"x\"\"; DROP TABLE y; --\"", dialect.quoted("x\"; DROP TABLE y; --"));
        assertEquals("\"tap_postgres\".\"GITLAB_DB_ISSUES\"", dialect.qualified(issues));
    }

    @Test
    void loadReadsTheFilesAsEscapedLiteralsIntoTheNamedColumnsInOneStatement() {
        List<String> files = List.of("/stage/a.parquet", "/stage/it's.parquet");

        assertEquals(List.of(new LoadStatement("INSERT INTO \"tap_postgres\".\"GITLAB_DB_ISSUES\" (\"id\", \"Title\")"
                        + " SELECT \"id\", \"Title\""
                        + " FROM read_parquet(['/stage/a.parquet', '/stage/it''s.parquet'], union_by_name = true)", files)),
                dialect.loadFiles(issues, List.of("id", "Title"), files));
    }

    @Test
    void aRemoteFileIsAConfigErrorBecauseDuckDbReadsOnlyLocalFiles() {
        for (String uri : List.of("gcs://bucket/staging/a.parquet", "gs://bucket/a.parquet", "https://host/a.parquet")) {
            ConfigException error = assertThrows(ConfigException.class,
                    () -> dialect.loadFiles(issues, List.of("id"), List.of("/stage/a.parquet", uri)));
            assertEquals("staged file " + uri + ": a DuckDB warehouse reads only local files; stage to a file:// folder",
                    error.getMessage());
        }
    }

    @Test
    void aPathDuckDbWouldExpandAsAGlobIsRefused() {
        for (String path : List.of("/stage/*.parquet", "/stage/a?.parquet", "/stage/[ab].parquet")) {
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                    () -> dialect.loadFiles(issues, List.of("id"), List.of(path)));
            assertEquals("staged file " + path + ": DuckDB would read *?[ in a path as a glob pattern",
                    error.getMessage());
        }
    }

    @Test
    void replaceDropsAPresentTargetThenRenamesTheSource() {
        String rename = "ALTER TABLE \"tap_postgres\".\"GITLAB_DB_ISSUES_TEMP\" RENAME TO \"GITLAB_DB_ISSUES\"";

        assertEquals(List.of("DROP TABLE \"tap_postgres\".\"GITLAB_DB_ISSUES\"", rename),
                dialect.replaceTable(temp, issues, true));
        assertEquals(List.of(rename), dialect.replaceTable(temp, issues, false));
    }

    @Test
    void maxAndAddColumnsQuoteEveryName() {
        assertEquals("SELECT max(\"i\"\"d\") FROM \"tap_postgres\".\"GITLAB_DB_ISSUES\"",
                dialect.maxValue(issues, "i\"d"));
        assertEquals(List.of(
                        "ALTER TABLE \"tap_postgres\".\"GITLAB_DB_ISSUES_TEMP\" ADD COLUMN \"is_deleted\" BOOLEAN",
                        "ALTER TABLE \"tap_postgres\".\"GITLAB_DB_ISSUES_TEMP\" ADD COLUMN \"tags\" VARCHAR[]"),
                dialect.addColumns(temp, List.of("\"is_deleted\" BOOLEAN", "\"tags\" VARCHAR[]")));
        assertEquals(List.of(), dialect.addColumns(temp, List.of()));
    }

    @Test
    void appendRowsSinceBindsTheInstantAndTheOptionalKeyAsParameters() {
        String columns = "INSERT INTO \"tap_postgres\".\"GITLAB_DB_ISSUES_TEMP\" (\"ID\", \"_uploaded_at\")"
                + " SELECT \"id\", \"_uploaded_at\" FROM \"tap_postgres\".\"GITLAB_DB_ISSUES\""
                + " WHERE \"_uploaded_at\" >= CAST(? AS TIMESTAMP WITH TIME ZONE)"
                + " AND \"_uploaded_at\" NOT IN (SELECT DISTINCT \"_uploaded_at\""
                + " FROM \"tap_postgres\".\"GITLAB_DB_ISSUES_TEMP\" WHERE \"_uploaded_at\" IS NOT NULL)";

        assertEquals(columns, dialect.appendRowsSince(issues, List.of("id", "_uploaded_at"), temp,
                List.of("ID", "_uploaded_at"), "_uploaded_at", UploadedAtForm.TIMESTAMP, Optional.of("_uploaded_at"), Optional.empty()));
        assertEquals(columns + " AND \"id\" > ?", dialect.appendRowsSince(issues, List.of("id", "_uploaded_at"), temp,
                List.of("ID", "_uploaded_at"), "_uploaded_at", UploadedAtForm.TIMESTAMP, Optional.of("_uploaded_at"), Optional.of("id")));
    }

    @Test
    void deletesPreviewBindsTheMaxKeyAndJoinsWithoutACorrelatedSubquery() {
        String preview = "SELECT count(CASE WHEN \"d\".\"live\" = 1 THEN 1 END), count(CASE WHEN \"d\".\"live\" = 1"
                + " AND \"d\".\"gone\" THEN 1 END) FROM ("
                + "SELECT \"tk\".\"key\" AS \"key\", \"tk\".\"live\" AS \"live\", \"k\".\"key\" IS NULL AS \"gone\""
                + " FROM (SELECT \"id\" AS \"key\", LIVE AS \"live\" FROM \"tap_postgres\".\"GITLAB_DB_ISSUES\""
                + " WHERE \"id\" <= ? GROUP BY \"id\") \"tk\""
                + " LEFT JOIN (SELECT DISTINCT \"I\"\"D\" AS \"key\" FROM \"deletes_tap_postgres\".\"GITLAB_DB_ISSUES\")"
                + " \"k\" ON \"k\".\"key\" = \"tk\".\"key\") \"d\"";

        assertEquals(preview.replace("LIVE", "max(CASE WHEN COALESCE(\"Is_Deleted\", FALSE) THEN 0 ELSE 1 END)"),
                dialect.deletesPreview(new KeyedTable(issues, "id"), new KeyedTable(exportedKeys, "I\"D"),
                        Optional.of("Is_Deleted")));
        assertEquals(preview.replace("LIVE", "1"), dialect.deletesPreview(new KeyedTable(issues, "id"),
                new KeyedTable(exportedKeys, "I\"D"), Optional.empty()), "no flags yet: every key is live");
    }

    @Test
    void markDeletedBindsTheInstantThenTheMaxKeyAndQuotesEveryName() {
        String keyPresent = "EXISTS (SELECT 1 FROM \"deletes_tap_postgres\".\"GITLAB_DB_ISSUES\" \"k\""
                + " WHERE \"k\".\"ID\" = \"t\".\"id\")";
        assertEquals("UPDATE \"tap_postgres\".\"GITLAB_DB_ISSUES\" \"t\""
                        + " SET \"Is_Deleted\" = CASE WHEN " + keyPresent + " THEN FALSE ELSE TRUE END,"
                        + " \"is_deleted_updated_at\" = CAST(? AS TIMESTAMP WITH TIME ZONE)"
                        + " WHERE \"t\".\"id\" <= ? AND (\"t\".\"Is_Deleted\" IS NULL"
                        + " OR (\"t\".\"Is_Deleted\" = TRUE AND " + keyPresent + ")"
                        + " OR (\"t\".\"Is_Deleted\" = FALSE AND NOT " + keyPresent + "))",
                dialect.markDeleted(new KeyedTable(issues, "id"), new KeyedTable(exportedKeys, "ID"), "Is_Deleted",
                        "is_deleted_updated_at"));
    }

    @Test
    void decimalsWiderThanDuckDbHoldsHaveNoType() {
        ColumnType widest = ColumnType.decimal(38, 38, "numeric");
        ColumnType tooWide = ColumnType.decimal(39, 0, "numeric");

        assertEquals(Optional.of("DECIMAL(38,38)"), dialect.columnType(widest));
        assertEquals(Optional.empty(), dialect.columnType(tooWide));
        assertEquals(Optional.empty(), dialect.columnType(ColumnType.array(tooWide, "_numeric")));
        assertEquals(Optional.of("UUID[]"),
                dialect.columnType(ColumnType.array(ColumnType.of(Kind.UUID, "uuid"), "_uuid")));
    }
}
