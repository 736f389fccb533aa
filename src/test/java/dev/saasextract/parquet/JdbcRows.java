package dev.saasextract.parquet;

import dev.saasextract.schema.ColumnSpec;
import java.io.IOException;
import java.sql.ResultSet;
import java.util.List;

/**
 * The tests' reference encoder: writes JDBC rows through a {@link ParquetChunkWriter}, each value read the way pgjdbc
 * reads it ({@link ValueWriters}). The production path decodes binary COPY tuples instead; the differential tests
 * hold the two to the same files, and the type tests use this one to write rows from plain SQL.
 */
final class JdbcRows {
    private final ParquetChunkWriter writer;
    private final ResultSetRecord record;

    /** @param columns the writer's source columns; JDBC column {@code i + 1} of every row is {@code columns.get(i)} */
    JdbcRows(ParquetChunkWriter writer, List<ColumnSpec> columns) {
        this.writer = writer;
        this.record = new ResultSetRecord(columns);
    }

    /** Appends the current row of {@code row}; a value the driver cannot read fails as an IOException naming it. */
    void write(ResultSet row) throws IOException {
        try {
            writer.write(record.at(row));
        } catch (ResultSetRecord.SourceReadException e) {
            throw new IOException(e.getMessage(), e.getCause());
        }
    }
}
