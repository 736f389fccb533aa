package dev.saasextract.parquet;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.util.Map;
import org.apache.parquet.column.ColumnWriteStore;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.compression.CompressionCodecFactory.BytesInputCompressor;
import org.apache.parquet.hadoop.ColumnChunkPageWriteStore;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.schema.MessageType;

/**
 * Parquet's file-level writing (row groups cut at a byte budget, page stores, footer) around a
 * {@link FlatRecordConsumer}, which ParquetWriter cannot be given: it always builds the general record consumer.
 */
final class ColumnarFileWriter {
    /** Asking the column store for its buffered size walks every column: once per this many records is enough. */
    static final int SIZE_CHECK_RECORDS = 1_000;
    /** No row group padding: staged objects are not block-aligned files. */
    private static final int MAX_PADDING_BYTES = 0;

    private final ParquetFileWriter file;
    private final ChunkWriteSupport writeSupport;
    private final ParquetProperties properties;
    private final BytesInputCompressor compressor;
    private final long rowGroupBytes;
    private ColumnChunkPageWriteStore pages;
    private ColumnWriteStore columns;
    private long recordsInRowGroup;
    private int rowGroups;

    ColumnarFileWriter(OutputFile out, ChunkWriteSupport writeSupport, ParquetProperties properties,
            BytesInputCompressor compressor, long rowGroupBytes) throws IOException {
        this.writeSupport = requireNonNull(writeSupport, "writeSupport is null");
        this.properties = requireNonNull(properties, "properties is null");
        this.compressor = requireNonNull(compressor, "compressor is null");
        this.rowGroupBytes = rowGroupBytes;
        this.file = new ParquetFileWriter(out, writeSupport.schema(), ParquetFileWriter.Mode.OVERWRITE, rowGroupBytes,
                MAX_PADDING_BYTES, null, properties);
        file.start();
        startRowGroup();
    }

    void write(SourceRecord record) throws IOException {
        writeSupport.write(record);
        recordsInRowGroup++;
        if (recordsInRowGroup % SIZE_CHECK_RECORDS == 0 && columns.getBufferedSize() >= rowGroupBytes) {
            flushRowGroup();
            startRowGroup();
        }
    }

    /** Writes the last row group and the footer. */
    void close() throws IOException {
        try {
            flushRowGroup();
            file.end(Map.of(ParquetWriter.OBJECT_MODEL_NAME_PROP, writeSupport.getName()));
        } finally {
            release();
        }
    }

    /** Frees the buffers of the row group being built; the file is left unfinished. */
    void abort() {
        release();
    }

    private void startRowGroup() {
        MessageType schema = writeSupport.schema();
        pages = ColumnChunkPageWriteStore.builder()
                .withSchema(schema)
                .withCompressorProvider(column -> compressor)
                .withAllocator(properties.getAllocator())
                .withColumnIndexTruncateLength(properties.getColumnIndexTruncateLength())
                .withPageWriteChecksumEnabled(properties.getPageWriteChecksumEnabled())
                .withRowGroupOrdinal(rowGroups)
                .build();
        columns = properties.newColumnWriteStore(schema, pages, pages);
        writeSupport.prepareForWrite(new FlatRecordConsumer(schema, columns));
        recordsInRowGroup = 0;
    }

    private void flushRowGroup() throws IOException {
        if (recordsInRowGroup > 0) {
            file.startBlock(recordsInRowGroup);
            columns.flush();
            pages.flushToFileWriter(file);
            file.endBlock();
            rowGroups++;
        }
        release();
    }

    private void release() {
        if (columns != null) {
            columns.close();
            pages.close();
            columns = null;
            pages = null;
        }
    }
}
