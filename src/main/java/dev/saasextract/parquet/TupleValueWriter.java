package dev.saasextract.parquet;

import org.apache.parquet.io.api.RecordConsumer;

/** Copies one non-NULL field of a binary COPY tuple (Postgres' binary send format) into the record being written. */
@FunctionalInterface
interface TupleValueWriter {

    /** The value is {@code data[offset, offset + length)}; the array is never changed, so Parquet may keep slices. */
    void write(byte[] data, int offset, int length, RecordConsumer out, Field field);
}
