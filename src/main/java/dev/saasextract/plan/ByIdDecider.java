package dev.saasextract.plan;

import java.time.Clock;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Incremental-by-id loads (insert-only tables): new keys are those above the warehouse's highest key. An interrupted
 * export of at most 26 h that got further than the warehouse is resumed instead; on a tie the warehouse wins, since
 * its rows are already loaded. One another pipeline staged, or one chunked by another key than the manifest's now, is
 * never resumed: the keys above the warehouse's are read again.
 */
public final class ByIdDecider {
    private final ResumeWindow window;

    public ByIdDecider(Clock clock) {
        this.window = new ResumeWindow(clock);
    }

    /**
     * @param newest       the newest incremental_metadata row of this table
     * @param warehouseMax the target's highest key, empty when the target has no rows
     */
    public ByIdDecision decide(Optional<ExportState> newest, OptionalLong warehouseMax) {
        Optional<ExportState> resumable = window.resumable(newest)
                .filter(s -> warehouseMax.isEmpty() || s.lastExtractedId() > warehouseMax.getAsLong());
        if (resumable.isPresent()) {
            return new ByIdDecision(BackfillAction.RESUME, OptionalLong.of(resumable.get().lastExtractedId()),
                    resumable.get().initialLoadStartDate());
        }
        return new ByIdDecision(BackfillAction.START, warehouseMax, window.newLoadStart());
    }
}
