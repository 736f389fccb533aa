package dev.saasextract.load;

import dev.saasextract.metadata.MetadataRow;
import dev.saasextract.metadata.MetadataStore;
import dev.saasextract.parquet.ParquetChunkWriter;
import dev.saasextract.stage.StagedOutputStream;
import dev.saasextract.stage.StagingStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes the Parquet files of an export and records each one in the metadata DB as soon as it is staged; reads back
 * which files a load has recorded. Shared by the keyset export (backfill, by-id, deletes) and the streamed export
 * (regular incremental and snapshot loads).
 */
final class StagedFiles {
    private final StagingStore stage;
    private final MetadataStore metadata;
    private final Clock clock;
    private final ToolColumnValues toolColumns;

    StagedFiles(StagingStore stage, MetadataStore metadata, Clock clock, ToolColumnValues toolColumns) {
        this.stage = stage;
        this.metadata = metadata;
        this.clock = clock;
        this.toolColumns = toolColumns;
    }

    /** Starts a file; nothing is visible under {@code key} until {@link File#finish} succeeds. */
    File open(ExportRequest request, String key) {
        Instant uploadedAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        try {
            StagedOutputStream out = stage.create(key);
            try {
                return new File(request, key, uploadedAt,
                        ParquetChunkWriter.open(out, request.columns(), toolColumns.valuesAt(uploadedAt)));
            } catch (IOException | RuntimeException e) {
                out.abort();
                throw e;
            }
        } catch (IOException e) {
            throw failure(request, key, e);
        }
    }

    /** The files this load has recorded across all its runs; a file recorded twice counts once, as last written. */
    StagedExport recorded(ExportRequest request, long maxKey) {
        Map<String, MetadataRow> byFile = new LinkedHashMap<>();
        for (MetadataRow row : metadata.rowsOfLoad(request.metadataTable(), request.spec().target(),
                request.initialLoadStart())) {
            if (row.uploadFileName() != null) {
                byFile.remove(row.uploadFileName());
                byFile.put(row.uploadFileName(), row);
            }
        }
        long expected = byFile.values().stream().mapToLong(MetadataRow::chunkRowCount).sum();
        long lastKey = byFile.values().stream().mapToLong(MetadataRow::lastExtractedId).max().orElse(0);
        return new StagedExport(request.initialLoadStart(), byFile.keySet().stream().toList(), expected, lastKey,
                maxKey);
    }

    private static UncheckedIOException failure(ExportRequest request, String key, IOException e) {
        return new UncheckedIOException("table " + request.spec().target() + ": cannot stage " + key + ": "
                + e.getMessage(), e);
    }

    /** One file being written. */
    final class File {
        private final ExportRequest request;
        private final String key;
        private final Instant uploadedAt;
        private final ParquetChunkWriter writer;

        private File(ExportRequest request, String key, Instant uploadedAt, ParquetChunkWriter writer) {
            this.request = request;
            this.key = key;
            this.uploadedAt = uploadedAt;
            this.writer = writer;
        }

        void write(ResultSet row) throws IOException {
            writer.write(row);
        }

        /** One binary COPY tuple, as {@code PostgresSource.TupleHandler} receives it. */
        void write(byte[] tuple) throws IOException {
            writer.writeCopyTuple(tuple);
        }

        long rows() {
            return writer.rowCount();
        }

        String key() {
            return key;
        }

        /** Publishes the file, then records it with the key range it covers. */
        void finish(long lastKey, long maxKey) {
            try {
                writer.close();
            } catch (IOException e) {
                throw failure(request, key, e);
            }
            metadata.append(request.metadataTable(), new MetadataRow(request.spec().importDb(),
                    request.spec().target(), request.initialLoadStart(), uploadedAt, key, lastKey, maxKey, false,
                    writer.rowCount()));
        }

        void abort() {
            writer.abort();
        }
    }
}
