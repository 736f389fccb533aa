package dev.saasextract.load;

import dev.saasextract.retry.FinalFailure;
import dev.saasextract.retry.SqlFailures;
import dev.saasextract.source.PostgresSource;
import dev.saasextract.source.SourceReadException;
import dev.saasextract.stage.StagingLayout;
import java.io.IOException;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;

/**
 * Streams one query (a regular load's time window, or a whole snapshot) through a single cursor into numbered files of
 * {@code chunkRows} rows, recording each file as it is staged. Such an export is not resumable by key; an interrupted
 * one is discarded and run again.
 */
final class StreamedExport {
    private final PostgresSource source;
    private final StagedFiles files;
    private final Clock clock;
    private final long chunkRows;
    private final LoadListener listener;

    StreamedExport(PostgresSource source, StagedFiles files, Clock clock, long chunkRows, LoadListener listener) {
        this.source = source;
        this.files = files;
        this.clock = clock;
        this.chunkRows = chunkRows;
        this.listener = listener;
    }

    /**
     * A transient source failure before the first file is recorded discards that file and reads the query again from
     * the start, under the same file names. Once a file is recorded a failure ends the export: rows without a key
     * order cannot be re-read from where it stopped, and reading all again would record that file twice. Nor is a
     * failure to record a file retried: the row may have been written.
     */
    StagedExport run(ExportRequest request) {
        Instant started = clock.instant();
        listener.exportStarting(new ExportProgress(request.spec().target(), null, 0, 0, OptionalLong.empty(),
                OptionalLong.empty(), Duration.ZERO, false));
        Rolling rolling = source.retrier().call("table " + request.spec().target() + ", streamed export",
                attempt -> stream(request, started));
        listener.exportStaged(progress(request, null, 0, rolling));
        return files.recorded(request, 0);
    }

    private Rolling stream(ExportRequest request, Instant started) {
        Rolling rolling = new Rolling(request, started);
        try {
            source.readAll(request.baseQuery(), rolling::write);
            rolling.finishCurrent();
        } catch (RuntimeException e) {
            rolling.abortCurrent();
            boolean nothingRecorded = rolling.rows == 0;
            if (!(nothingRecorded && e instanceof SourceReadException) && SqlFailures.isTransient(e)) {
                throw new StreamInterruptedException(request.spec().target(), rolling.rows, e);
            }
            throw e;
        }
        return rolling;
    }

    /** A transient failure that must not be retried within this run (see {@link #run}); the next run starts over. */
    private static final class StreamInterruptedException extends RuntimeException implements FinalFailure {
        StreamInterruptedException(String target, long recordedRows, RuntimeException cause) {
            super("table " + target + ": the streamed export failed after staging " + recordedRows + " rows and"
                    + " cannot resume mid-stream: " + cause.getMessage(), cause);
        }
    }

    private ExportProgress progress(ExportRequest request, String file, long chunk, Rolling rolling) {
        return new ExportProgress(request.spec().target(), file, chunk, rolling.rows, OptionalLong.empty(),
                OptionalLong.empty(), Duration.between(rolling.started, clock.instant()), false);
    }

    /** The file being filled; a new one starts with the first row after the previous one is full. */
    private final class Rolling {
        private final ExportRequest request;
        private final Instant started;
        private StagedFiles.File current;
        private int index;
        private long rows;

        Rolling(ExportRequest request, Instant started) {
            this.request = request;
            this.started = started;
        }

        void write(ResultSet row) throws IOException {
            if (current == null) {
                current = files.open(request, StagingLayout.partFile(request.kind(), request.spec().target(),
                        request.initialLoadStart(), index++));
            }
            current.write(row);
            if (current.rows() >= chunkRows) {
                finishCurrent();
            }
        }

        void finishCurrent() {
            if (current == null) {
                return;
            }
            StagedFiles.File file = current;
            current = null;
            file.finish(0, 0);
            rows += file.rows();
            listener.chunkStaged(progress(request, file.key(), file.rows(), this));
        }

        void abortCurrent() {
            if (current != null) {
                current.abort();
                current = null;
            }
        }
    }
}
