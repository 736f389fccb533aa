package dev.saasextract.parquet;

import dev.saasextract.schema.ColumnSpec;
import java.util.List;
import java.util.stream.Stream;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;

/** Writes one Parquet record: the source columns, from whichever read path the row came, then the constants. */
final class ChunkWriteSupport {
    private static final String WRITER_NAME = "saas-extract";

    private final MessageType schema;
    private final ConstantValues.EncodedValue[] constants;
    /** The source columns' fields, then the constants'. */
    private final Field[] fields;
    private final int sourceColumns;
    private RecordConsumer out;

    ChunkWriteSupport(List<ColumnSpec> columns, List<ConstantColumn> constants) {
        this.sourceColumns = columns.size();
        this.constants = new ConstantValues.EncodedValue[constants.size()];
        this.fields = new Field[columns.size() + constants.size()];
        for (int i = 0; i < columns.size(); i++) {
            fields[i] = new Field(columns.get(i).name(), i);
        }
        for (int j = 0; j < constants.size(); j++) {
            this.constants[j] = ConstantValues.encode(constants.get(j));
            fields[sourceColumns + j] = new Field(constants.get(j).column().name(), sourceColumns + j);
        }
        this.schema = ParquetSchemas.toMessageType(
                Stream.concat(columns.stream(), constants.stream().map(ConstantColumn::column)).toList());
    }

    MessageType schema() {
        return schema;
    }

    void prepareForWrite(RecordConsumer recordConsumer) {
        this.out = recordConsumer;
    }

    String getName() {
        return WRITER_NAME;
    }

    void write(SourceRecord record) {
        out.startMessage();
        record.writeColumns(out, fields);
        for (int j = 0; j < constants.length; j++) {
            constants[j].write(out, fields[sourceColumns + j]);
        }
        out.endMessage();
    }
}
