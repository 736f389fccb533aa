package dev.saasextract.plan;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The outcome of the deletes decision.
 *
 * @param startAfterId         resume after this key; present exactly when the action is RESUME
 * @param initialLoadStartDate names the staging folder and groups the metadata rows of one export; empty for SKIP
 */
public record DeletesDecision(
        BackfillAction action,
        DeletesReason reason,
        OptionalLong startAfterId,
        Optional<Instant> initialLoadStartDate) {

    public DeletesDecision {
        requireNonNull(action, "action is null");
        requireNonNull(reason, "reason is null");
        requireNonNull(startAfterId, "startAfterId is null");
        requireNonNull(initialLoadStartDate, "initialLoadStartDate is null");
        if ((action == BackfillAction.SKIP) != initialLoadStartDate.isEmpty()) {
            throw new IllegalArgumentException("a load folder is needed exactly when the export runs: " + action);
        }
        if ((action == BackfillAction.RESUME) != startAfterId.isPresent()) {
            throw new IllegalArgumentException("a start key is given exactly when the export resumes: " + action);
        }
    }

    public boolean runs() {
        return action.runs();
    }

    /** True when the export starts from the first key in a new folder (stale files of the table must go). */
    public boolean startsOver() {
        return action.startsOver();
    }

    static DeletesDecision skip(DeletesReason reason) {
        return new DeletesDecision(BackfillAction.SKIP, reason, OptionalLong.empty(), Optional.empty());
    }

    static DeletesDecision fresh(BackfillAction action, DeletesReason reason, Instant folder) {
        return new DeletesDecision(action, reason, OptionalLong.empty(), Optional.of(folder));
    }

    static DeletesDecision resume(ExportState state) {
        return new DeletesDecision(BackfillAction.RESUME, DeletesReason.MID_DELETES,
                OptionalLong.of(state.lastExtractedId()), Optional.of(state.initialLoadStartDate()));
    }
}
