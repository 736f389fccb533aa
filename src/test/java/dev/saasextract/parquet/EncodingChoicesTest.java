package dev.saasextract.parquet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saasextract.schema.ColumnSpec;
import dev.saasextract.schema.ColumnType;
import dev.saasextract.schema.ColumnType.Kind;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The writer's speed choices: text copied as raw bytes, and dictionary encoding only where values repeat. */
class EncodingChoicesTest {
    private static final List<ColumnSpec> COLUMNS = List.of(
            new ColumnSpec("id", ColumnType.of(Kind.BIGINT, "int8")),
            new ColumnSpec("state", ColumnType.of(Kind.SMALLINT, "int2")),
            new ColumnSpec("name", ColumnType.of(Kind.TEXT, "varchar")),
            new ColumnSpec("code", ColumnType.of(Kind.TEXT, "bpchar")),
            new ColumnSpec("body", ColumnType.of(Kind.TEXT, "text")),
            new ColumnSpec("created_at", ColumnType.of(Kind.TIMESTAMP, "timestamp")));
    private static final String SELECT = "SELECT id, state, name, code, body, created_at FROM t ORDER BY id";

    @TempDir
    Path dir;

    @ParameterizedTest(name = "binary transfer: {0}")
    @ValueSource(booleans = {false, true})
    void textOfEveryTextTypeReadsBackAsPostgresPrintsIt(boolean binaryTransfer) throws Exception {
        Path file = dir.resolve("text.parquet");
        try (ChunkFixture fixture = ChunkFixture.newSource(binaryTransfer)) {
            createTable(fixture, 50);
            fixture.execute("INSERT INTO t VALUES (0, NULL, 'ünï ☃ 𝄞', 'ab', E'tab\\there', NULL),"
                    + " (-1, 1, '', '', NULL, NULL)");
            fixture.writeChunk(SELECT, COLUMNS, file).close();

            try (Connection duckDb = DriverManager.getConnection("jdbc:duckdb:")) {
                assertEquals(strings(fixture.source(), "SELECT name, code, body FROM t ORDER BY id"),
                        strings(duckDb, "SELECT name, code, body FROM read_parquet('" + file
                                + "') ORDER BY id"));
            }
        }
    }

    @Test
    void onlyTheConstantColumnsGetADictionary() throws Exception {
        Path file = dir.resolve("dictionary.parquet");
        ConstantColumn task = new ConstantColumn(new ColumnSpec("_task_instance", ColumnType.of(ColumnType.Kind.TEXT,
                "text")), "run-1");
        try (ChunkFixture fixture = ChunkFixture.newSource(true)) {
            createTable(fixture, 1000);
            fixture.writeChunk(SELECT, COLUMNS, List.of(task), file, ParquetChunkWriter.ROW_GROUP_BUDGET_BYTES).close();

            try (Connection duckDb = DriverManager.getConnection("jdbc:duckdb:")) {
                Map<String, String> encodings = encodings(duckDb, file);
                for (String column : List.of("id", "created_at", "state", "name")) {
                    assertFalse(encodings.get(column).contains("DICTIONARY"), column + ": " + encodings);
                }
                assertTrue(encodings.get("_task_instance").contains("DICTIONARY"), encodings.toString());
            }
        }
    }

    private static void createTable(ChunkFixture fixture, int rows) throws SQLException {
        fixture.execute("CREATE TABLE t (id bigint primary key, state smallint, name varchar(40), code char(4),"
                + " body text, created_at timestamp)");
        fixture.execute("INSERT INTO t SELECT g, g % 3, 'name-' || (g % 5), 'c' || (g % 2), repeat('x', g % 7),"
                + " timestamp '2024-01-01' + g * interval '1 second' FROM generate_series(1, " + rows
                + ") g");
    }

    private static List<List<String>> strings(Connection connection, String query) throws SQLException {
        List<List<String>> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(query)) {
            int width = result.getMetaData().getColumnCount();
            while (result.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= width; i++) {
                    row.add(result.getString(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    private static Map<String, String> encodings(Connection duckDb, Path file) throws SQLException {
        Map<String, String> encodings = new LinkedHashMap<>();
        try (Statement statement = duckDb.createStatement();
                ResultSet rows = statement.executeQuery("SELECT path_in_schema, encodings FROM parquet_metadata('"
                        + file + "')")) {
            while (rows.next()) {
                encodings.merge(rows.getString(1), rows.getString(2), (a, b) -> a + "," + b);
            }
        }
        return encodings;
    }
}
