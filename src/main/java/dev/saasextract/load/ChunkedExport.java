package dev.saasextract.load;

import dev.saasextract.source.PostgresSource;
import dev.saasextract.stage.StagingLayout;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;

/**
 * Streams a source query into Parquet files of about {@code chunkRows} rows each, cut on key order at key-value
 * boundaries, and writes one metadata row after every staged file, so an interrupted export resumes after the last
 * recorded key. Used by backfills, incremental-by-id loads and the deletes key export.
 */
final class ChunkedExport {
    private final PostgresSource source;
    private final StagedFiles files;
    private final Clock clock;
    private final long chunkRows;
    private final LoadListener listener;

    ChunkedExport(PostgresSource source, StagedFiles files, Clock clock, long chunkRows, LoadListener listener) {
        if (chunkRows < 1) {
            throw new IllegalArgumentException("chunk rows must be positive: " + chunkRows);
        }
        this.source = source;
        this.files = files;
        this.clock = clock;
        this.chunkRows = chunkRows;
        this.listener = listener;
    }

    StagedExport run(ExportRequest request) {
        String key = request.spec().primaryKey();
        String target = request.spec().target();
        Instant started = clock.instant();
        OptionalLong max = source.maxKey(request.baseQuery(), key);
        OptionalLong after = request.startAfter();
        long rows = 0;
        listener.exportStarting(new ExportProgress(target, null, 0, 0, after, max, Duration.ZERO, true));
        while (max.isPresent() && (after.isEmpty() || after.getAsLong() < max.getAsLong())) {
            long upper = source.nextBoundary(request.baseQuery(), key, after, max.getAsLong(), chunkRows)
                    .orElse(max.getAsLong());
            StagedFiles.File file = files.open(request,
                    StagingLayout.chunkFile(request.kind(), target, request.initialLoadStart(), after));
            try {
                source.readChunk(request.baseQuery(), key, after, upper, file::write);
            } catch (RuntimeException e) {
                file.abort();
                throw e;
            }
            file.finish(upper, max.getAsLong());
            rows += file.rows();
            after = OptionalLong.of(upper);
            listener.chunkStaged(new ExportProgress(target, file.key(), file.rows(), rows, after, max,
                    Duration.between(started, clock.instant()), true));
        }
        StagedExport staged = files.recorded(request, max.orElse(0));
        listener.exportStaged(new ExportProgress(target, null, 0, rows, after, max,
                Duration.between(started, clock.instant()), true));
        return staged;
    }
}
