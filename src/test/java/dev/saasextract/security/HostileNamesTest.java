package dev.saasextract.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saasextract.badinput.CapturedRun;
import dev.saasextract.testing.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Names holding {@code " ' ; -- /*} in the table key, the source table, export_table, the primary key and a column
 * alias run end to end (backfill, then the deletes process) into DuckDB through the CLI, and come out spelled exactly
 * as written; a canary table in the source and in the warehouse survives. Hostile values never reach SQL.
 */
class HostileNamesTest {
    private static final String KEY = "key\"; DROP TABLE canary; -- '/* x";
    private static final String SOURCE_TABLE = "issues\"; DROP TABLE canary; --";
    /** No slash or glob character: those are refused, as the target also names the staged files' folder. */
    private static final String EXPORT_TABLE = "evil\"; DROP TABLE canary; -- 'x";
    private static final String PRIMARY_KEY = "id\"; DROP TABLE canary; --/*";
    private static final String ALIAS = "note'; DROP TABLE canary; /* -- \"";
    private static final String TARGET = "GITLAB_DB_EVIL\"; DROP TABLE CANARY; -- 'X";

    @TempDir
    Path dir;

    private DataSource source;
    private Path manifest;
    private Path config;
    private Path warehouse;
    private Map<String, String> env;

    @BeforeEach
    void setUp() throws Exception {
        String sourceDatabase = TestPostgres.newDatabase();
        source = TestPostgres.dataSource(sourceDatabase);
        sourceSql("CREATE TABLE canary (alive text); INSERT INTO canary VALUES ('yes');"
                + " CREATE TABLE " + sqlName(SOURCE_TABLE) + " (" + sqlName(PRIMARY_KEY) + " bigint PRIMARY KEY,"
                + " body text, updated_at timestamp);"
                + " INSERT INTO " + sqlName(SOURCE_TABLE) + " SELECT g, 'it''s -- /* row ' || g || ' */', now()"
                + " FROM generate_series(1, 3) g");
        warehouse = dir.resolve("warehouse.duckdb");
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:" + warehouse);
                Statement s = duck.createStatement()) {
            s.execute("CREATE TABLE canary (alive text); INSERT INTO canary VALUES ('yes')");
        }
        manifest = Files.writeString(dir.resolve("manifest.yaml"), "tables:\n"
                + "  " + yamlString(KEY) + ":\n"
                + "    import_db: GITLAB_DB\n"
                + "    export_table: " + yamlString(EXPORT_TABLE) + "\n"
                + "    export_table_primary_key: " + yamlString(PRIMARY_KEY) + "\n"
                + "    import_query: " + yamlString("SELECT " + sqlName(PRIMARY_KEY) + ", body AS " + sqlName(ALIAS)
                        + ", updated_at FROM " + sqlName(SOURCE_TABLE)
                        + " WHERE updated_at > '{BEGIN_TIMESTAMP}'::timestamp") + "\n");
        config = Files.writeString(dir.resolve("extract.yaml"), """
                source:    { url: "%s" }
                metadata:  { url: "%s" }
                staging:   "%s"
                warehouse: { url: "jdbc:duckdb:%s" }
                """.formatted(TestPostgres.jdbcUrl(sourceDatabase), TestPostgres.jdbcUrl(TestPostgres.newDatabase()),
                dir.resolve("staging").toUri(), warehouse));
        env = new HashMap<>();
    }

    @Test
    void namesWithQuotesSemicolonsAndCommentsRoundTripAndRunNothingElse() throws Exception {
        CapturedRun run = extract("--table", KEY, "--now", "2026-11-24T01:00:00Z");

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.log().contains("action=backfill:start rows=3"), run::toString);
        assertTrue(run.log().contains("action=deletes:start rows=3"), run::toString);
        assertCanariesAlive();
        assertEquals(List.of(TARGET), warehouseRows(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'tap_postgres'"));
        assertEquals(List.of(PRIMARY_KEY, ALIAS, "updated_at", "_uploaded_at", "is_deleted", "is_deleted_updated_at"),
                warehouseRows("SELECT column_name FROM information_schema.columns WHERE table_schema = 'tap_postgres'"
                        + " ORDER BY ordinal_position"));
        assertEquals(List.of("1|it's -- /* row 1 */|false", "2|it's -- /* row 2 */|false", "3|it's -- /* row 3 */|false"),
                warehouseRows("SELECT " + sqlName(PRIMARY_KEY) + " || '|' || " + sqlName(ALIAS) + " || '|' || is_deleted"
                        + " FROM tap_postgres." + sqlName(TARGET) + " ORDER BY 1"));

        CapturedRun status = extract("status", "--table", KEY, "--json");
        assertEquals(0, status.exitCode(), status::toString);
        assertTrue(status.out().contains("\"table\":\"GITLAB_DB_EVIL\\\"; DROP TABLE CANARY; -- 'X\""), status::toString);
    }

    @Test
    void aValueCarryingSqlInAPlaceholderVariableIsRefusedBeforeAnyQuery() throws Exception {
        assertEquals(0, extract("--table", KEY).exitCode());
        for (String variable : List.of("EXECUTION_DATE", "HOURS", "LAST_LOADED", "DATE_INTERVAL_END")) {
            env.clear();
            env.put(variable, "2026-11-24T01:00:00Z'; DROP TABLE canary; --");

            CapturedRun run = extract("--table", KEY, "--load-type", "incremental");

            assertEquals(2, run.exitCode(), run::toString);
            assertTrue(run.err().contains(variable), run::toString);
            assertCanariesAlive();
        }
    }

    @Test
    void aClockValueCarryingSqlIsRefused() throws Exception {
        CapturedRun run = extract("plan", "--table", KEY, "--now", "2026-11-24T01:00:00Z'); DROP TABLE canary; --");

        assertEquals(2, run.exitCode(), run::toString);
        assertTrue(run.err().contains("--now"), run::toString);
        assertCanariesAlive();
    }

    /** A second statement after the query never reaches the source: the manifest is refused for it. */
    @Test
    void aSecondStatementAfterTheImportQueryNeverRuns() throws Exception {
        Files.writeString(manifest, Files.readString(manifest).replace("'{BEGIN_TIMESTAMP}'::timestamp",
                "'{BEGIN_TIMESTAMP}'::timestamp; DROP TABLE canary"));

        CapturedRun run = extract("--table", KEY);

        assertEquals(2, run.exitCode(), run::toString);
        assertTrue(run.err().contains("import_query: must be exactly one SELECT statement, found 2 statements"),
                run::toString);
        assertCanariesAlive();
    }

    private CapturedRun extract(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--manifest", manifest.toString(), "--config", config.toString()));
        return CapturedRun.of(env, all);
    }

    private void assertCanariesAlive() throws SQLException {
        List<String> sourceCanary = new ArrayList<>();
        try (Connection c = source.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT alive FROM canary")) {
            while (rs.next()) {
                sourceCanary.add(rs.getString(1));
            }
        }
        assertEquals(List.of("yes"), sourceCanary, "source canary");
        assertEquals(List.of("yes"), warehouseRows("SELECT alive FROM main.canary"), "warehouse canary");
    }

    private List<String> warehouseRows(String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:" + warehouse);
                Statement s = duck.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }

    private void sourceSql(String sql) throws SQLException {
        try (Connection c = source.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** How the test itself writes these names in its own SQL (the code under test uses SqlIdentifiers). */
    private static String sqlName(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    private static String yamlString(String text) {
        return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

}
