package dev.saasextract.parquet;

import org.apache.parquet.io.api.RecordConsumer;

/**
 * The source columns of the row being written, as one read path holds them. Implementations are reused from row
 * to row, so writing a row allocates no record object.
 */
interface SourceRecord {

    /** Writes source column {@code i} into {@code fields[i]}, leaving out NULLs. */
    void writeColumns(RecordConsumer out, Field[] fields);
}
