package dev.saasextract.plan;

import java.util.Locale;

/**
 * Why an unfinished export is started over instead of resumed; where several apply, the first listed is given. The
 * deciders name it in their own reasons ({@code foreign_backfill}, {@code key_changed}, …); {@code extract status}
 * shows it as is, in lower case.
 */
public enum ResumeObstacle {
    /** Another pipeline (GitLab's) staged it and recorded only some of its files. */
    FOREIGN,
    /** It was chunked by another key column than the manifest names now. */
    KEY_CHANGED,
    /** It selected other rows than the manifest does now. */
    ROWS_CHANGED,
    /** Finishing it would stage other columns than its files hold (a column gone, renamed or of another type). */
    COLUMNS_CHANGED,
    /** Its last file is more than 26 hours old. */
    STALE;

    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }
}
