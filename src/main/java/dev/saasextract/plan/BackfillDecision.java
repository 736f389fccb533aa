package dev.saasextract.plan;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The outcome of the backfill decision.
 *
 * @param startAfterId         resume after this key; empty means from the first key
 * @param initialLoadStartDate names the staging folder and groups the metadata rows of one load; empty for SKIP
 * @param newColumns           query columns missing from the warehouse table (schema addition), else empty
 */
public record BackfillDecision(
        BackfillAction action,
        BackfillReason reason,
        OptionalLong startAfterId,
        Optional<Instant> initialLoadStartDate,
        List<String> newColumns) {

    public BackfillDecision {
        requireNonNull(action, "action is null");
        requireNonNull(reason, "reason is null");
        requireNonNull(startAfterId, "startAfterId is null");
        requireNonNull(initialLoadStartDate, "initialLoadStartDate is null");
        newColumns = List.copyOf(newColumns);
        if ((action == BackfillAction.SKIP) != initialLoadStartDate.isEmpty()) {
            throw new IllegalArgumentException("a load folder is needed exactly when the backfill runs: " + action);
        }
    }

    public boolean runs() {
        return action.runs();
    }

    /** True when the export starts from the first key in a new folder (stale files of the table must go). */
    public boolean startsOver() {
        return action.startsOver();
    }

    static BackfillDecision skip() {
        return new BackfillDecision(BackfillAction.SKIP, BackfillReason.UP_TO_DATE, OptionalLong.empty(),
                Optional.empty(), List.of());
    }

    static BackfillDecision fresh(BackfillAction action, BackfillReason reason, Instant folder, List<String> newColumns) {
        return new BackfillDecision(action, reason, OptionalLong.empty(), Optional.of(folder), newColumns);
    }

    static BackfillDecision resume(ExportState state) {
        return new BackfillDecision(BackfillAction.RESUME, BackfillReason.MID_BACKFILL,
                OptionalLong.of(state.lastExtractedId()), Optional.of(state.initialLoadStartDate()), List.of());
    }
}
