package dev.saasextract.parquet;

import dev.saasextract.schema.ColumnSpec;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.apache.parquet.io.api.RecordConsumer;

/**
 * The current row of a JDBC ResultSet, column {@code i + 1} being source column {@code i}. Parquet's
 * {@code write(T)} cannot throw SQLException, so a failed read leaves as {@link SourceReadException}.
 */
final class ResultSetRecord implements SourceRecord {
    private final ColumnSpec[] columns;
    private final ValueWriter[] writers;
    private ResultSet row;

    ResultSetRecord(List<ColumnSpec> columns) {
        this.columns = columns.toArray(ColumnSpec[]::new);
        this.writers = new ValueWriter[columns.size()];
        for (int i = 0; i < writers.length; i++) {
            writers[i] = ValueWriters.forType(columns.get(i).name(), columns.get(i).type());
        }
    }

    ResultSetRecord at(ResultSet current) {
        this.row = current;
        return this;
    }

    @Override
    public void writeColumns(RecordConsumer out, Field[] fields) {
        for (int i = 0; i < writers.length; i++) {
            try {
                writers[i].write(row, i + 1, out, fields[i]);
            } catch (SQLException e) {
                throw new SourceReadException(columns[i], e);
            }
        }
    }

    /** A column of the source row could not be read; carries the SQLException out of Parquet's write path. */
    static final class SourceReadException extends RuntimeException {
        SourceReadException(ColumnSpec column, SQLException cause) {
            super("cannot read column " + column.name() + " (" + column.type().sourceName() + ") of the source row: "
                    + cause.getMessage(), cause);
        }
    }
}
