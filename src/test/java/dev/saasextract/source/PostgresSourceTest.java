package dev.saasextract.source;

import static dev.saasextract.source.Specs.table;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saasextract.errors.InvalidInputException;
import dev.saasextract.errors.ManifestException;
import dev.saasextract.manifest.TableSpec;
import dev.saasextract.schema.ColumnSpec;
import dev.saasextract.schema.ColumnType;
import dev.saasextract.schema.ColumnType.Kind;
import dev.saasextract.testing.TestPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TimeZone;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PostgresSourceTest {
    private static final String ISSUES_WINDOW =
            "WHERE updated_at BETWEEN '{BEGIN_TIMESTAMP}'::timestamp AND '{END_TIMESTAMP}'::timestamp";

    private DataSource dataSource;
    private PostgresSource source;

    @BeforeEach
    void freshDatabase() {
        dataSource = TestPostgres.dataSource(TestPostgres.newDatabase());
        source = new PostgresSource(dataSource, 500);
    }

    @Test
    void describesColumnsWithoutRunningTheQuery() throws SQLException {
        execute("CREATE EXTENSION citext",
                "CREATE TYPE mood AS ENUM ('happy', 'sad')",
                "CREATE TABLE t (id bigserial PRIMARY KEY, small int2, amount numeric(12,3), ratio numeric, "
                        + "flag bool, title varchar(10), email citext, data bytea, due date, at_time time, "
                        + "created_at timestamp, updated_at timestamptz, settings jsonb, token uuid, tags text[], "
                        + "feeling mood, took interval)",
                "INSERT INTO t (id) VALUES (1)");

        List<ColumnSpec> columns = source.describe(
                "SELECT t.*, EXTRACT(EPOCH FROM created_at) AS epoch, 1 / (id - id) AS would_fail FROM t");

        assertEquals(List.of(
                column("id", ColumnType.of(Kind.BIGINT, "bigserial")),
                column("small", ColumnType.of(Kind.SMALLINT, "int2")),
                column("amount", ColumnType.decimal(12, 3, "numeric")),
                column("ratio", ColumnType.decimal(38, 9, "numeric")),
                column("flag", ColumnType.of(Kind.BOOLEAN, "bool")),
                column("title", ColumnType.of(Kind.TEXT, "varchar")),
                column("email", ColumnType.of(Kind.TEXT, "citext")),
                column("data", ColumnType.of(Kind.BYTES, "bytea")),
                column("due", ColumnType.of(Kind.DATE, "date")),
                column("at_time", ColumnType.of(Kind.TIME, "time")),
                column("created_at", ColumnType.of(Kind.TIMESTAMP, "timestamp")),
                column("updated_at", ColumnType.of(Kind.TIMESTAMPTZ, "timestamptz")),
                column("settings", ColumnType.of(Kind.JSON, "jsonb")),
                column("token", ColumnType.of(Kind.UUID, "uuid")),
                column("tags", ColumnType.array(ColumnType.of(Kind.TEXT, "text"), "_text")),
                column("feeling", ColumnType.of(Kind.TEXT, "mood")),
                column("took", ColumnType.of(Kind.TEXT, "interval")),
                column("epoch", ColumnType.decimal(38, 9, "numeric")),
                column("would_fail", ColumnType.of(Kind.BIGINT, "int8"))), columns);
    }

    @Test
    void describeRejectsNumericTheWarehouseCannotHold() throws SQLException {
        execute("CREATE TABLE t (id int, storage_size numeric(50,2))");

        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> source.describe("SELECT id, storage_size FROM t"));
        assertTrue(e.getMessage().startsWith("column 'storage_size': numeric(50,2)"), e.getMessage());
    }

    @Test
    void describeRejectsAColumnNameReturnedTwice() throws SQLException {
        execute("CREATE TABLE a (id int)", "CREATE TABLE b (id int)");

        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> source.describe("SELECT a.id, b.id FROM a JOIN b ON a.id = b.id"));
        assertEquals("query returns column 'id' more than once; give it an alias", e.getMessage());
    }

    @Test
    void requiresTheKeyToBeAnIntegerColumnOfTheQuery() throws SQLException {
        execute("CREATE TABLE issues (id int4, iid int8, title text)");
        TableSpec issues = table("issues", "SELECT id, iid, title FROM issues");
        List<ColumnSpec> columns = source.describe(SourceQueries.fullRangeQuery(issues));

        PostgresSource.requireKey(columns, issues);
        PostgresSource.requireKey(columns, Specs.withKey(issues, "iid"));
        ManifestException missing = assertThrows(ManifestException.class,
                () -> PostgresSource.requireKey(columns, Specs.withKey(issues, "project_id")));
        assertEquals("table 'issues': export_table_primary_key: column 'project_id' is not returned by import_query "
                + "(it returns: id, iid, title)", missing.getMessage());
        ManifestException text = assertThrows(ManifestException.class,
                () -> PostgresSource.requireKey(columns, Specs.withKey(issues, "title")));
        assertEquals("table 'issues': export_table_primary_key: column 'title' is of type text; the chunking key "
                + "must be an integer column", text.getMessage());
    }

    @Test
    void tellsANullableKeyColumnFromANotNullColumnAndAnExpression() throws SQLException {
        execute("CREATE TABLE diffs (id int8 PRIMARY KEY, merge_request_id int8 NOT NULL, commit_id int8)");
        String query = SourceQueries.fullRangeQuery(table("diffs", "SELECT id, merge_request_id, commit_id,"
                + " id + 1 AS next_id, d.commit_id AS via_alias FROM diffs AS d"));

        assertTrue(source.isNullableTableColumn(query, "commit_id"));
        assertTrue(source.isNullableTableColumn(query, "via_alias"));
        assertFalse(source.isNullableTableColumn(query, "id"));
        assertFalse(source.isNullableTableColumn(query, "merge_request_id"));
        assertFalse(source.isNullableTableColumn(query, "next_id"), "Postgres does not say for an expression");
        assertFalse(source.isNullableTableColumn(query, "absent"));
    }

    @Test
    void chunksCoverEveryRowOnceAndNeverSplitAKeyValue() throws SQLException {
        // 25,000 rows in random physical order; key values repeat, and key 5000 alone holds 2,500 rows.
        execute("CREATE TABLE merge_request_diff_commits (merge_request_diff_id int NOT NULL, relative_order int, sha text)",
                "INSERT INTO merge_request_diff_commits SELECT CASE WHEN g <= 10000 THEN g / 7 "
                        + "WHEN g <= 12500 THEN 5000 ELSE 6000 + g / 3 END, g, md5(g::text) "
                        + "FROM generate_series(1, 25000) AS g ORDER BY random()");
        TableSpec commits = Specs.withKey(table("merge_request_diff_commits",
                "SELECT merge_request_diff_id, relative_order, sha FROM merge_request_diff_commits"),
                "merge_request_diff_id");
        String base = SourceQueries.fullRangeQuery(commits);

        Map<Integer, Integer> chunkOfRow = new HashMap<>();
        Map<Long, Set<Integer>> chunksOfKey = new HashMap<>();
        List<Long> chunkSizes = readAllChunks(base, "merge_request_diff_id", 1_000, (chunk, fields) -> {
            int relativeOrder = (int) TupleFields.integer(fields.get(1));
            assertTrue(chunkOfRow.put(relativeOrder, chunk) == null, "row read twice");
            chunksOfKey.computeIfAbsent(TupleFields.integer(fields.get(0)), k -> new HashSet<>()).add(chunk);
        });

        assertEquals(25_000, chunkOfRow.size());
        assertTrue(chunksOfKey.values().stream().allMatch(chunks -> chunks.size() == 1), "a key value was split");
        assertTrue(chunkSizes.subList(0, chunkSizes.size() - 1).stream().allMatch(size -> size >= 1_000),
                "chunk sizes " + chunkSizes);
        assertTrue(chunkSizes.stream().anyMatch(size -> size >= 2_500), "the 2,500-row key must stay whole");
        assertTrue(chunkSizes.size() >= 20 && chunkSizes.size() <= 25, "chunk count " + chunkSizes.size());
    }

    @Test
    void chunkAndBoundaryQueriesWalkTheKeyIndexWithoutSorting() throws SQLException {
        execute("CREATE TABLE issues (id bigint PRIMARY KEY, author_id int, updated_at timestamp, title text)",
                "INSERT INTO issues SELECT g, g % 100, timestamp '2020-01-01' + g * interval '1 hour', md5(g::text) "
                        + "FROM generate_series(1, 25000) AS g",
                "ANALYZE issues");
        String base = SourceQueries.fullRangeQuery(table("issues",
                "SELECT id, author_id, updated_at, title FROM issues " + ISSUES_WINDOW, "AND author_id <> 7"));

        List<PreparedQuery> queries = List.of(
                ChunkQueries.chunk(base, "id", OptionalLong.of(10_000L), 11_000L),
                ChunkQueries.nextBoundary(base, "id", OptionalLong.empty(), 25_000L, 1_000L),
                ChunkQueries.nextBoundary(base, "id", OptionalLong.of(10_000L), 25_000L, 1_000L));

        for (PreparedQuery query : queries) {
            String plan = explain(query);
            assertTrue(plan.contains("Index Scan using issues_pkey"), plan);
            assertFalse(plan.contains("Sort"), plan);
        }
    }

    @Test
    void readsInAReadOnlyTransaction() throws SQLException {
        execute("CREATE SEQUENCE s");
        AtomicReference<String> readOnly = new AtomicReference<>();

        long rows = source.readChunk("SELECT current_setting('transaction_read_only') AS ro, 1::bigint AS id", "id",
                OptionalLong.empty(), 1L, tuple -> readOnly.set(TupleFields.text(TupleFields.of(tuple).get(0))));

        assertEquals(1, rows);
        assertEquals("on", readOnly.get());
        SourceReadException write = assertThrows(SourceReadException.class,
                () -> source.maxKey("SELECT nextval('s') AS id", "id"));
        assertTrue(write.getMessage().startsWith("source Postgres, reading max(id): ERROR: cannot execute nextval() "
                + "in a read-only transaction"), write.getMessage());
    }

    /** pgjdbc gives the session the JVM's zone, and the window's literals are UTC cast to timestamp. */
    @Test
    void readsInUtcWhateverTheJvmsTimeZone() throws SQLException {
        execute("CREATE TABLE builds (id bigint PRIMARY KEY, updated_at timestamptz)",
                "INSERT INTO builds VALUES (1, '2026-11-25 03:00+00'), (2, '2026-11-25 06:00+00')");
        List<String> rows = new ArrayList<>();
        TimeZone jvmZone = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("America/New_York"));
        try {
            source.readChunk("SELECT id, current_setting('TimeZone') AS zone FROM builds WHERE updated_at"
                    + " BETWEEN '2026-11-25T02:30:00'::timestamp AND '2026-11-25T04:00:00'::timestamp", "id",
                    OptionalLong.empty(), 10L, tuple -> rows.add(TupleFields.integer(TupleFields.of(tuple).get(0))
                            + " " + TupleFields.text(TupleFields.of(tuple).get(1))));
        } finally {
            TimeZone.setDefault(jvmZone);
        }

        assertEquals(List.of("1 UTC"), rows, "read in New York's zone, the window would be 07:30-09:00 UTC");
    }

    @Test
    void namesTheKeyRangeWhenAChunkFails() {
        SourceReadException e = assertThrows(SourceReadException.class, () -> source.readChunk(
                "SELECT id FROM missing_table", "id", OptionalLong.of(100L), 200L, tuple -> { }));

        assertTrue(e.getMessage().startsWith("source Postgres, reading chunk id in (100, 200]: ERROR: relation "
                + "\"missing_table\" does not exist"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    }

    @Test
    void fullRangeReadIgnoresTheTimeWindowButHonoursAdditionalFiltering() throws SQLException {
        // 3,000 issues updated over ten years; author 8311087 wrote every tenth one.
        execute("CREATE TABLE issues (id int PRIMARY KEY, author_id int, created_at timestamptz, updated_at timestamp)",
                "INSERT INTO issues SELECT g, CASE WHEN g % 10 = 0 THEN 8311087 ELSE g % 50 END, now(), "
                        + "timestamp '2016-01-01' + g * interval '29 hours' FROM generate_series(1, 3000) AS g");
        String query = "SELECT id, author_id, updated_at FROM issues " + ISSUES_WINDOW;
        TableSpec issues = table("issues", query, "AND created_at NOT IN ('0001-01-01 00:00:00+00') "
                + "AND author_id NOT IN (8311087)");
        assertEquals(30, count(query.replace("{BEGIN_TIMESTAMP}", "2017-01-01").replace("{END_TIMESTAMP}", "2017-02-06")),
                "the window alone limits the rows");

        Set<Integer> ids = new HashSet<>();
        AtomicLong excludedAuthor = new AtomicLong();
        readAllChunks(SourceQueries.fullRangeQuery(issues), "id", 1_000, (chunk, fields) -> {
            ids.add((int) TupleFields.integer(fields.get(0)));
            if (TupleFields.integer(fields.get(1)) == 8311087) {
                excludedAuthor.incrementAndGet();
            }
        });

        assertEquals(2_700, ids.size());
        assertEquals(0, excludedAuthor.get());
    }

    @Test
    void emptySourceHasNoMaxKey() throws SQLException {
        execute("CREATE TABLE issues (id int)");

        assertEquals(OptionalLong.empty(), source.maxKey("SELECT id FROM issues", "id"));
    }

    @FunctionalInterface
    private interface ChunkRowHandler {
        void row(int chunk, List<byte[]> fields) throws Exception;
    }

    /**
     * Drives the source the way a load does: fixed max, boundary after boundary. Returns each chunk's row count. The
     * key must be the query's first column.
     */
    private List<Long> readAllChunks(String base, String key, long chunkRows, ChunkRowHandler handler) {
        long max = source.maxKey(base, key).orElseThrow();
        List<Long> sizes = new ArrayList<>();
        OptionalLong after = OptionalLong.empty();
        while (after.isEmpty() || after.getAsLong() < max) {
            long upper = source.nextBoundary(base, key, after, max, chunkRows).orElse(max);
            int chunk = sizes.size();
            long lower = after.orElse(Long.MIN_VALUE);
            AtomicLong previousKey = new AtomicLong(Long.MIN_VALUE);
            sizes.add(source.readChunk(base, key, after, upper, tuple -> {
                List<byte[]> fields = TupleFields.of(tuple);
                long value = TupleFields.integer(fields.get(0));
                assertTrue(value > lower && value <= upper, "key " + value + " outside (" + lower + ", " + upper + "]");
                assertTrue(value >= previousKey.getAndSet(value), "rows not in key order");
                handler.row(chunk, fields);
            }));
            after = OptionalLong.of(upper);
        }
        return sizes;
    }

    private String explain(PreparedQuery query) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("EXPLAIN " + query.sql())) {
            for (int i = 0; i < query.parameters().size(); i++) {
                ps.setObject(i + 1, query.parameters().get(i));
            }
            StringBuilder plan = new StringBuilder();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    plan.append(rs.getString(1)).append('\n');
                }
            }
            return plan.toString();
        }
    }

    private long count(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM (" + sql + ") AS src")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void execute(String... statements) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        }
    }

    private static ColumnSpec column(String name, ColumnType type) {
        return new ColumnSpec(name, type);
    }
}
