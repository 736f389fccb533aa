package dev.saasextract.load;

import java.time.Duration;
import java.util.OptionalLong;

/**
 * Where an export stands.
 *
 * @param table     the warehouse target name
 * @param file      the last staged file's key, or null before the first
 * @param chunkRows rows of the last staged file
 * @param rows      rows staged by this run
 * @param lastKey   the highest key staged so far (empty before the first chunk of a fresh export)
 * @param maxKey    the highest key the export covers (empty when the source returned no rows)
 * @param elapsed   time since this run started exporting
 * @param keyed     true for exports read in key ranges (backfill, by-id, deletes); false for one streamed query
 */
public record ExportProgress(String table, String file, long chunkRows, long rows, OptionalLong lastKey,
        OptionalLong maxKey, Duration elapsed, boolean keyed) {
}
