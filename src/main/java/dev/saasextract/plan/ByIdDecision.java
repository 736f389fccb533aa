package dev.saasextract.plan;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.OptionalLong;

/**
 * Where an incremental-by-id load starts: after the warehouse's highest key in a new folder, or after the last key of
 * a fresher interrupted export in that export's folder.
 *
 * @param action      {@link BackfillAction#RESUME} or {@link BackfillAction#START}
 * @param startAfter  the exclusive lower key bound; empty when the target is empty
 */
public record ByIdDecision(BackfillAction action, OptionalLong startAfter, Instant initialLoadStartDate) {
    public ByIdDecision {
        requireNonNull(action, "action is null");
        requireNonNull(startAfter, "startAfter is null");
        requireNonNull(initialLoadStartDate, "initialLoadStartDate is null");
        if (action != BackfillAction.RESUME && action != BackfillAction.START) {
            throw new IllegalArgumentException("an incremental-by-id load resumes or starts, not " + action);
        }
    }

    public boolean resumes() {
        return action == BackfillAction.RESUME;
    }
}
