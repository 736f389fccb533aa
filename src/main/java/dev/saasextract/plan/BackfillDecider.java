package dev.saasextract.plan;

import dev.saasextract.schema.ToolColumns;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * CONTRACT §4, in its order: an interrupted backfill (resumed within 26 h, else restarted; restarted too when GitLab's
 * pipeline staged it, it was chunked by another key or {@code --restart} asks), then a table absent from the
 * warehouse, then columns added to the query, then a column whose source type outgrew its warehouse column; otherwise
 * no backfill. Pure: every input is passed in.
 */
public final class BackfillDecider {
    private final ResumeWindow window;

    public BackfillDecider(Clock clock) {
        this.window = new ResumeWindow(clock);
    }

    /**
     * @param newest          the newest backfill_metadata row of this table
     * @param targetColumns   the warehouse table's columns, empty when the table does not exist
     * @param queryColumns    the columns the manifest query returns
     * @param roundedColumns  the target's columns that would round the query's values (a changed source type)
     * @param request         what the command line asks: {@link BackfillRequest#FORCED} runs a backfill even when
     *                        nothing requires one, {@link BackfillRequest#RESTART} never resumes
     */
    public BackfillDecision decide(Optional<ExportState> newest, Optional<List<String>> targetColumns,
            List<String> queryColumns, List<String> roundedColumns, BackfillRequest request) {
        if (window.isInterrupted(newest)) {
            if (request == BackfillRequest.RESTART) {
                return startOver(BackfillAction.RESTART, BackfillReason.RESTART_REQUESTED, List.of());
            }
            return window.resumable(newest)
                    .map(BackfillDecision::resume)
                    .orElseGet(() -> startOver(BackfillAction.RESTART,
                            restartReason(window.obstacle(newest.get()).orElseThrow()), List.of()));
        }
        if (targetColumns.isEmpty()) {
            return startOver(BackfillAction.START, BackfillReason.NEW_TABLE, List.of());
        }
        List<String> added = addedColumns(targetColumns.get(), queryColumns);
        if (!added.isEmpty()) {
            return startOver(BackfillAction.START, BackfillReason.SCHEMA_ADDITION, added);
        }
        if (!roundedColumns.isEmpty()) {
            return startOver(BackfillAction.START, BackfillReason.TYPE_CHANGED, List.of());
        }
        return request == BackfillRequest.AUTO ? BackfillDecision.skip()
                : startOver(BackfillAction.START, BackfillReason.FORCED, List.of());
    }

    /**
     * Query columns {@code present} lacks (a target's, or those a backfill started with), compared case-insensitively;
     * the tool's own columns never count.
     */
    public static List<String> addedColumns(List<String> present, List<String> queryColumns) {
        Set<String> folded = present.stream().map(BackfillDecider::fold).collect(Collectors.toSet());
        return queryColumns.stream()
                .filter(c -> !ToolColumns.isToolColumn(c))
                .filter(c -> !folded.contains(fold(c)))
                .toList();
    }

    private static BackfillReason restartReason(ResumeObstacle obstacle) {
        return switch (obstacle) {
            case FOREIGN -> BackfillReason.FOREIGN_BACKFILL;
            case KEY_CHANGED -> BackfillReason.KEY_CHANGED;
            case ROWS_CHANGED -> BackfillReason.ROWS_CHANGED;
            case COLUMNS_CHANGED -> BackfillReason.COLUMNS_CHANGED;
            case STALE -> BackfillReason.STALE_BACKFILL;
        };
    }

    private BackfillDecision startOver(BackfillAction action, BackfillReason reason, List<String> added) {
        return BackfillDecision.fresh(action, reason, window.newLoadStart(), added);
    }

    private static String fold(String identifier) {
        return identifier.toLowerCase(Locale.ROOT);
    }
}
