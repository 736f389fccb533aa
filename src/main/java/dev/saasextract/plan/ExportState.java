package dev.saasextract.plan;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * What the decision needs to know about the newest metadata row of one table: which load it belongs to, when its
 * file was staged, how far it got, whether the whole export reached the warehouse, who staged it and whether
 * it was chunked by the key and selected the rows the manifest names now.
 *
 * @param foreign true when GitLab's pipeline staged the row's file (an export it left unfinished at cutover). Its
 *                metadata names only the last file of each key range, so the load's other files are unknown and it
 *                cannot be resumed.
 * @param rekeyed true when the load was chunked by another key column than the manifest's
 *                {@code export_table_primary_key} names now: its {@code last_extracted_id} and key ranges are values
 *                of the old column, so resuming after them on the new one would skip or repeat rows. Known for
 *                loads started since the key is recorded (metadata migration V5); false otherwise.
 * @param rowsChanged true when the manifest now selects other rows than the load did (its FROM, WHERE or
 *                {@code additional_filtering} changed): the files staged so far were filtered the old way, so
 *                finishing the load would mix two filters in one table. Known for loads started since the rows are
 *                recorded (metadata migration V6); false otherwise.
 */
public record ExportState(Instant initialLoadStartDate, Instant uploadDate, long lastExtractedId, boolean completed,
        boolean foreign, boolean rekeyed, boolean rowsChanged) {
    public ExportState {
        requireNonNull(initialLoadStartDate, "initialLoadStartDate is null");
        requireNonNull(uploadDate, "uploadDate is null");
    }
}
