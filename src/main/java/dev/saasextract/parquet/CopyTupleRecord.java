package dev.saasextract.parquet;

import dev.saasextract.schema.ColumnSpec;
import java.util.List;
import org.apache.parquet.io.api.RecordConsumer;

/**
 * A tuple of Postgres' binary COPY format: int16 field count, then per field an int32 length (-1 for NULL) and that
 * many bytes of the type's binary send format. Field {@code i} is source column {@code i}.
 */
final class CopyTupleRecord implements SourceRecord {
    private static final int FIELD_COUNT_BYTES = 2;

    private final TupleValueWriter[] writers;
    private byte[] tuple;

    CopyTupleRecord(List<ColumnSpec> columns) {
        this.writers = new TupleValueWriter[columns.size()];
        for (int i = 0; i < writers.length; i++) {
            writers[i] = TupleValueWriters.forType(columns.get(i).name(), columns.get(i).type());
        }
    }

    CopyTupleRecord at(byte[] current) {
        this.tuple = current;
        return this;
    }

    @Override
    public void writeColumns(RecordConsumer out, Field[] fields) {
        int fieldCount = BigEndian.int16(tuple, 0);
        if (fieldCount != writers.length) {
            throw new IllegalStateException("a binary COPY tuple has " + fieldCount + " fields, but the chunk has "
                    + writers.length + " source columns");
        }
        int position = FIELD_COUNT_BYTES;
        for (int i = 0; i < writers.length; i++) {
            int length = BigEndian.int32(tuple, position);
            position += Integer.BYTES;
            if (length >= 0) {
                writers[i].write(tuple, position, length, out, fields[i]);
                position += length;
            }
        }
    }
}
