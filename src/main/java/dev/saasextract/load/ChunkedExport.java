package dev.saasextract.load;

import dev.saasextract.metadata.MetadataRow;
import dev.saasextract.metadata.MetadataStore;
import dev.saasextract.parquet.ParquetChunkWriter;
import dev.saasextract.source.PostgresSource;
import dev.saasextract.stage.StagedOutputStream;
import dev.saasextract.stage.StagingLayout;
import dev.saasextract.stage.StagingStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Streams a source query into Parquet files of about {@code chunkRows} rows each, cut on key order at key-value
 * boundaries, and writes one metadata row after every staged file, so an interrupted export resumes after the last
 * recorded key. Used by backfills, incremental-by-id loads and the deletes key export.
 */
final class ChunkedExport {
    private final PostgresSource source;
    private final StagingStore stage;
    private final MetadataStore metadata;
    private final Clock clock;
    private final long chunkRows;
    private final ToolColumnValues toolColumns;
    private final LoadListener listener;

    ChunkedExport(PostgresSource source, StagingStore stage, MetadataStore metadata, Clock clock, long chunkRows,
            ToolColumnValues toolColumns, LoadListener listener) {
        if (chunkRows < 1) {
            throw new IllegalArgumentException("chunk rows must be positive: " + chunkRows);
        }
        this.source = source;
        this.stage = stage;
        this.metadata = metadata;
        this.clock = clock;
        this.chunkRows = chunkRows;
        this.toolColumns = toolColumns;
        this.listener = listener;
    }

    StagedExport run(ExportRequest request) {
        String key = request.spec().primaryKey();
        String target = request.spec().target();
        Instant started = clock.instant();
        OptionalLong max = source.maxKey(request.baseQuery(), key);
        OptionalLong after = request.startAfter();
        long rows = 0;
        listener.exportStarting(new ExportProgress(target, null, 0, 0, after, max, Duration.ZERO));
        while (max.isPresent() && (after.isEmpty() || after.getAsLong() < max.getAsLong())) {
            long upper = source.nextBoundary(request.baseQuery(), key, after, max.getAsLong(), chunkRows)
                    .orElse(max.getAsLong());
            String file = StagingLayout.chunkFile(request.kind(), target, request.initialLoadStart(), after);
            Instant uploadedAt = now();
            long chunk = stageChunk(request, file, after, upper, uploadedAt);
            metadata.append(request.metadataTable(), new MetadataRow(request.spec().importDb(), target,
                    request.initialLoadStart(), uploadedAt, file, upper, max.getAsLong(), false, chunk));
            rows += chunk;
            after = OptionalLong.of(upper);
            listener.chunkStaged(new ExportProgress(target, file, chunk, rows, after, max,
                    Duration.between(started, clock.instant())));
        }
        StagedExport staged = recorded(request, max);
        listener.exportStaged(new ExportProgress(target, null, 0, rows, after, max,
                Duration.between(started, clock.instant())));
        return staged;
    }

    private long stageChunk(ExportRequest request, String file, OptionalLong after, long upper, Instant uploadedAt) {
        try {
            StagedOutputStream out = stage.create(file);
            ParquetChunkWriter writer;
            try {
                writer = ParquetChunkWriter.open(out, request.columns(), toolColumns.valuesAt(uploadedAt));
            } catch (IOException | RuntimeException e) {
                out.abort();
                throw e;
            }
            try {
                source.readChunk(request.baseQuery(), request.spec().primaryKey(), after, upper, writer::write);
                writer.close();
                return writer.rowCount();
            } catch (RuntimeException e) {
                writer.abort();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("table " + request.spec().target() + ": cannot stage " + file + ": "
                    + e.getMessage(), e);
        }
    }

    /** The files this load has recorded across all its runs; a file recorded twice counts once, as last written. */
    private StagedExport recorded(ExportRequest request, OptionalLong max) {
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
                max.orElse(0));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
