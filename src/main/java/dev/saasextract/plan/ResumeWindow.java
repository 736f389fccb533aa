package dev.saasextract.plan;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * The 26-hour rule shared by backfills, incremental-by-id loads and the deletes export: an interrupted export whose
 * last file was staged at most 26 hours ago is resumed; an older one is abandoned, and so is one another pipeline
 * staged, or one chunked by another key, selecting other rows or staging other columns than the manifest's now,
 * whatever its age.
 */
public final class ResumeWindow {
    public static final Duration MAX_AGE = Duration.ofHours(26);

    private final Clock clock;

    public ResumeWindow(Clock clock) {
        this.clock = clock;
    }

    /**
     * The interrupted export to resume, if the newest row is incomplete, fresh enough, this tool's, chunked by the
     * manifest's key and selecting the manifest's rows.
     */
    public Optional<ExportState> resumable(Optional<ExportState> newest) {
        return newest.filter(s -> !s.completed() && obstacle(s).isEmpty());
    }

    /** Why the unfinished export {@code state} would be started over; empty when it would be resumed. */
    public Optional<ResumeObstacle> obstacle(ExportState state) {
        if (state.foreign()) {
            return Optional.of(ResumeObstacle.FOREIGN);
        }
        if (state.rekeyed()) {
            return Optional.of(ResumeObstacle.KEY_CHANGED);
        }
        if (state.rowsChanged()) {
            return Optional.of(ResumeObstacle.ROWS_CHANGED);
        }
        if (state.columnsChanged()) {
            return Optional.of(ResumeObstacle.COLUMNS_CHANGED);
        }
        return isStale(state) ? Optional.of(ResumeObstacle.STALE) : Optional.empty();
    }

    /**
     * Until when the task of GitLab's pipeline that staged the unfinished export {@code state} may still be running:
     * GitLab's pipeline resumes its own exports for 26 hours after their last file, so until then one of its tasks may
     * go on writing the same staging folder and {@code _TEMP} table. Empty when this tool staged it, it is finished,
     * or it is older.
     */
    public Optional<Instant> foreignTaskMayRunUntil(ExportState state) {
        return state.foreign() && !state.completed() && !isStale(state)
                ? Optional.of(state.uploadDate().plus(MAX_AGE))
                : Optional.empty();
    }

    public boolean isInterrupted(Optional<ExportState> newest) {
        return newest.isPresent() && !newest.get().completed();
    }

    private boolean isStale(ExportState state) {
        return Duration.between(state.uploadDate(), clock.instant()).compareTo(MAX_AGE) > 0;
    }

    /** A new load's folder date: now, to the millisecond, as staged folder names and metadata rows carry it. */
    public Instant newLoadStart() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
