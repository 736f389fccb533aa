package dev.saasextract.parquet;

import static dev.saasextract.schema.ColumnType.Kind.BIGINT;
import static dev.saasextract.schema.ColumnType.Kind.BOOLEAN;
import static dev.saasextract.schema.ColumnType.Kind.BYTES;
import static dev.saasextract.schema.ColumnType.Kind.DATE;
import static dev.saasextract.schema.ColumnType.Kind.DOUBLE;
import static dev.saasextract.schema.ColumnType.Kind.INTEGER;
import static dev.saasextract.schema.ColumnType.Kind.JSON;
import static dev.saasextract.schema.ColumnType.Kind.REAL;
import static dev.saasextract.schema.ColumnType.Kind.SMALLINT;
import static dev.saasextract.schema.ColumnType.Kind.TEXT;
import static dev.saasextract.schema.ColumnType.Kind.TIME;
import static dev.saasextract.schema.ColumnType.Kind.TIMESTAMP;
import static dev.saasextract.schema.ColumnType.Kind.TIMESTAMPTZ;
import static dev.saasextract.schema.ColumnType.Kind.UUID;
import static java.util.stream.Collectors.joining;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.saasextract.schema.ColumnSpec;
import dev.saasextract.schema.ColumnType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Postgres is the source and the oracle, DuckDB's read_parquet reads the file back: every value must match. */
class ParquetChunkWriterRoundTripTest {

    /** A source column: its Postgres DDL type, the ColumnType the extractor gives it, and DuckDB's reading of it. */
    private record SourceColumn(String name, String ddl, ColumnType type, String duckDbType) {
        ColumnSpec spec() {
            return new ColumnSpec(name, type);
        }
    }

    private static final List<SourceColumn> COLUMNS = List.of(
            new SourceColumn("id", "bigint primary key", ColumnType.of(BIGINT, "int8"), "BIGINT"),
            new SourceColumn("small_col", "smallint", ColumnType.of(SMALLINT, "int2"), "SMALLINT"),
            new SourceColumn("int_col", "integer", ColumnType.of(INTEGER, "int4"), "INTEGER"),
            new SourceColumn("big_col", "bigint", ColumnType.of(BIGINT, "int8"), "BIGINT"),
            new SourceColumn("dec_wide", "numeric(38,10)", ColumnType.decimal(38, 10, "numeric"), "DECIMAL(38,10)"),
            new SourceColumn("dec_narrow", "numeric(10,2)", ColumnType.decimal(10, 2, "numeric"), "DECIMAL(10,2)"),
            new SourceColumn("real_col", "real", ColumnType.of(REAL, "float4"), "FLOAT"),
            new SourceColumn("double_col", "double precision", ColumnType.of(DOUBLE, "float8"), "DOUBLE"),
            new SourceColumn("bool_col", "boolean", ColumnType.of(BOOLEAN, "bool"), "BOOLEAN"),
            new SourceColumn("text_col", "text", ColumnType.of(TEXT, "text"), "VARCHAR"),
            new SourceColumn("bytes_col", "bytea", ColumnType.of(BYTES, "bytea"), "BLOB"),
            new SourceColumn("json_col", "jsonb", ColumnType.of(JSON, "jsonb"), "JSON"),
            new SourceColumn("uuid_col", "uuid", ColumnType.of(UUID, "uuid"), "VARCHAR"),
            new SourceColumn("date_col", "date", ColumnType.of(DATE, "date"), "DATE"),
            new SourceColumn("time_col", "time", ColumnType.of(TIME, "time"), "TIME"),
            new SourceColumn("ts_col", "timestamp", ColumnType.of(TIMESTAMP, "timestamp"), "TIMESTAMP"),
            new SourceColumn("tstz_col", "timestamptz", ColumnType.of(TIMESTAMPTZ, "timestamptz"),
                    "TIMESTAMP WITH TIME ZONE"),
            new SourceColumn("int_array", "integer[]", ColumnType.array(ColumnType.of(INTEGER, "int4"), "_int4"),
                    "INTEGER[]"),
            new SourceColumn("text_array", "text[]", ColumnType.array(ColumnType.of(TEXT, "text"), "_text"),
                    "VARCHAR[]"),
            new SourceColumn("dec_array", "numeric(10,2)[]",
                    ColumnType.array(ColumnType.decimal(10, 2, "numeric"), "_numeric"), "DECIMAL(10,2)[]"),
            new SourceColumn("tstz_array", "timestamptz[]",
                    ColumnType.array(ColumnType.of(TIMESTAMPTZ, "timestamptz"), "_timestamptz"),
                    "TIMESTAMP WITH TIME ZONE[]"));

