package dev.saasextract.parquet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saasextract.schema.ColumnSpec;
import dev.saasextract.schema.ColumnType;
import dev.saasextract.source.PostgresSource;
import dev.saasextract.source.PreparedQuery;
import dev.saasextract.testing.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The same rows written through the ResultSet path (pgjdbc, binary transfer as production configures it) and the
 * binary COPY path must give the same Parquet file, byte for byte, and the same refusals.
 */
class CopyTupleDifferentialTest {
    static final String TABLE = """
            CREATE EXTENSION citext;
            CREATE TYPE mood AS ENUM ('happy', 'sad', 'ünïcode');
            CREATE TABLE every_type (id bigint PRIMARY KEY, i2 smallint, i4 integer, i8 bigint, n_small numeric(10,2),
              n_18 numeric(18,4), n_wide numeric(38,10), n_free numeric, f4 real, f8 double precision, b boolean,
              t text, vc varchar(20), bp char(5), nm name, ci citext, by bytea, d date, tm time, ts timestamp,
              tstz timestamptz, j json, jb jsonb, u uuid, iv interval, ip inet, feeling mood, ttz timetz, cash money,
              a_i4 integer[], a_t text[], a_bp char(3)[], a_n numeric(10,2)[], a_tstz timestamptz[], a_d date[],
              a_u uuid[], a_ip inet[], a_b boolean[], a_f8 float8[], a_jb jsonb[]);
            """;
    /** Row 3 is NULL everywhere but the key. */
    static final String ROWS = """
            INSERT INTO every_type VALUES
            (1, -32768, 2147483647, -9223372036854775808, 12345678.91, 99999999999999.9999,
             1234567890123456789012345678.0123456789, 12345678901234567890.123456789, 'NaN', 'Infinity', true,
             'grüße 🚀 "q" \\ back', 'varchar', 'ab', 'a_name', 'MiXeD', '\\x00ff0001', '0044-03-15 BC', '23:59:59.999999',
             '2024-02-29 13:45:12.123456', '2024-06-30 23:59:59.999999+05:30', '{"a": [1, 2.50, {"c": null}]}',
             '{"a": [1, 2.50, {"c": null}], "é": "ü"}', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '1 year 2 mons 3 days 04:05:06.7',
             '192.168.0.1/24', 'ünïcode', '13:45:12.5+05:30', 12.34,
             '{1,NULL,3}', '{"a",NULL,"","ü"}', '{"x",NULL}', '{1.50,NULL,-0.01}', '{"2020-01-01 00:00:00.000001+00",NULL}',
             '{"2000-01-01","0001-01-01 BC"}', '{"00000000-0000-0000-0000-000000000000"}', '{"::1",NULL}', '{t,f,NULL}',
             '{NaN,-Infinity,-0}', '{"{}","[1]"}'),
            (2, 32767, -2147483648, 9223372036854775807, -99999999.99, -0.0001, -9999999999999999999999999999.9999999999,
             0, '-Infinity', -1.7976931348623157e308, false, '', '', '', '', '', '\\x', '1970-01-01', '00:00:00',
             '1969-12-31 23:59:59.999999', '1900-01-01 00:00:00-08', '[]', '{}', 'ffffffff-ffff-ffff-ffff-ffffffffffff',
             '-00:00:01', '::ffff:1.2.3.4', 'sad', '00:00:00-12', -0.01,
             '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}'),
            (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
             NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
             NULL, NULL, NULL, NULL),
            (4, 0, 0, 0, 0.10, 1, 0.0000000001, -0.000000001, 1.5e-7, 4.9e-324, true, E'line1\\nline2\\ttab', 'x', 'abcde',
             'n', 'c', '\\x00', '5874897-12-31', '12:00:00.000001', '0100-01-01 00:00:00.000001 BC',
             '2038-01-19 03:14:08.5-03:30', '"just a string"', 'null', '00000000-0000-0000-0000-000000000001',
             '0', '10.0.0.0/8', 'happy', '24:00:00+00', 0, '{-2147483648,2147483647}', '{"x,y","{}"}', '{"   "}',
             '{99999999.99,-99999999.99}', '{"1969-07-20 20:17:40.123456-04"}', '{"4713-01-01 BC"}', '{NULL}',
             '{"2001:db8::/32"}', '{}', '{1.5}', '{NULL}');
            INSERT INTO every_type (id, n_small, ts, tstz, d)
              SELECT g, (g % 1000000)::numeric / 100, timestamp '2024-01-01' + g * interval '1.000001 second',
                     timestamptz '2024-01-01 00:00:00+00' - g * interval '1 day 1 microsecond', date '2000-01-01' - g
              FROM generate_series(5, 3000) g;
            """;

    @TempDir
    Path dir;

    private String database;
    private PostgresSource source;

    @BeforeEach
    void sourceAsProductionConfiguresIt() {
        database = TestPostgres.newDatabase();
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(TestPostgres.jdbcUrl(database));
        dataSource.setPrepareThreshold(-1);
        dataSource.setBinaryTransferDisable("TIMETZ");
        source = new PostgresSource(dataSource);
    }

