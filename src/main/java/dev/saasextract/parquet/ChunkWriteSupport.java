package dev.saasextract.parquet;

import dev.saasextract.schema.ColumnSpec;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;

/**
 * Writes the current row of a ResultSet as one Parquet record: source columns in JDBC order, then the constants.
 * Parquet's {@code write(T)} cannot throw SQLException, so a failed read leaves as {@link SourceReadException}.
 */
final class ResultSetWriteSupport extends WriteSupport<ResultSet> {
    private static final String WRITER_NAME = "saas-extract";

    private final MessageType schema;
    private final ColumnSpec[] columns;
    private final ValueWriter[] writers;
    private final ConstantValues.EncodedValue[] constants;
    private final Field[] fields;
    private RecordConsumer out;

    ResultSetWriteSupport(List<ColumnSpec> columns, List<ConstantColumn> constants) {
        int total = columns.size() + constants.size();
        this.columns = columns.toArray(ColumnSpec[]::new);
        this.writers = new ValueWriter[columns.size()];
        this.constants = new ConstantValues.EncodedValue[constants.size()];
        this.fields = new Field[total];
        for (int i = 0; i < columns.size(); i++) {
            writers[i] = ValueWriters.forType(columns.get(i).name(), columns.get(i).type());
            fields[i] = new Field(columns.get(i).name(), i);
        }
        for (int j = 0; j < constants.size(); j++) {
            this.constants[j] = ConstantValues.encode(constants.get(j));
            fields[columns.size() + j] = new Field(constants.get(j).column().name(), columns.size() + j);
        }
        this.schema = ParquetSchemas.toMessageType(
                Stream.concat(columns.stream(), constants.stream().map(ConstantColumn::column)).toList());
    }

    MessageType schema() {
        return schema;
    }

    @Override
    public WriteContext init(ParquetConfiguration configuration) {
        return new WriteContext(schema, Map.of());
    }

    /** Parquet's Hadoop entry point; never called, since the writer is built with a ParquetConfiguration. */
    @Deprecated
    @Override
    public WriteContext init(Configuration configuration) {
        throw new UnsupportedOperationException("this writer runs without Hadoop; use a ParquetConfiguration");
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
        this.out = recordConsumer;
    }

    @Override
    public String getName() {
        return WRITER_NAME;
    }

    @Override
    public void write(ResultSet row) {
        out.startMessage();
        for (int i = 0; i < writers.length; i++) {
            try {
                writers[i].write(row, i + 1, out, fields[i]);
            } catch (SQLException e) {
                throw new SourceReadException(columns[i], e);
            }
        }
        for (int j = 0; j < constants.length; j++) {
            constants[j].write(out, fields[writers.length + j]);
        }
        out.endMessage();
    }

    /** A column of the source row could not be read; carries the SQLException out of Parquet's write path. */
    static final class SourceReadException extends RuntimeException {
        SourceReadException(ColumnSpec column, SQLException cause) {
            super("cannot read column " + column.name() + " (" + column.type().sourceName() + ") of the source row: "
                    + cause.getMessage(), cause);
        }
    }
}
