package dev.saasextract.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.saasextract.cli.ExtractCli;
import dev.saasextract.manifest.TableSpec;
import dev.saasextract.source.PostgresSource;
import dev.saasextract.testing.TestPostgres;
import dev.saasextract.warehouse.Warehouse;
import dev.saasextract.warehouse.Warehouses;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Verify on the real engines: a source query on embedded Postgres against a DuckDB target built with several versions
 * per key, flagged keys and exact microsecond timestamps, so the latest-version and checksum rules meet real SQL.
 */
class TableVerifierTest {
    private static final TableSpec ISSUES = new TableSpec("issues",
            "SELECT id, project_id, updated_at FROM issues"
                    + " WHERE updated_at BETWEEN '{BEGIN_TIMESTAMP}'::timestamp AND '{END_TIMESTAMP}'::timestamp",
            "GITLAB_DB", "issues", "id", "gitlab_com", "main", "", "AND project_id <> 13", false, false);
    private static final TableSpec COMMITS = new TableSpec("merge_request_diff_commits",
            "SELECT merge_request_diff_id, relative_order, authored_date FROM merge_request_diff_commits",
            "GITLAB_DB", "merge_request_diff_commits", "merge_request_diff_id", "gitlab_com", "main", "load_by_id", "",
            false, false);
    private static final String TARGET = "tap_postgres.\"GITLAB_DB_ISSUES\"";

    @TempDir
    Path dir;

    private String sourceDatabase;
    private DataSource sourceAdmin;
    private Path warehouseFile;
    private Warehouse warehouse;

    @BeforeEach
    void setUp() throws Exception {
        sourceDatabase = TestPostgres.newDatabase();
        sourceAdmin = TestPostgres.dataSource(sourceDatabase);
        // updated_at with microseconds, so that a checksum of rounded or text-rendered timestamps would not match
        sourceSql("CREATE TABLE issues (id bigint PRIMARY KEY, project_id integer, updated_at timestamptz);"
                + " INSERT INTO issues SELECT g, CASE WHEN g = 1500 THEN 13 ELSE 100 + g % 7 END,"
                + " timestamptz '2020-01-01 00:00:00.000001+00' + g * interval '1 hour' + g * interval '1 microsecond'"
                + " FROM generate_series(1, 3000) g");
        warehouseFile = dir.resolve("warehouse.duckdb");
        warehouseSql("CREATE SCHEMA tap_postgres;"
                + " CREATE TABLE " + TARGET + " (id BIGINT, project_id INTEGER, updated_at TIMESTAMPTZ,"
                + " _uploaded_at TIMESTAMPTZ, is_deleted BOOLEAN);"
                + " INSERT INTO " + TARGET + " SELECT g, 100 + g % 7, " + duckUpdatedAt("g") + ","
                + " TIMESTAMPTZ '2026-11-24 02:00:00+00', FALSE FROM range(1, 3001) t(g) WHERE g <> 1500;"
                // day 2 appended a second, identical version of ten keys: duplicates are no difference
                + " INSERT INTO " + TARGET + " SELECT g, 100 + g % 7, " + duckUpdatedAt("g") + ","
                + " TIMESTAMPTZ '2026-11-25 02:00:00+00', NULL FROM range(10, 20) t(g);"
                // the key the source filters out (project 13) is flagged deleted: no difference either
                + " INSERT INTO " + TARGET + " VALUES (1500, 13, NULL, TIMESTAMPTZ '2026-11-24 02:00:00+00', TRUE)");
        warehouse = Warehouses.open("jdbc:duckdb:" + warehouseFile);
    }

    @AfterEach
    void tearDown() {
        warehouse.close();
    }

    private static String duckUpdatedAt(String g) {
        return "TIMESTAMPTZ '2020-01-01 00:00:00.000001+00' + " + g + " * INTERVAL '1 hour' + " + g
                + " * INTERVAL '1 microsecond'";
    }

