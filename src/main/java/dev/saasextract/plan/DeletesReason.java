package dev.saasextract.plan;

import java.util.Locale;

/** Why the deletes export does what it does (CONTRACT §4 and §6); serialised in lower case. */
public enum DeletesReason {
    MID_DELETES,
    STALE_DELETES,
    /** The interrupted export was staged by another pipeline (GitLab's), whose files cannot all be found. */
    FOREIGN_DELETES,
    /** The interrupted export was chunked by another key column than the manifest names now. */
    KEY_CHANGED,
    /** The manifest now selects other rows than the interrupted export did (FROM, WHERE or additional_filtering). */
    ROWS_CHANGED,
    /**
     * Finishing the interrupted export would stage other columns than its files hold: a query column gone or renamed,
     * another type, or the tool's columns changed ({@code advanced_metadata}, the target's {@code _uploaded_at} type).
     */
    COLUMNS_CHANGED,
    NO_IS_DELETED_COLUMN,
    /** No completed export, or the table was rebuilt by a backfill since the last one, so its flags are gone. */
    NO_COMPLETED_EXPORT,
    MONTHLY_REFRESH,
    NOT_DUE,
    /**
     * GitLab's pipeline staged the interrupted export less than 26 h ago, so its task may still be writing it: taking
     * it over waits (a forced run is refused).
     */
    GITLAB_TASK_MAY_RUN,
    /** The table is not incremental or is {@code deletes_exempt}: it never gets a deletes export. */
    EXEMPT,
    /** {@code --load-type deletes} on a table that was not due. */
    FORCED,
    /** {@code --restart --load-type deletes}: a new key export, whatever an unfinished one (a refused export's keys). */
    RESTART_REQUESTED;

    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }
}
