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
 * @param columnsChanged true when finishing the load would stage other columns than its files hold (a query column
 *                gone or renamed, another type, the tool's columns changed): its files and the new ones could not be
 *                loaded into one table. Names are known for loads started since metadata migration V4, types and the
 *                tool's columns since V9.
 */
public record ExportState(Instant initialLoadStartDate, Instant uploadDate, long lastExtractedId, boolean completed,
        boolean foreign, boolean rekeyed, boolean rowsChanged, boolean columnsChanged) {
    public ExportState {
        requireNonNull(initialLoadStartDate, "initialLoadStartDate is null");
        requireNonNull(uploadDate, "uploadDate is null");
    }

    /** A load whose staged columns are what a resume would stage. */
    public ExportState(Instant initialLoadStartDate, Instant uploadDate, long lastExtractedId, boolean completed,
            boolean foreign, boolean rekeyed, boolean rowsChanged) {
        this(initialLoadStartDate, uploadDate, lastExtractedId, completed, foreign, rekeyed, rowsChanged, false);
    }
}
