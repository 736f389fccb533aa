package dev.saasextract.load;

import dev.saasextract.checkpoint.Checkpoint;
import dev.saasextract.checkpoint.Checkpoints;
import dev.saasextract.metadata.MetadataRow;
import dev.saasextract.metadata.MetadataStore;
import dev.saasextract.parquet.ParquetChunkWriter;
import dev.saasextract.stage.StagedOutputStream;
import dev.saasextract.stage.StagingStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;

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
    private final long rowGroupBytes;
    private final Checkpoints checkpoints;

    StagedFiles(StagingStore stage, MetadataStore metadata, Clock clock, ToolColumnValues toolColumns,
            long rowGroupBytes, Checkpoints checkpoints) {
        this.rowGroupBytes = rowGroupBytes;
        this.stage = stage;
        this.metadata = metadata;
        this.clock = clock;
        this.toolColumns = toolColumns;
        this.checkpoints = checkpoints;
    }

    /** Starts a file of a single-range export. */
    File open(ExportRequest request, String key) {
        return open(request, key, OptionalInt.empty());
    }

    /** Starts a file of {@code range}; nothing is visible under {@code key} until {@link File#finish} succeeds. */
    File open(ExportRequest request, String key, OptionalInt range) {
        checkpoints.reached(Checkpoint.CHUNK_BOUNDARY_FOUND);
        Instant uploadedAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        try {
            StagedOutputStream out = stage.create(key);
            try {
                return new File(request, key, range, uploadedAt,
                        ParquetChunkWriter.open(out, request.columns(),
                                toolColumns.valuesAt(uploadedAt, request.uploadedAt()), rowGroupBytes));
            } catch (IOException | RuntimeException e) {
                out.abort();
                throw e;
            }
        } catch (IOException e) {
            throw failure(request, key, e);
        }
    }

    /**
     * Records progress without a file: a ranged load has started (no range), or {@code range} ended without rows, so
     * that later runs see it finished.
     */
    void recordProgress(ExportRequest request, OptionalInt range, long lastKey, long maxKey) {
        metadata.append(request.metadataTable(), new MetadataRow(request.spec().importDb(), request.spec().target(),
                request.initialLoadStart(), clock.instant().truncatedTo(ChronoUnit.MILLIS), null, lastKey, maxKey,
                false, 0, range));
        checkpoints.reached(Checkpoint.RANGE_PROGRESS_RECORDED);
    }

    /**
     * The files this load has recorded across all its runs; a file recorded twice counts once, as last written. The
     * last key is the highest a file or a range's progress row reached (not the "ranged load started" row); with
     * none, the key the export started after (a load by id that found no new key is complete up to where it began).
     */
    StagedExport recorded(ExportRequest request, long maxKey) {
        Map<String, MetadataRow> byFile = new LinkedHashMap<>();
        OptionalLong lastKey = OptionalLong.empty();
        for (MetadataRow row : metadata.rowsOfLoad(request.metadataTable(), request.spec().target(),
                request.initialLoadStart())) {
            if (row.uploadFileName() != null) {
                byFile.remove(row.uploadFileName());
                byFile.put(row.uploadFileName(), row);
            }
            if (row.uploadFileName() != null || row.rangeIndex().isPresent()) {
                long key = row.lastExtractedId();
                lastKey = OptionalLong.of(lastKey.isPresent() ? Math.max(lastKey.getAsLong(), key) : key);
            }
        }
        long expected = byFile.values().stream().mapToLong(MetadataRow::chunkRowCount).sum();
        return new StagedExport(request.initialLoadStart(), byFile.keySet().stream().toList(), expected,
                lastKey.orElse(request.startAfter().orElse(0)), maxKey);
    }

    private static UncheckedIOException failure(ExportRequest request, String key, IOException e) {
        return new UncheckedIOException("table " + request.spec().target() + ": cannot stage " + key + ": "
                + e.getMessage(), e);
    }

    /** One file being written. */
    final class File {
        private final ExportRequest request;
        private final String key;
        private final OptionalInt range;
        private final Instant uploadedAt;
        private final ParquetChunkWriter writer;

        private File(ExportRequest request, String key, OptionalInt range, Instant uploadedAt,
                ParquetChunkWriter writer) {
            this.request = request;
            this.key = key;
            this.range = range;
            this.uploadedAt = uploadedAt;
            this.writer = writer;
        }

        /**
         * One binary COPY tuple, as {@code PostgresSource.TupleHandler} receives it. A staging failure is unchecked, so
         * that the source read it happens inside does not take it for a failure of its own.
         */
        void write(byte[] tuple) {
            try {
                writer.writeCopyTuple(tuple);
            } catch (IOException e) {
                throw failure(request, key, e);
            }
            reachedAfterFirstRow();
        }

        private void reachedAfterFirstRow() {
            if (writer.rowCount() == 1) {
                checkpoints.reached(Checkpoint.FILE_PARTLY_WRITTEN);
            }
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
                checkpoints.reached(Checkpoint.CHUNK_READ); // a lost lock stops the run here
            } catch (RuntimeException e) {
                writer.abort(); // nothing else ends this file: its temp file and zstd context would stay
                throw e;
            }
            try {
                writer.close();
            } catch (IOException e) {
                throw failure(request, key, e);
            }
            checkpoints.reached(Checkpoint.FILE_PUBLISHED);
            metadata.append(request.metadataTable(), new MetadataRow(request.spec().importDb(),
                    request.spec().target(), request.initialLoadStart(), uploadedAt, key, lastKey, maxKey, false,
                    writer.rowCount(), range));
            checkpoints.reached(Checkpoint.FILE_RECORDED);
        }

        void abort() {
            writer.abort();
        }
    }
}
