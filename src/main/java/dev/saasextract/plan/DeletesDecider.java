package dev.saasextract.plan;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.Optional;

/**
 * Whether the deletes key export runs (CONTRACT §6), in this order: exempt tables never; an interrupted export is
 * left alone while GitLab's pipeline, which staged it, may still be running it (under 26 h), else resumed within 26 h,
 * else restarted (always restarted when another pipeline staged it, it was chunked by another key, selected other
 * rows or staged other columns); then a target without
 * {@code is_deleted}, no completed export (or one older than the last backfill), the
 * window before the monthly dbt full refresh; otherwise only when forced.
 * Pure: every input is passed in.
 */
public final class DeletesDecider {
    /** dbt's monthly full refresh runs on the first Sunday of each month at 08:45 UTC ({@code 45 8 * * SUN#1}). */
    private static final LocalTime REFRESH_TIME = LocalTime.of(8, 45);
    /** Deletes are refreshed in the two days before the full refresh, so it sees fresh flags. */
    private static final Duration REFRESH_LEAD = Duration.ofDays(2);

    private final ResumeWindow window;

    public DeletesDecider(Clock clock) {
        this.window = new ResumeWindow(clock);
    }

    public DeletesDecision decide(DeletesInputs in) {
        if (!in.incremental() || in.deletesExempt()) {
            return DeletesDecision.skip(DeletesReason.EXEMPT);
        }
        if (window.isInterrupted(in.newest())) {
            ExportState interrupted = in.newest().orElseThrow();
            if (!in.forced() && window.foreignTaskMayRunUntil(interrupted).isPresent()) {
                return DeletesDecision.skip(DeletesReason.GITLAB_TASK_MAY_RUN);
            }
            return window.resumable(in.newest())
                    .map(DeletesDecision::resume)
                    .orElseGet(() -> start(BackfillAction.RESTART,
                            restartReason(window.obstacle(in.newest().get()).orElseThrow())));
        }
        if (!in.targetHasIsDeleted()) {
            return start(BackfillAction.START, DeletesReason.NO_IS_DELETED_COLUMN);
        }
        Optional<Instant> exportStart = exportSinceLastRebuild(in);
        if (exportStart.isEmpty()) {
            return start(BackfillAction.START, DeletesReason.NO_COMPLETED_EXPORT);
        }
        if (isMonthlyRefreshDue(exportStart.get(), in.logicalDate())) {
            return start(BackfillAction.START, DeletesReason.MONTHLY_REFRESH);
        }
        return in.forced()
                ? start(BackfillAction.START, DeletesReason.FORCED)
                : DeletesDecision.skip(DeletesReason.NOT_DUE);
    }

    /**
     * {@code --restart}: a new key export from the first key in a new folder, even when an unfinished one could be
     * resumed (its keys were refused by the safety stop, read from a wrong source or filter since fixed); never for
     * an exempt table.
     */
    public DeletesDecision restart(DeletesInputs in) {
        if (!in.incremental() || in.deletesExempt()) {
            return DeletesDecision.skip(DeletesReason.EXEMPT);
        }
        return start(window.isInterrupted(in.newest()) ? BackfillAction.RESTART : BackfillAction.START,
                DeletesReason.RESTART_REQUESTED);
    }

    private static DeletesReason restartReason(ResumeObstacle obstacle) {
        return switch (obstacle) {
            case FOREIGN -> DeletesReason.FOREIGN_DELETES;
            case KEY_CHANGED -> DeletesReason.KEY_CHANGED;
            case ROWS_CHANGED -> DeletesReason.ROWS_CHANGED;
            case COLUMNS_CHANGED -> DeletesReason.COLUMNS_CHANGED;
            case STALE -> DeletesReason.STALE_DELETES;
        };
    }

    /** The first Sunday of a month at 08:45 UTC strictly after {@code after}. */
    public static Instant nextMonthlyRefresh(Instant after) {
        YearMonth month = YearMonth.from(after.atZone(ZoneOffset.UTC));
        Instant thisMonth = refreshIn(month);
        return thisMonth.isAfter(after) ? thisMonth : refreshIn(month.plusMonths(1));
    }

    /** Start of the window before the next monthly refresh: that refresh minus two days. */
    public static Instant refreshWindowStart(Instant logicalDate) {
        return nextMonthlyRefresh(logicalDate).minus(REFRESH_LEAD);
    }

    /**
     * The start of the first monthly window that begins after {@code logicalDate}: when a table whose deletes are up
     * to date is due next.
     */
    public static Instant nextRefreshWindowStart(Instant logicalDate) {
        Instant window = refreshWindowStart(logicalDate);
        return window.isAfter(logicalDate) ? window : refreshWindowStart(nextMonthlyRefresh(logicalDate));
    }

    /**
     * Due when the logical date is inside the window (strictly after its start) and the last completed export
     * started before the window, i.e. has not yet been run for this refresh.
     */
    static boolean isMonthlyRefreshDue(Instant lastCompletedExportStart, Instant logicalDate) {
        Instant threshold = refreshWindowStart(logicalDate);
        return lastCompletedExportStart.isBefore(threshold) && logicalDate.isAfter(threshold);
    }

    /**
     * The start of the last completed export, unless a backfill finished after it started: that backfill swapped in
     * a rebuilt table whose flags the export never set.
     */
    private static Optional<Instant> exportSinceLastRebuild(DeletesInputs in) {
        return in.lastCompletedExportStart()
                .filter(start -> in.lastBackfillCompleted().filter(start::isBefore).isEmpty());
    }

    private static Instant refreshIn(YearMonth month) {
        return month.atDay(1)
                .with(TemporalAdjusters.firstInMonth(DayOfWeek.SUNDAY))
                .atTime(REFRESH_TIME)
                .toInstant(ZoneOffset.UTC);
    }

    private DeletesDecision start(BackfillAction action, DeletesReason reason) {
        return DeletesDecision.fresh(action, reason, window.newLoadStart());
    }
}