    private void sourceSql(String sql) throws Exception {
        try (Connection c = sourceAdmin.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private void warehouseSql(String sql) throws Exception {
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:" + warehouseFile);
                Statement s = duck.createStatement()) {
            s.execute("SET TimeZone = 'UTC'");
            s.execute(sql);
        }
    }

    private VerifyReport verify(TableSpec spec, long leafKeys) {
        return new TableVerifier(new PostgresSource(sourceAdmin), warehouse, new RangeBisection(16, leafKeys))
                .verify(spec);
    }

    @Test
    void theLatestVersionOfEveryKeyEqualsTheSource() {
        VerifyReport report = verify(ISSUES, 50);

        assertTrue(report.equal(), report.toString());
        assertTrue(report.updatedAtCompared());
        assertEquals(2999, report.source().keys(), "the full range, project 13 filtered out");
        assertEquals(report.source(), report.warehouse());
        assertEquals(1, report.rangesCompared());
        assertEquals(0, report.rangesFetched());
    }

    @Test
    void eachKindOfDifferenceIsReportedExactlyFromAFewRanges() throws Exception {
        warehouseSql("DELETE FROM " + TARGET + " WHERE id = 700;"
                + " INSERT INTO " + TARGET + " VALUES (5000, 101, NULL, TIMESTAMPTZ '2026-11-25 02:00:00+00', NULL);"
                // the latest version of 10 lags one microsecond; an older version of 2000 differs, which is no matter
                + " UPDATE " + TARGET + " SET updated_at = updated_at - INTERVAL '1 microsecond'"
                + " WHERE id = 10 AND _uploaded_at = TIMESTAMPTZ '2026-11-25 02:00:00+00';"
                + " INSERT INTO " + TARGET + " VALUES (2000, 101, TIMESTAMPTZ '2001-01-01 00:00:00+00',"
                + " TIMESTAMPTZ '2026-11-23 02:00:00+00', FALSE);"
                + " UPDATE " + TARGET + " SET is_deleted = TRUE WHERE id = 2500");

        VerifyReport report = verify(ISSUES, 50);

        assertFalse(report.equal());
        assertEquals(new KeysFound(1, List.of(700L)), report.found(Difference.MISSING));
        assertEquals(new KeysFound(1, List.of(5000L)), report.found(Difference.EXTRA));
        assertEquals(new KeysFound(1, List.of(10L)), report.found(Difference.STALE));
        assertEquals(new KeysFound(1, List.of(2500L)), report.found(Difference.WRONGLY_FLAGGED));
        assertTrue(report.rangesFetched() <= 4, "one leaf per difference at most: " + report.rangesFetched());
        assertTrue(report.rangesCompared() <= 1 + 4 * 2 * 16, "ranges compared: " + report.rangesCompared());
    }

    @Test
    void aNonUniqueKeyWithoutUpdatedAtIsComparedByItsRowCount() throws Exception {
        createCommits();
        String target = "tap_postgres.\"GITLAB_DB_MERGE_REQUEST_DIFF_COMMITS\"";
        warehouseSql("CREATE TABLE " + target + " (merge_request_diff_id BIGINT, relative_order INTEGER,"
                + " authored_date TIMESTAMP, _uploaded_at TIMESTAMPTZ);"
                + " INSERT INTO " + target + " SELECT d, o, TIMESTAMP '2024-01-01',"
                + " TIMESTAMPTZ '2026-11-24 02:00:00+00' FROM range(1, 201) t(d), range(0, d % 3 + 1) u(o)"
                + " WHERE NOT (d = 8 AND o = 2)");

        VerifyReport report = verify(COMMITS, 10);

        assertFalse(report.updatedAtCompared());
        assertEquals(200, report.source().keys());
        assertEquals(401, report.source().rows());
        assertEquals(new KeysFound(1, List.of(8L)), report.found(Difference.STALE), "key 8 lost one of its 3 rows");
    }

    /**
     * A row moved from one key to another (a commit recorded under the next diff): the totals of keys, rows and key
     * sums stay the same, so only the row-weighted key sum tells.
     */
    @Test
    void aRowMovedToAnotherKeyIsAlwaysADifference() throws Exception {
        createCommits();
        String target = "tap_postgres.\"GITLAB_DB_MERGE_REQUEST_DIFF_COMMITS\"";
        warehouseSql("CREATE TABLE " + target + " (merge_request_diff_id BIGINT, relative_order INTEGER,"
                + " authored_date TIMESTAMP, _uploaded_at TIMESTAMPTZ);"
                + " INSERT INTO " + target + " SELECT d, o, TIMESTAMP '2024-01-01',"
                + " TIMESTAMPTZ '2026-11-24 02:00:00+00' FROM range(1, 201) t(d), range(0, d % 3 + 1) u(o);"
                // diff 5 has 3 rows, diff 6 one: one row of 5 recorded under 6
                + " UPDATE " + target + " SET merge_request_diff_id = 6, relative_order = 1"
                + " WHERE merge_request_diff_id = 5 AND relative_order = 2");

        VerifyReport report = verify(COMMITS, 1_000);

        assertFalse(report.equal(), report.toString());
        assertEquals(new KeysFound(2, List.of(5L, 6L)), report.found(Difference.STALE));
    }

    /** A NULL updated_at and 1970-01-01 00:00 add the same zero to the sum; the count of those present tells. */
    @Test
    void aNullUpdatedAtIsNotTheEpoch() throws Exception {
        sourceSql("UPDATE issues SET updated_at = NULL WHERE id = 22");
        warehouseSql("UPDATE " + TARGET + " SET updated_at = TIMESTAMPTZ '1970-01-01 00:00:00+00' WHERE id = 22");

        VerifyReport report = verify(ISSUES, 10_000);

        assertFalse(report.equal(), report.toString());
        assertEquals(new KeysFound(1, List.of(22L)), report.found(Difference.STALE));
    }

    private void createCommits() throws Exception {
        sourceSql("CREATE TABLE merge_request_diff_commits (merge_request_diff_id bigint, relative_order integer,"
                + " authored_date timestamp, PRIMARY KEY (merge_request_diff_id, relative_order));"
                + " INSERT INTO merge_request_diff_commits SELECT d, o, timestamp '2024-01-01'"
                + " FROM generate_series(1, 200) d, generate_series(0, d % 3) o");
    }

    @Test
    void aTargetNotYetLoadedIsAnErrorNamingIt() throws Exception {
        createCommits();
        UnverifiableTableException e = assertThrows(UnverifiableTableException.class, () -> verify(COMMITS, 10));
        assertEquals("table 'merge_request_diff_commits': tap_postgres.GITLAB_DB_MERGE_REQUEST_DIFF_COMMITS is not in"
                + " the warehouse; load it first", e.getMessage());
    }

    @Test
    void theCommandPrintsJsonAndExitsThreeWhenTheSidesDiffer() throws Exception {
        warehouse.close();
        Path manifest = Files.writeString(dir.resolve("manifest.yaml"), """
                tables:
                  issues:
                    export_schema: 'gitlab_com'
                    export_table: 'issues'
                    export_table_primary_key: id
                    import_db: GITLAB_DB
                    additional_filtering: AND project_id <> 13
                    import_query: |-
                      SELECT id, project_id, updated_at FROM issues
                      WHERE updated_at BETWEEN '{BEGIN_TIMESTAMP}'::timestamp AND '{END_TIMESTAMP}'::timestamp
                """);
        Path config = Files.writeString(dir.resolve("extract.yaml"), """
                source:    { url: "%s", user: postgres }
                metadata:  { url: "%s", schema: saas_db_metadata }
                staging:   "%s"
                warehouse: { url: "jdbc:duckdb:%s" }
                """.formatted(TestPostgres.jdbcUrl(sourceDatabase), TestPostgres.jdbcUrl(TestPostgres.newDatabase()),
                dir.resolve("staging").toUri(), warehouseFile));
        String[] files = {"--manifest", manifest.toString(), "--config", config.toString()};

        assertEquals(ExtractCli.OK, run(files, "verify", "--table", "issues").exitCode());
        sourceSql("DELETE FROM issues WHERE id IN (3, 4)");
        Run json = run(files, "verify", "--table", "issues", "--json", "--leaf-keys", "100");
        Run text = run(files, "verify", "--table", "issues");

        assertEquals(ExtractCli.RUNTIME_FAILURE, json.exitCode(), json.err());
        JsonNode view = new ObjectMapper().readTree(json.out());
        assertEquals(List.of("table", "target", "equal", "updated_at_compared", "source", "warehouse",
                "ranges_compared", "ranges_fetched", "missing", "extra", "stale", "wrongly_flagged"),
                iterable(view.fieldNames()));
        assertEquals("GITLAB_DB_ISSUES", view.get("target").asText());
        assertFalse(view.get("equal").asBoolean());
        assertEquals(2997, view.get("source").get("keys").asLong());
        assertEquals(2999, view.get("warehouse").get("keys").asLong());
        assertEquals(1, view.get("ranges_fetched").asLong());
        assertEquals("{\"count\":2,\"first_keys\":[3,4]}", view.get("extra").toString());
        assertEquals("{\"count\":0,\"first_keys\":[]}", view.get("missing").toString());
        assertEquals(ExtractCli.RUNTIME_FAILURE, text.exitCode());
        assertTrue(text.out().contains("extra:           2 (in the warehouse (not flagged deleted), not in the"
                + " source), first keys: 3, 4"), text.out());
        assertEquals(2, run(files, "verify", "--table", "issues", "--segments", "1").exitCode());
    }

    private static List<String> iterable(java.util.Iterator<String> names) {
        List<String> list = new java.util.ArrayList<>();
        names.forEachRemaining(list::add);
        return list;
    }

    private record Run(int exitCode, String out, String err) {
    }

    private static Run run(String[] files, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(args), java.util.Arrays.stream(files))
                .toArray(String[]::new);
        int code = ExtractCli.run(all, Map.of(), new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }
}
