package dev.saasextract.parquet;

import static dev.saasextract.schema.ColumnType.Kind.BIGINT;
import static dev.saasextract.schema.ColumnType.Kind.BOOLEAN;
import static dev.saasextract.schema.ColumnType.Kind.DATE;
import static dev.saasextract.schema.ColumnType.Kind.INTEGER;
import static dev.saasextract.schema.ColumnType.Kind.TEXT;
import static dev.saasextract.schema.ColumnType.Kind.TIME;
import static dev.saasextract.schema.ColumnType.Kind.TIMESTAMP;
import static dev.saasextract.schema.ColumnType.Kind.TIMESTAMPTZ;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saasextract.schema.ColumnSpec;
import dev.saasextract.schema.ColumnType;
import dev.saasextract.schema.ToolColumns;
import dev.saasextract.schema.UploadedAtForm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParquetChunkWriterTest {
    private static final ColumnSpec ID = new ColumnSpec("id", ColumnType.of(BIGINT, "int8"));
    private static final ColumnSpec NAME = new ColumnSpec("name", ColumnType.of(TEXT, "text"));

    @TempDir
    Path dir;
    private ChunkFixture fixture;
    private Connection duckDb;

    @BeforeEach
    void connect() throws SQLException {
        fixture = ChunkFixture.newSource(true);
        duckDb = DriverManager.getConnection("jdbc:duckdb:");
    }

    @AfterEach
    void disconnect() throws SQLException {
        duckDb.close();
        fixture.close();
    }

    @Test
    void aSmallRowGroupSizeSplitsTheFileIntoRowGroupsThatAllReadBack() throws Exception {
        Path file = dir.resolve("big.parquet");
        String query = "SELECT g AS id, repeat(md5(g::text), 4) AS name FROM generate_series(1, 20000) g ORDER BY g";

        ParquetChunkWriter writer = fixture.writeChunk(query, List.of(ID, NAME), List.of(), file, 64 * 1024);

        assertEquals(20_000, writer.rowCount());
        assertTrue(queryLong("SELECT count(DISTINCT row_group_id) FROM parquet_metadata('" + file + "')") > 1,
                "expected several row groups");
        assertEquals(20_000, queryLong("SELECT count(*) FROM read_parquet('" + file + "')"));
        assertEquals(200_010_000, queryLong("SELECT sum(id) FROM read_parquet('" + file + "')"));
        assertEquals(20_000, queryLong("SELECT count(*) FROM read_parquet('" + file + "')"
                + " WHERE name = repeat(md5(id::varchar), 4)"));
    }

    /** The compressor hands out one reused buffer per page: every page of a column chunk must still read back. */
    @Test
    void everyPageOfAColumnChunkReadsBack() throws Exception {
        Path file = dir.resolve("pages.parquet");
        String query = "SELECT g AS id, repeat(md5(g::text), 4) AS name FROM generate_series(1, 50000) g ORDER BY g";

        fixture.writeChunk(query, List.of(ID, NAME), List.of(), file, ParquetChunkWriter.ROW_GROUP_BUDGET_BYTES);

        assertEquals(1, queryLong("SELECT count(DISTINCT row_group_id) FROM parquet_metadata('" + file + "')"));
        assertTrue(queryLong("SELECT total_uncompressed_size FROM parquet_metadata('" + file + "') WHERE"
                + " path_in_schema = 'name'") > 4L * ParquetChunkWriter.PAGE_BYTES, "several pages of names");
        assertEquals(1_250_025_000, queryLong("SELECT sum(id) FROM read_parquet('" + file + "')"));
        assertEquals(50_000, queryLong("SELECT count(*) FROM read_parquet('" + file + "')"
                + " WHERE name = repeat(md5(id::varchar), 4)"));
    }

    @Test
    void concurrentWritersShareTheRowGroupBudgetDownToAFloor() {
        assertEquals(ParquetChunkWriter.ROW_GROUP_BUDGET_BYTES, ParquetChunkWriter.rowGroupBytes(1));
        assertEquals(ParquetChunkWriter.ROW_GROUP_BUDGET_BYTES / 2, ParquetChunkWriter.rowGroupBytes(2));
        assertEquals(ParquetChunkWriter.MIN_ROW_GROUP_BYTES, ParquetChunkWriter.rowGroupBytes(64));
        assertThrows(IllegalArgumentException.class, () -> ParquetChunkWriter.rowGroupBytes(0));
    }

    @Test
    void theFileIsZstdCompressed() throws Exception {
        Path file = dir.resolve("codec.parquet");

        fixture.writeChunk("SELECT 1::bigint AS id, 'x' AS name", List.of(ID, NAME), file);

        assertEquals(1, queryLong("SELECT count(DISTINCT compression) FROM parquet_metadata('" + file + "')"
                + " WHERE compression = 'ZSTD'"));
        assertEquals(0, queryLong("SELECT count(*) FROM parquet_metadata('" + file + "') WHERE compression <> 'ZSTD'"));
    }

    @Test
    void constantColumnsFollowTheSourceColumnsWithTheSameValueOnEveryRow() throws Exception {
        Path file = dir.resolve("constants.parquet");
        Instant uploadedAt = Instant.parse("2026-11-24T01:00:00.123456Z");
        List<ConstantColumn> constants = List.of(
                new ConstantColumn(new ColumnSpec(ToolColumns.UPLOADED_AT, ColumnType.of(TIMESTAMPTZ, "timestamptz")),
                        uploadedAt),
                new ConstantColumn(new ColumnSpec(ToolColumns.TASK_INSTANCE, ColumnType.of(TEXT, "text")),
                        "extract__ci_builds__2026-11-24"),
                new ConstantColumn(new ColumnSpec(ToolColumns.IS_DELETED, ColumnType.of(BOOLEAN, "bool")), false));

        ParquetChunkWriter writer = fixture.writeChunk("SELECT g::bigint AS id, 'n' || g AS name"
                + " FROM generate_series(1, 3) g", List.of(ID, NAME), constants, file,
                ParquetChunkWriter.ROW_GROUP_BUDGET_BYTES);

        assertEquals(3, writer.rowCount());
        assertEquals(List.of("id", "name", "_uploaded_at", "_task_instance", "is_deleted"),
                List.copyOf(ParquetChunkWriterRoundTripTest.duckDbTypes(duckDb, file).keySet()));
        try (Statement statement = duckDb.createStatement();
                ResultSet rows = statement.executeQuery("SELECT _uploaded_at, _task_instance, is_deleted"
                        + " FROM read_parquet('" + file + "')")) {
            int count = 0;
            while (rows.next()) {
                count++;
                assertEquals(uploadedAt, rows.getObject(1, OffsetDateTime.class).toInstant());
                assertEquals("extract__ci_builds__2026-11-24", rows.getString(2));
                assertEquals(Boolean.FALSE, rows.getObject(3));
            }
            assertEquals(3, count);
        }
    }

    @Test
    void anEpochSecondsConstantIsADouble() throws Exception {
        Path file = dir.resolve("epoch.parquet");
        Instant uploadedAt = Instant.parse("2026-11-24T01:00:00.123456Z");
        List<ConstantColumn> constants = List.of(new ConstantColumn(UploadedAtForm.EPOCH_SECONDS.column(),
                UploadedAtForm.EPOCH_SECONDS.value(uploadedAt)));

        fixture.writeChunk("SELECT 1::bigint AS id, 'n' AS name", List.of(ID, NAME), constants, file,
                ParquetChunkWriter.ROW_GROUP_BUDGET_BYTES);

        assertEquals("DOUBLE", ParquetChunkWriterRoundTripTest.duckDbTypes(duckDb, file).get("_uploaded_at"));
        try (Statement statement = duckDb.createStatement();
                ResultSet rows = statement.executeQuery("SELECT _uploaded_at FROM read_parquet('" + file + "')")) {
            assertTrue(rows.next());
            assertEquals(1_795_482_000.123456, rows.getDouble(1), 1e-6);
        }
    }

    @Test
    void aConstantOfTheWrongJavaTypeIsRefusedBeforeAnythingIsWritten() throws Exception {
        LocalFileStagedOutputStream out = new LocalFileStagedOutputStream(dir.resolve("bad-constant.parquet"));
        ConstantColumn wrong = new ConstantColumn(
                new ColumnSpec(ToolColumns.UPLOADED_AT, ColumnType.of(TIMESTAMPTZ, "timestamptz")), "2026-11-24");

        var error = assertThrows(IllegalArgumentException.class,
                () -> ParquetChunkWriter.open(out, List.of(ID), List.of(wrong)));

        assertEquals("constant column _uploaded_at of kind TIMESTAMPTZ needs a java.time.Instant, got java.lang.String",
                error.getMessage());
        assertTrue(out.aborted());
        assertFalse(Files.exists(out.partial()));
    }

    @Test
    void aTimestampConstantFinerThanMicrosecondsIsRefused() throws Exception {
        LocalFileStagedOutputStream out = new LocalFileStagedOutputStream(dir.resolve("nanos.parquet"));
        ConstantColumn nanos = new ConstantColumn(
                new ColumnSpec(ToolColumns.UPLOADED_AT, ColumnType.of(TIMESTAMPTZ, "timestamptz")),
                Instant.parse("2026-11-24T01:00:00.123456789Z"));

        var error = assertThrows(IllegalArgumentException.class,
                () -> ParquetChunkWriter.open(out, List.of(ID), List.of(nanos)));

        assertTrue(error.getMessage().startsWith("constant column _uploaded_at: 2026-11-24T01:00:00.123456789Z has"
                + " sub-microsecond digits"), error.getMessage());
        assertTrue(out.aborted());
    }

    @Test
    void aValueTheDriverCannotConvertFailsWithTheColumnAndLeavesNoFile() throws Exception {
        Path file = dir.resolve("mismatch.parquet");
        LocalFileStagedOutputStream out = new LocalFileStagedOutputStream(file);
        ColumnSpec count = new ColumnSpec("count", ColumnType.of(INTEGER, "int4"));
        try (PreparedStatement statement = fixture.source().prepareStatement("SELECT 1::bigint, 'many'::text");
                ResultSet rows = statement.executeQuery();
                ParquetChunkWriter writer = ParquetChunkWriter.open(out, List.of(ID, count), List.of())) {
            assertTrue(rows.next());

            var error = assertThrows(IOException.class, () -> new JdbcRows(writer, List.of(ID, count)).write(rows));

            assertTrue(error.getMessage().startsWith("cannot read column count (int4) of the source row: "),
                    error.getMessage());
            assertInstanceOf(SQLException.class, error.getCause());
        }
        assertTrue(out.aborted());
        assertFalse(Files.exists(file));
    }

    @Test
    void abortLeavesNoFileAndEndsTheWriter() throws Exception {
        Path file = dir.resolve("aborted.parquet");
        LocalFileStagedOutputStream out = new LocalFileStagedOutputStream(file);
        ParquetChunkWriter writer = ParquetChunkWriter.open(out, List.of(ID, NAME), List.of(), 16 * 1024);
        try (PreparedStatement statement = fixture.source().prepareStatement(
                "SELECT g::bigint, md5(g::text) FROM generate_series(1, 5000) g");
                ResultSet rows = statement.executeQuery()) {
            JdbcRows jdbc = new JdbcRows(writer, List.of(ID, NAME));
            while (rows.next()) {
                jdbc.write(rows);
            }
            assertTrue(writer.bytesWritten() > 0, "row groups should already have reached the stage");

            writer.abort();
            writer.close();

            assertTrue(out.aborted());
            assertFalse(Files.exists(file));
            assertFalse(Files.exists(out.partial()));
            assertThrows(IllegalStateException.class, () -> jdbc.write(rows));
        }
    }

    @Test
    void aDecimalWithMoreDigitsThanItsScaleFailsNamingTheColumnAndLeavesNoFile() throws Exception {
        ColumnSpec amount = new ColumnSpec("amount", ColumnType.decimal(38, 10, "numeric"));

        var error = assertWriteFails("SELECT 1::bigint AS id, 1.00000000001::numeric AS amount", List.of(ID, amount));

        assertEquals("column amount: value 1.00000000001 has more than 10 digits after the point of numeric(38,10);"
                + " cast the column in import_query (e.g. amount::text) to extract it", error.getMessage());
    }

    @Test
    void aDecimalWithMoreDigitsThanItsPrecisionFails() throws Exception {
        ColumnSpec amount = new ColumnSpec("amount", ColumnType.decimal(5, 2, "numeric"));

        var error = assertWriteFails("SELECT 1::bigint AS id, 12345.6::numeric AS amount", List.of(ID, amount));

        assertTrue(error.getMessage().startsWith("column amount: value 12345.6 has more than 5 digits"),
                error.getMessage());
    }

    @Test
    void aNumericNaNFails() throws Exception {
        ColumnSpec amount = new ColumnSpec("amount", ColumnType.decimal(10, 2, "numeric"));

        var error = assertWriteFails("SELECT 1::bigint AS id, 'NaN'::numeric AS amount", List.of(ID, amount));

        assertTrue(error.getMessage().startsWith("column amount: value NaN is not a finite number"),
                error.getMessage());
    }

    @Test
    void infiniteTimestampsAndDatesFailNamingTheColumn() throws Exception {
        Map<String, ColumnSpec> cases = Map.of(
                "'infinity'::timestamp", new ColumnSpec("closed_at", ColumnType.of(TIMESTAMP, "timestamp")),
                "'-infinity'::timestamptz", new ColumnSpec("created_at", ColumnType.of(TIMESTAMPTZ, "timestamptz")),
                "'infinity'::date", new ColumnSpec("due_on", ColumnType.of(DATE, "date")));
        for (var entry : cases.entrySet()) {
            ColumnSpec column = entry.getValue();
            var error = assertWriteFails("SELECT 1::bigint AS id, " + entry.getKey() + " AS " + column.name(),
                    List.of(ID, column));

            assertTrue(error.getMessage().startsWith("column " + column.name() + ": value "
                    + (entry.getKey().startsWith("'-") ? "-infinity" : "infinity")), error.getMessage());
        }
    }

    @Test
    void midnightAtTheEndOfTheDayFails() throws Exception {
        ColumnSpec closesAt = new ColumnSpec("closes_at", ColumnType.of(TIME, "time"));

        var error = assertWriteFails("SELECT 1::bigint AS id, '24:00'::time AS closes_at", List.of(ID, closesAt));

        assertTrue(error.getMessage().startsWith("column closes_at: value 24:00:00"), error.getMessage());
    }

    @Test
    void aMultiDimensionalArrayFailsNamingTheColumn() throws Exception {
        ColumnSpec matrix = new ColumnSpec("matrix", ColumnType.array(ColumnType.of(INTEGER, "int4"), "_int4"));

        var error = assertWriteFails("SELECT 1::bigint AS id, '{{1,2},{3,4}}'::int[] AS matrix", List.of(ID, matrix));

        assertTrue(error.getMessage().startsWith("column matrix: value {{"), error.getMessage());
        assertTrue(error.getMessage().contains("multi-dimensional"), error.getMessage());
    }

    /** Writes a good row, then the query's row; the second write must fail and take the file with it. */
    private UnrepresentableValueException assertWriteFails(String query, List<ColumnSpec> columns) throws Exception {
        Path file = dir.resolve("failed.parquet");
        LocalFileStagedOutputStream out = new LocalFileStagedOutputStream(file);
        String fine = "SELECT 0::bigint" + ", NULL".repeat(columns.size() - 1);
        UnrepresentableValueException error;
        try (PreparedStatement statement = fixture.source().prepareStatement(fine + " UNION ALL " + query);
                ResultSet rows = statement.executeQuery();
                ParquetChunkWriter writer = ParquetChunkWriter.open(out, columns, List.of())) {
            JdbcRows jdbc = new JdbcRows(writer, columns);
            assertTrue(rows.next());
            jdbc.write(rows);
            assertTrue(rows.next());
            error = assertThrows(UnrepresentableValueException.class, () -> jdbc.write(rows));
            assertEquals(1, writer.rowCount());
        }
        assertTrue(out.aborted());
        assertFalse(Files.exists(file));
        assertFalse(Files.exists(out.partial()));
        return error;
    }

    private long queryLong(String sql) throws SQLException {
        try (Statement statement = duckDb.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            assertTrue(rows.next());
            return rows.getLong(1);
        }
    }
}