    @Test
    void bothReadPathsWriteTheSameFileForEveryTypeAndEdgeValue() throws Exception {
        execute(TABLE + ROWS);
        String query = "SELECT * FROM every_type ORDER BY id";

        List<ColumnSpec> columns = source.describe(query);
        Path fromResultSet = writeThroughResultSet(query, columns);
        Path fromCopy = writeThroughCopy(query, columns);

        assertEquals(List.of(), columnsThatDiffer(fromResultSet, fromCopy, columns));
        assertEquals(3000, rowCount(fromCopy));
        assertArrayEquals(Files.readAllBytes(fromResultSet), Files.readAllBytes(fromCopy),
                "same values, same encodings, same statistics");
    }

    /** {@code declared}, when given as {@code p;s}, is the decimal the chunk is written as instead of the query's type. */
    @ParameterizedTest(name = "{1}::{0} as {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            numeric       | 'NaN'                              |
            numeric       | 'Infinity'                         |
            numeric       | '-Infinity'                        |
            numeric       | 1.0000000001                       |
            numeric       | 1e29                               |
            numeric       | 1.005                              | 10;2
            numeric       | -1000000.5                         | 7;1
            numeric       | 123456789012345678                 | 17;0
            numeric       | 0.00001                            | 18;4
            date          | 'infinity'                         |
            date          | '-infinity'                        |
            timestamp     | 'infinity'                         |
            timestamptz   | '-infinity'                        |
            timestamp     | '294276-12-31 23:59:59.999999'     |
            timestamp     | '294247-01-10 04:00:54.775807'     |
            timestamptz   | '294247-01-10 04:00:54.775807+00'  |
            time          | '24:00:00'                         |
            int[]         | '{{1,2},{3,4}}'                    |
            inet[]        | '{{::1},{::2}}'                    |
            """)
    void bothReadPathsRefuseTheSameValueNamingTheColumn(String type, String value, String declared) {
        String query = "SELECT 1::bigint AS id, " + value + "::" + type + " AS v";
        List<ColumnSpec> columns = source.describe(query);
        if (declared != null) {
            String[] digits = declared.split(";");
            columns = List.of(columns.get(0), new ColumnSpec("v", ColumnType.decimal(Integer.parseInt(digits[0]),
                    Integer.parseInt(digits[1]), "numeric")));
        }
        List<ColumnSpec> written = columns;

        UnrepresentableValueException fromResultSet = assertThrows(UnrepresentableValueException.class,
                () -> writeThroughResultSet(query, written));
        UnrepresentableValueException fromCopy = assertThrows(UnrepresentableValueException.class,
                () -> writeThroughCopy(query, written));

        assertTrue(fromCopy.getMessage().startsWith("column v: value "), fromCopy.getMessage());
        if (!type.endsWith("[]")) {
            assertEquals(fromResultSet.getMessage(), fromCopy.getMessage());
        }
        assertTrue(Files.notExists(dir.resolve("copy.parquet")), "a refused chunk leaves no file");
    }

    private Path writeThroughResultSet(String query, List<ColumnSpec> columns) throws Exception {
        Path file = dir.resolve("result_set.parquet");
        try (ParquetChunkWriter writer = ParquetChunkWriter.open(new LocalFileStagedOutputStream(file), columns,
                List.of())) {
            source.read("test", new PreparedQuery(query, List.of()), new JdbcRows(writer, columns)::write);
        }
        return file;
    }

    private Path writeThroughCopy(String query, List<ColumnSpec> columns) throws Exception {
        Path file = dir.resolve("copy.parquet");
        try (ParquetChunkWriter writer = ParquetChunkWriter.open(new LocalFileStagedOutputStream(file), columns,
                List.of())) {
            source.readInKeyOrder(query, "id", OptionalLong.empty(),
                    (key, tuple) -> writer.writeCopyTuple(tuple));
        }
        return file;
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = TestPostgres.dataSource(database).getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** Value for value, by key, through DuckDB: a readable diagnosis before the byte comparison. */
    private static List<String> columnsThatDiffer(Path expected, Path actual, List<ColumnSpec> columns)
            throws SQLException {
        List<String> differ = new ArrayList<>();
        try (Connection duckDb = DriverManager.getConnection("jdbc:duckdb:"); Statement s = duckDb.createStatement()) {
            for (ColumnSpec column : columns) {
                String name = "\"" + column.name() + "\"";
                String sql = "SELECT id, " + name + "::VARCHAR AS v FROM read_parquet('%s')";
                try (ResultSet rs = s.executeQuery("SELECT count(*), any_value(id) FROM ((" + sql.formatted(expected)
                        + " EXCEPT " + sql.formatted(actual) + ") UNION ALL (" + sql.formatted(actual) + " EXCEPT "
                        + sql.formatted(expected) + "))")) {
                    rs.next();
                    if (rs.getLong(1) > 0) {
                        differ.add(column.name() + " (e.g. id " + rs.getLong(2) + ")");
                    }
                }
            }
        }
        return differ;
    }

    private static long rowCount(Path file) throws SQLException {
        try (Connection duckDb = DriverManager.getConnection("jdbc:duckdb:"); Statement s = duckDb.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM read_parquet('" + file + "')")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
