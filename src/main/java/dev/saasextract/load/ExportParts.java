package dev.saasextract.load;

import dev.saasextract.source.PostgresSource;
import java.time.Clock;

/**
 * What an export reads from, stages into and reports to, shared by {@link ChunkedExport} and {@link StreamedExport}.
 *
 * @param chunkRows the rows a staged file holds at least (cut at the next key change), at most {@code chunkRows} + the
 *                  rows of one key value
 */
record ExportParts(PostgresSource source, StagedFiles files, Clock clock, long chunkRows, LoadListener listener) {
    ExportParts {
        if (chunkRows < 1) {
            throw new IllegalArgumentException("chunk rows must be positive: " + chunkRows);
        }
    }
}
