package dev.saasextract.load;

import dev.saasextract.retry.FinalFailure;
import dev.saasextract.retry.SqlFailures;
import dev.saasextract.source.SourceReadException;
import dev.saasextract.stage.StagingLayout;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;

/**
 * Streams one query (a regular load's time window, or a whole snapshot) in key order through a single COPY into
 * numbered files of at least {@code chunkRows} rows, each cut where the key changes, and records each file with the
 * last key it holds as soon as it is staged. One pass over the query, no chunk queries: a time window is read once
 * however many files it fills.
 *
 * <p>A transient source failure (a terminated backend, a restart, a hot-standby conflict, a statement timeout) discards
 * only the file being filled; the query is read again after the last recorded key, so a retry re-reads at most one
 * file's rows. A failure to stage or record a file is not retried within the run: the metadata row may have been
 * written, so only a fresh run knows what was recorded (it starts the window over in a new folder).
 */
final class StreamedExport {
    private final ExportParts parts;

    StreamedExport(ExportParts parts) {
        this.parts = parts;
    }

    StagedExport run(ExportRequest request) {
        Stream stream = new Stream(request, parts.clock().instant());
        parts.listener().exportStarting(stream.progress(null, 0));
        parts.source().retrier().call("table " + request.spec().target() + ", streamed export", attempt -> {
            stream.readRest();
            return null;
        });
        parts.listener().exportStaged(stream.progress(null, 0));
        return parts.files().recorded(request, 0);
    }

    /** What one export has recorded so far, across the attempts of this run, and the file being filled. */
    private final class Stream {
        private final ExportRequest request;
        private final Instant started;
        private OptionalLong recordedUpTo;
        private int nextFile;
        private long rows;
        private StagedFiles.File current;
        private long currentLastKey;

        Stream(ExportRequest request, Instant started) {
            this.request = request;
            this.started = started;
            this.recordedUpTo = request.startAfter();
        }

        /** Reads the query after the last recorded key to its end; a failure leaves no partial file. */
        void readRest() {
            try {
                parts.source().readInKeyOrder(request.baseQuery(), request.spec().primaryKey(), recordedUpTo,
                        this::write);
                finishCurrent();
            } catch (RuntimeException e) {
                abortCurrent();
                if (!(e instanceof SourceReadException) && SqlFailures.isTransient(e)) {
                    throw new StagingInterruptedException(request.spec().target(), rows, e);
                }
                throw e;
            }
        }

        private void write(long key, byte[] tuple) {
            if (current != null && current.rows() >= parts.chunkRows() && key != currentLastKey) {
                finishCurrent();
            }
            if (current == null) {
                current = parts.files().open(request, StagingLayout.partFile(request.kind(), request.spec().target(),
                        request.initialLoadStart(), nextFile));
            }
            current.write(tuple);
            currentLastKey = key;
        }

        private void finishCurrent() {
            if (current == null) {
                return;
            }
            StagedFiles.File file = current;
            current = null;
            file.finish(currentLastKey, 0);
            nextFile++;
            recordedUpTo = OptionalLong.of(currentLastKey);
            rows += file.rows();
            parts.listener().chunkStaged(progress(file.key(), file.rows()));
        }

        private void abortCurrent() {
            if (current != null) {
                current.abort();
                current = null;
            }
        }

        ExportProgress progress(String file, long fileRows) {
            return new ExportProgress(request.spec().target(), file, fileRows, rows, recordedUpTo, OptionalLong.empty(),
                    Duration.between(started, parts.clock().instant()), false);
        }
    }

    /** A failure staging or recording a file: not retried within this run (see the class comment). */
    private static final class StagingInterruptedException extends RuntimeException implements FinalFailure {
        StagingInterruptedException(String target, long recordedRows, RuntimeException cause) {
            super("table " + target + ": the streamed export failed after staging " + recordedRows + " rows: "
                    + cause.getMessage(), cause);
        }
    }
}
