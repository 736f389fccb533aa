package dev.saasextract.plan;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * What the decision needs to know about the newest metadata row of one table: which load it belongs to, when its
 * file was staged, how far it got, whether the whole export reached the warehouse and who staged it.
 *
 * @param foreign true when GitLab's pipeline staged the row's file (an export it left unfinished at cutover). Its
 *                metadata names only the last file of each key range, so the load's other files are unknown and it
 *                cannot be resumed.
 */
public record ExportState(Instant initialLoadStartDate, Instant uploadDate, long lastExtractedId, boolean completed,
        boolean foreign) {
    public ExportState {
        requireNonNull(initialLoadStartDate, "initialLoadStartDate is null");
        requireNonNull(uploadDate, "uploadDate is null");
    }
}
