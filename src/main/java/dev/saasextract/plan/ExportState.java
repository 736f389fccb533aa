package dev.saasextract.plan;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * What the decision needs to know about the newest metadata row of one table: which load it belongs to, when its
 * file was staged, how far it got and whether the whole export reached the warehouse.
 */
public record ExportState(Instant initialLoadStartDate, Instant uploadDate, long lastExtractedId, boolean completed) {
    public ExportState {
        requireNonNull(initialLoadStartDate, "initialLoadStartDate is null");
        requireNonNull(uploadDate, "uploadDate is null");
    }
}
