package dev.saasextract.load;

import java.time.Instant;
import java.util.List;

/**
 * The files of one export that are staged and recorded, with the rows the metadata says each holds.
 *
 * @param files        staging keys in export order, each once
 * @param expectedRows the sum of the files' recorded row counts
 * @param lastKey      the highest key covered, 0 when the export was empty
 * @param maxKey       the source's highest key when the export ran, 0 when empty
 */
record StagedExport(Instant initialLoadStart, List<String> files, long expectedRows, long lastKey, long maxKey) {
    StagedExport {
        files = List.copyOf(files);
    }
}
