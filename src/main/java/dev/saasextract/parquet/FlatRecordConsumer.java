package dev.saasextract.parquet;

import java.util.Arrays;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnWriteStore;
import org.apache.parquet.column.ColumnWriter;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;

/**
 * A RecordConsumer that writes straight into the column writers of the schemas {@link ParquetSchemas} builds: top-level
 * primitive fields and top-level three-level LISTs of primitives, every one OPTIONAL. Parquet's general consumer
 * (MessageColumnIO's) keeps a BitSet per group level of which fields were written and walks the column IO tree on
 * every call; profiled on ci_job_artifacts that bookkeeping was about a fifth of the encoding thread. Here the levels
 * are known in advance: a top-level value is written at repetition 0 and its column's maximum definition level, a
 * field left out of a record is one NULL at level 0, and a list follows the call sequence of {@link ListGroups}.
 *
 * <p>One consumer serves one row group: the column writers belong to that row group's store.
 */
final class FlatRecordConsumer extends RecordConsumer {
    /** Nesting while writing a list: in the record, in the list's group, in an element's group. */
    private static final int IN_RECORD = 0;
    private static final int IN_LIST = 1;
    private static final int IN_ELEMENT = 2;

    private final ColumnWriteStore store;
    /** By top-level field index: the field's only leaf column, and that leaf's maximum definition level. */
    private final ColumnWriter[] writers;
    private final int[] maxDefinitionLevels;
    /** The record in which each top-level field was last written; fields not stamped with the current one are NULL. */
    private final long[] writtenInRecord;
    private long record;

    private int field = -1;
    private int depth = IN_RECORD;
    private int elements;
    private boolean elementHasValue;

    FlatRecordConsumer(MessageType schema, ColumnWriteStore store) {
        this.store = store;
        int fields = schema.getFieldCount();
        this.writers = new ColumnWriter[fields];
        this.maxDefinitionLevels = new int[fields];
        this.writtenInRecord = new long[fields];
        Arrays.fill(writtenInRecord, -1);
        for (ColumnDescriptor column : schema.getColumns()) {
            int index = schema.getFieldIndex(column.getPath()[0]);
            if (writers[index] != null) {
                throw new IllegalArgumentException("field " + column.getPath()[0] + " has more than one leaf column;"
                        + " only primitives and lists of primitives are written");
            }
            writers[index] = store.getColumnWriter(column);
            maxDefinitionLevels[index] = column.getMaxDefinitionLevel();
        }
    }

    @Override
    public void startMessage() {
        record++;
    }

    @Override
    public void endMessage() {
        for (int i = 0; i < writers.length; i++) {
            if (writtenInRecord[i] != record) {
                writers[i].writeNull(0, 0);
            }
        }
        store.endRecord();
    }

    @Override
    public void startField(String name, int index) {
        if (depth == IN_RECORD) {
            field = index;
            writtenInRecord[index] = record;
        }
    }

    @Override
    public void endField(String name, int index) {
        // Nothing to do: values are written as they arrive and missing ones at the end of their group or record.
    }

    @Override
    public void startGroup() {
        if (depth == IN_RECORD) {
            if (maxDefinitionLevels[field] < 3) {
                throw new IllegalStateException("field " + field + " is not a list, but a group was started in it");
            }
            depth = IN_LIST;
            elements = 0;
        } else if (depth == IN_LIST) {
            depth = IN_ELEMENT;
            elementHasValue = false;
        } else {
            throw new IllegalStateException("groups nest at most two levels deep (list, element)");
        }
    }

    @Override
    public void endGroup() {
        int maxDefinition = maxDefinitionLevels[field];
        if (depth == IN_ELEMENT) {
            if (!elementHasValue) {
                writers[field].writeNull(repetitionLevel(), maxDefinition - 1);
            }
            elements++;
            depth = IN_LIST;
        } else if (depth == IN_LIST) {
            if (elements == 0) {
                writers[field].writeNull(0, maxDefinition - 2);
            }
            depth = IN_RECORD;
        } else {
            throw new IllegalStateException("endGroup without a group");
        }
    }

    /** The first value of a record's column starts a new record (0); later elements of a list repeat the list (1). */
    private int repetitionLevel() {
        return depth == IN_ELEMENT && elements > 0 ? 1 : 0;
    }

    private int valueLevel() {
        elementHasValue = true;
        return maxDefinitionLevels[field];
    }

    @Override
    public void addInteger(int value) {
        writers[field].write(value, repetitionLevel(), valueLevel());
    }

    @Override
    public void addLong(long value) {
        writers[field].write(value, repetitionLevel(), valueLevel());
    }

    @Override
    public void addBoolean(boolean value) {
        writers[field].write(value, repetitionLevel(), valueLevel());
    }

    @Override
    public void addBinary(Binary value) {
        writers[field].write(value, repetitionLevel(), valueLevel());
    }

    @Override
    public void addFloat(float value) {
        writers[field].write(value, repetitionLevel(), valueLevel());
    }

    @Override
    public void addDouble(double value) {
        writers[field].write(value, repetitionLevel(), valueLevel());
    }
}
