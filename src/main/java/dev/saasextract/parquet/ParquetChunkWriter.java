package dev.saasextract.parquet;

import static java.util.Objects.requireNonNull;

import dev.saasextract.schema.ColumnSpec;
import dev.saasextract.stage.StagedOutputStream;
import java.io.IOException;
import java.util.List;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the rows of a chunk as one Parquet file (ZSTD) into a staged object, without Hadoop at runtime. Each
 * {@link #writeCopyTuple} copies a binary COPY tuple straight into Parquet's column buffers; only the row group being
 * built is held in memory.
 *
 * <p>A failed write discards the file (the partial record cannot be finished), so after any exception the
 * caller only needs {@code close()} or {@link #abort()}, both of which then do nothing.
 */
public final class ParquetChunkWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ParquetChunkWriter.class);

    /**
     * A writer buffers about one row group, so this bounds the heap every file open at once takes together; 128 MiB
     * per writer pushed the RSS to 580–860 MB (STACK.md). Concurrent writers share it: see {@link #rowGroupBytes}.
     */
    public static final long ROW_GROUP_BUDGET_BYTES = 32L * 1024 * 1024;
    /** Smaller row groups would only add footer and seek overhead for the readers of the files. */
    static final long MIN_ROW_GROUP_BYTES = 8L * 1024 * 1024;
    static final int PAGE_BYTES = 1024 * 1024;
    /** A column whose dictionary outgrows this falls back to plain encoding for the rest of the row group. */
    static final int DICTIONARY_PAGE_BYTES = 1024 * 1024;
    /**
     * Level 1 rather than zstd's default 3: measured on 1M rows of ci_job_artifacts, 25 % less CPU for the encoding
     * thread for 5 % larger files, which only wait in staging until the load. On two cores shared with the server the
     * CPU is the bottleneck.
     */
    static final int ZSTD_LEVEL = 1;

    private enum State { OPEN, CLOSED, ABORTED }

    private final StagedOutputStream out;
    private final StagedOutputFile file;
    private final ZstdCodecFactory codecs;
    private final ColumnarFileWriter writer;
    private final CopyTupleRecord copyTupleRecord;
    private long rowCount;
    private State state = State.OPEN;

    private ParquetChunkWriter(StagedOutputStream out, StagedOutputFile file, ZstdCodecFactory codecs,
            ColumnarFileWriter writer, List<ColumnSpec> columns) {
        this.out = out;
        this.file = file;
        this.codecs = codecs;
        this.writer = writer;
        this.copyTupleRecord = new CopyTupleRecord(columns);
    }

    /**
     * @param columns   the source columns; field {@code i} of every COPY tuple written is {@code columns.get(i)}
     * @param constants columns appended after the source columns, with the same value on every row
     */
    public static ParquetChunkWriter open(StagedOutputStream out, List<ColumnSpec> columns,
            List<ConstantColumn> constants) throws IOException {
        return open(out, columns, constants, ROW_GROUP_BUDGET_BYTES);
    }

    /** The row-group size of each of {@code concurrentWriters} files written at once, within the shared budget. */
    public static long rowGroupBytes(int concurrentWriters) {
        if (concurrentWriters < 1) {
            throw new IllegalArgumentException("concurrent writers must be at least 1, got " + concurrentWriters);
        }
        return Math.max(MIN_ROW_GROUP_BYTES, ROW_GROUP_BUDGET_BYTES / concurrentWriters);
    }

    /** As {@link #open(StagedOutputStream, List, List)} with another row-group size. */
    public static ParquetChunkWriter open(StagedOutputStream out, List<ColumnSpec> columns, List<ConstantColumn> constants,
            long rowGroupBytes) throws IOException {
        requireNonNull(out, "out is null");
        requireNonNull(columns, "columns is null");
        requireNonNull(constants, "constants is null");
        ZstdCodecFactory codecs = null;
        try {
            ChunkWriteSupport writeSupport = new ChunkWriteSupport(columns, constants);
            StagedOutputFile file = new StagedOutputFile(out);
            codecs = new ZstdCodecFactory(ZSTD_LEVEL);
            ParquetProperties.Builder properties = ParquetProperties.builder()
                    .withPageSize(PAGE_BYTES)
                    .withDictionaryPageSize(DICTIONARY_PAGE_BYTES)
                    .withDictionaryEncoding(false)
                    .withStatisticsEnabled(false)
                    .withSizeStatisticsEnabled(false);
            for (String path : DictionaryEncoding.dictionaryColumns(constants)) {
                properties.withDictionaryEncoding(path, true);
            }
            ColumnarFileWriter writer = new ColumnarFileWriter(file, writeSupport, properties.build(),
                    codecs.getCompressor(CompressionCodecName.ZSTD), rowGroupBytes);
            return new ParquetChunkWriter(out, file, codecs, writer, List.copyOf(columns));
        } catch (IOException | RuntimeException e) {
            if (codecs != null) {
                codecs.release();
            }
            out.abort();
            throw e;
        }
    }

    /**
     * Appends one tuple of Postgres' binary COPY format (int16 field count, then per field int32 length, -1 for NULL,
     * and the value in the type's binary send format), as {@code COPY … TO STDOUT (FORMAT binary)} sends it, header
     * and trailer excluded. Columns of kind TEXT must arrive as text (cast in the COPY's query). Parquet may keep
     * slices of {@code tuple}: the caller must not change it afterwards. On failure the file is discarded.
     */
    public void writeCopyTuple(byte[] tuple) throws IOException {
        write(copyTupleRecord.at(tuple));
    }

    /** Appends the row {@code record} holds. On failure the file is discarded (see the class comment). */
    void write(SourceRecord record) throws IOException {
        if (state != State.OPEN) {
            throw new IllegalStateException("cannot write: the chunk writer is already " + state);
        }
        try {
            writer.write(record);
        } catch (IOException | RuntimeException e) {
            abort();
            throw e;
        }
        rowCount++;
    }

    public long rowCount() {
        return rowCount;
    }

    /** Bytes handed to the staged stream so far: whole row groups while writing, the file size after close. */
    public long bytesWritten() {
        return file.bytesWritten();
    }

    /** Writes the last row group and the footer, then closes {@code out}, which publishes the object. */
    @Override
    public void close() throws IOException {
        if (state != State.OPEN) {
            return;
        }
        state = State.CLOSED;
        try {
            writer.close();
        } catch (IOException | RuntimeException e) {
            out.abort();
            throw e;
        } finally {
            codecs.release();
        }
        LOG.debug("wrote Parquet chunk: {} rows, {} bytes", rowCount, bytesWritten());
    }

    /** Drops what was written and aborts {@code out}. Never throws; does nothing after a successful close. */
    public void abort() {
        if (state != State.OPEN) {
            return;
        }
        state = State.ABORTED;
        writer.abort();
        codecs.release();
        out.abort();
    }
}
