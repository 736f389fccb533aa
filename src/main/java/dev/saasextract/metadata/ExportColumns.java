package dev.saasextract.metadata;

import static java.util.Objects.requireNonNull;

import dev.saasextract.schema.ColumnSpec;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One row of {@code export_columns}: what a load's files hold, how it is chunked and which rows it selects, as they
 * were when it started.
 *
 * @param names     the query columns of its files
 * @param key       the key column its progress and key ranges are values of; empty for a load started before it was
 *                  recorded
 * @param rowSource the rows it selects: its query with {@code *} for the select list (see
 *                  {@code SourceQueries.rowSource}); empty for a load started before it was recorded
 * @param sourceTime how far the source's data reached when a backfill started (a replica's replay time); empty on a
 *                  primary, whose data reaches the start itself, for other loads, and for a backfill started before
 *                  it was recorded
 * @param window    the time window of a regular load by date; empty for other loads, and for one started before it
 *                  was recorded
 * @param fileColumns every column of its staged files, the tool's included, as {@link #describeFileColumns} gives
 *                  them; empty for a load started before they were recorded
 */
public record ExportColumns(List<String> names, Optional<String> key, Optional<String> rowSource,
        Optional<Instant> sourceTime, Optional<Window> window, Optional<List<String>> fileColumns) {
    public ExportColumns {
        names = List.copyOf(names);
        requireNonNull(key, "key is null");
        requireNonNull(rowSource, "rowSource is null");
        requireNonNull(sourceTime, "sourceTime is null");
        requireNonNull(window, "window is null");
        fileColumns = requireNonNull(fileColumns, "fileColumns is null").map(List::copyOf);
    }

    /** A load recorded without its window or its files' columns, as before they were (metadata migration V9). */
    public ExportColumns(List<String> names, Optional<String> key, Optional<String> rowSource,
            Optional<Instant> sourceTime) {
        this(names, key, rowSource, sourceTime, Optional.empty(), Optional.empty());
    }

    /** Every column of staged files with these columns, as {@code file_columns} holds them: name and staged type. */
    public static List<String> describeFileColumns(List<ColumnSpec> fileColumns) {
        return fileColumns.stream().map(column -> column.name() + " " + column.type().stagedForm()).toList();
    }

    /** The time window a regular load by date read, from {@code begin} to {@code end}. */
    public record Window(Instant begin, Instant end) {
        public Window {
            requireNonNull(begin, "begin is null");
            requireNonNull(end, "end is null");
        }
    }

    /** Whether the load was chunked by a key other than {@code manifestKey} (unknown keys never are). */
    public boolean chunkedByAnotherKeyThan(String manifestKey) {
        return key.filter(recorded -> !recorded.equals(manifestKey)).isPresent();
    }
}
