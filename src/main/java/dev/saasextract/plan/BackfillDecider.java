package dev.saasextract.plan;

import dev.saasextract.schema.ToolColumns;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * CONTRACT §4, in its order: an interrupted backfill (resumed within 26 h, else restarted; restarted too when another
 * pipeline staged it or the query gained columns since it started), then a table absent from
 * the warehouse, then columns added to the query; otherwise no backfill. Pure: every input is passed in.
 */
public final class BackfillDecider {
    private final ResumeWindow window;

    public BackfillDecider(Clock clock) {
        this.window = new ResumeWindow(clock);
    }

    /**
     * @param newest          the newest backfill_metadata row of this table
     * @param loadColumns     the query columns recorded when the load of an unfinished {@code newest} started; empty
     *                        when none were recorded
     * @param targetColumns   the warehouse table's columns, empty when the table does not exist
     * @param queryColumns    the columns the manifest query returns
     * @param forced          {@code --load-type backfill}: run even when nothing requires it
     */
    public BackfillDecision decide(Optional<ExportState> newest, Optional<List<String>> loadColumns,
            Optional<List<String>> targetColumns, List<String> queryColumns, boolean forced) {
        if (window.isInterrupted(newest)) {
            return resumeOrRestart(newest, loadColumns.map(staged -> addedColumns(staged, queryColumns))
                    .orElse(List.of()));
        }
        if (targetColumns.isEmpty()) {
            return startOver(BackfillAction.START, BackfillReason.NEW_TABLE, List.of());
        }
        List<String> added = addedColumns(targetColumns.get(), queryColumns);
        if (!added.isEmpty()) {
            return startOver(BackfillAction.START, BackfillReason.SCHEMA_ADDITION, added);
        }
        return forced ? startOver(BackfillAction.START, BackfillReason.FORCED, List.of()) : BackfillDecision.skip();
    }

    /**
     * An interrupted load resumes unless it is too old, another pipeline staged it, or the query gained columns
     * since it started ({@code notStaged}): its files lack them, and loading them would leave them NULL.
     */
    private BackfillDecision resumeOrRestart(Optional<ExportState> interrupted, List<String> notStaged) {
        Optional<ExportState> resumable = window.resumable(interrupted);
        if (resumable.isEmpty()) {
            return startOver(BackfillAction.RESTART, interrupted.get().foreign()
                    ? BackfillReason.FOREIGN_BACKFILL : BackfillReason.STALE_BACKFILL, List.of());
        }
        return notStaged.isEmpty()
                ? BackfillDecision.resume(resumable.get())
                : startOver(BackfillAction.RESTART, BackfillReason.SCHEMA_ADDITION, notStaged);
    }

    /** Query columns the target lacks, compared case-insensitively; the tool's own columns never count. */
    static List<String> addedColumns(List<String> targetColumns, List<String> queryColumns) {
        Set<String> present = targetColumns.stream().map(BackfillDecider::fold).collect(Collectors.toSet());
        return queryColumns.stream()
                .filter(c -> !ToolColumns.isToolColumn(c))
                .filter(c -> !present.contains(fold(c)))
                .toList();
    }

    private BackfillDecision startOver(BackfillAction action, BackfillReason reason, List<String> added) {
        return BackfillDecision.fresh(action, reason, window.newLoadStart(), added);
    }

    private static String fold(String identifier) {
        return identifier.toLowerCase(Locale.ROOT);
    }
}
