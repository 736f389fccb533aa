package dev.saasextract.parquet;

import static java.util.Objects.requireNonNull;

import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;

/**
 * A Parquet field of the group being written, and the one place that wraps a value in startField/endField. An
 * OPTIONAL field that is SQL NULL is simply never started.
 */
record Field(String name, int index) {
    Field {
        requireNonNull(name, "name is null");
    }

    void start(RecordConsumer out) {
        out.startField(name, index);
    }

    void end(RecordConsumer out) {
        out.endField(name, index);
    }

    void writeInt(RecordConsumer out, int value) {
        start(out);
        out.addInteger(value);
        end(out);
    }

    void writeLong(RecordConsumer out, long value) {
        start(out);
        out.addLong(value);
        end(out);
    }

    void writeFloat(RecordConsumer out, float value) {
        start(out);
        out.addFloat(value);
        end(out);
    }

    void writeDouble(RecordConsumer out, double value) {
        start(out);
        out.addDouble(value);
        end(out);
    }

    void writeBoolean(RecordConsumer out, boolean value) {
        start(out);
        out.addBoolean(value);
        end(out);
    }

    void writeBinary(RecordConsumer out, Binary value) {
        start(out);
        out.addBinary(value);
        end(out);
    }
}
