package dev.saasextract.plan;

import java.util.Locale;

/** Why a backfill does what it does (CONTRACT §4); serialised in lower case. */
public enum BackfillReason {
    MID_BACKFILL,
    STALE_BACKFILL,
    /** The interrupted backfill was staged by another pipeline (GitLab's), whose files cannot all be found. */
    FOREIGN_BACKFILL,
    /** The interrupted backfill was chunked by another key column than the manifest names now. */
    KEY_CHANGED,
    /** The manifest now selects other rows than the interrupted export did (FROM, WHERE or additional_filtering). */
    ROWS_CHANGED,
    /**
     * Finishing the interrupted export would stage other columns than its files hold: a query column gone or renamed,
     * another type, or the tool's columns changed ({@code advanced_metadata}, the target's {@code _uploaded_at} type).
     */
    COLUMNS_CHANGED,
    /** {@code --restart}: the interrupted backfill could have been resumed, and is abandoned as asked. */
    RESTART_REQUESTED,
    NEW_TABLE,
    SCHEMA_ADDITION,
    /**
     * A column's source type changed so that the warehouse column would round its values (a larger numeric scale,
     * double for real): only a backfill recreates the column with the type that holds them.
     */
    TYPE_CHANGED,
    UP_TO_DATE,
    /** {@code --load-type backfill} (or {@code --restart}) on a table that did not need one. */
    FORCED;

    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }
}