    /** One row per line, in COLUMNS order; row 3 is NULL everywhere but the key. */
    private static final String ROWS = """
            (1, -32768, 2147483647, -9223372036854775808,
             1234567890123456789012345678.0123456789, -12345678.99, 1.5e-7, 1.7976931348623157e308, true,
             'héllo ☃ "quoted" \\ back', '\\x00ff0001'::bytea, '{"a": {"b": [1, 2.50, {"c": null}]}, "d": "é"}',
             'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '0044-03-15 BC', '23:59:59.999999',
             '2024-02-29 13:45:12.123456', '2024-06-30 23:59:59.999999+05:30',
             '{1,NULL,3}', '{"a",NULL,""}', '{1.50,NULL,-0.01}', '{"2020-01-01 00:00:00.000001+00",NULL}'),
            (2, 32767, -2147483648, 9223372036854775807,
             -9999999999999999999999999999.9999999999, 0.01, -3.4028235e38, -0.0, false,
             '', '\\x'::bytea, '[]', '00000000-0000-0000-0000-000000000000', '1970-01-01', '00:00:00',
             '1969-12-31 23:59:59.999999', '1900-01-01 00:00:00-08', '{}', '{}', '{}', '{}'),
            (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
             NULL, NULL, NULL, NULL),
            (4, 0, 0, 0, -0.0000000001, -99999999.99, 'NaN', 'Infinity', true,
             'line1\nline2', '\\x00'::bytea, '"just a string"', 'ffffffff-ffff-ffff-ffff-ffffffffffff',
             '9999-12-31', '12:00:00.000001', '0100-01-01 00:00:00.000001 BC', '2038-01-19 03:14:08.5-03:30',
             '{-2147483648}', '{"x,y","{}"}', '{99999999.99}', '{"1969-07-20 20:17:40.123456-04"}')
            """;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "binary transfer: {0}")
    @ValueSource(booleans = {false, true})
    void everyKindReadsBackExactlyAsThePostgresValue(boolean binaryTransfer) throws Exception {
        Path file = dir.resolve("every_kind.parquet");
        String select = "SELECT " + COLUMNS.stream().map(SourceColumn::name).collect(joining(", "))
                + " FROM every_kind ORDER BY id";
        try (ChunkFixture fixture = ChunkFixture.newSource(binaryTransfer)) {
            fixture.execute("CREATE TABLE every_kind ("
                    + COLUMNS.stream().map(c -> c.name() + " " + c.ddl()).collect(joining(", ")) + ")");
            fixture.execute("INSERT INTO every_kind VALUES " + ROWS);

            ParquetChunkWriter writer = fixture.writeChunk(select,
                    COLUMNS.stream().map(SourceColumn::spec).toList(), file);

            assertEquals(4, writer.rowCount());
            assertEquals(Files.size(file), writer.bytesWritten());
            try (Connection duckDb = DriverManager.getConnection("jdbc:duckdb:")) {
                assertEquals(expectedDuckDbTypes(), duckDbTypes(duckDb, file));
                assertSameRows(fixture.source(), select, duckDb,
                        "SELECT * FROM read_parquet('" + file + "') ORDER BY id");
            }
        }
    }

    private static Map<String, String> expectedDuckDbTypes() {
        Map<String, String> types = new LinkedHashMap<>();
        COLUMNS.forEach(c -> types.put(c.name(), c.duckDbType()));
        return types;
    }

    static Map<String, String> duckDbTypes(Connection duckDb, Path file) throws SQLException {
        Map<String, String> types = new LinkedHashMap<>();
        try (Statement statement = duckDb.createStatement();
                ResultSet rows = statement.executeQuery("DESCRIBE SELECT * FROM read_parquet('" + file + "')")) {
            while (rows.next()) {
                types.put(rows.getString("column_name"), rows.getString("column_type"));
            }
        }
        return types;
    }

    private static void assertSameRows(Connection postgres, String postgresQuery, Connection duckDb, String duckDbQuery)
            throws SQLException {
        List<List<Object>> expected = readRows(postgres, postgresQuery);
        List<List<Object>> actual = readRows(duckDb, duckDbQuery);
        assertEquals(expected.size(), actual.size(), "row count");
        for (int row = 0; row < expected.size(); row++) {
            for (int column = 0; column < COLUMNS.size(); column++) {
                assertEquals(expected.get(row).get(column), actual.get(row).get(column),
                        "row " + (row + 1) + ", column " + COLUMNS.get(column).name());
            }
        }
    }

    private static List<List<Object>> readRows(Connection connection, String query) throws SQLException {
        List<List<Object>> rows = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(query);
                ResultSet result = statement.executeQuery()) {
            while (result.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 0; i < COLUMNS.size(); i++) {
                    row.add(comparable(result, i + 1, COLUMNS.get(i).type()));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    /**
     * The value through the typed getter both drivers support, in a form whose equals is exact: BigDecimal keeps
     * its scale, bytes become hex, timestamptz an Instant (DuckDB and pgjdbc pick different offsets).
     */
    private static Object comparable(ResultSet row, int index, ColumnType type) throws SQLException {
        return switch (type.kind()) {
            case SMALLINT, INTEGER, BIGINT -> row.getObject(index) == null ? null
                    : ((Number) row.getObject(index)).longValue();
            case DECIMAL -> row.getBigDecimal(index);
            case REAL, DOUBLE, BOOLEAN -> row.getObject(index);
            case TEXT, JSON, UUID -> row.getString(index);
            case BYTES -> row.getBytes(index) == null ? null : HexFormat.of().formatHex(row.getBytes(index));
            case DATE -> localDate(row, index);
            case TIME -> row.getObject(index, LocalTime.class);
            case TIMESTAMP -> row.getObject(index, LocalDateTime.class);
            case TIMESTAMPTZ -> row.getObject(index, OffsetDateTime.class) == null ? null
                    : row.getObject(index, OffsetDateTime.class).toInstant();
            case ARRAY -> elements(row.getArray(index));
        };
    }

    /**
     * DuckDB's getObject(i, LocalDate.class) drops the era (44 BC comes back as 44 AD) while its plain getObject is
     * right; pgjdbc's plain getObject is a java.sql.Date, which bends BC dates, and its LocalDate getter is right.
     */
    private static LocalDate localDate(ResultSet row, int index) throws SQLException {
        Object value = row.getObject(index);
        return value == null || value instanceof LocalDate ? (LocalDate) value : row.getObject(index, LocalDate.class);
    }

    private static List<Object> elements(Array array) throws SQLException {
        if (array == null) {
            return null;
        }
        List<Object> elements = new ArrayList<>();
        for (Object element : (Object[]) array.getArray()) {
            if (element instanceof Timestamp timestamp) {
                elements.add(timestamp.toInstant());
            } else if (element instanceof OffsetDateTime offsetDateTime) {
                elements.add(offsetDateTime.toInstant());
            } else {
                elements.add(element);
            }
        }
        return elements;
    }
}
