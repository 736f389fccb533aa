package dev.saasextract.plan;

/** What the command line asks of the backfill step. */
public enum BackfillRequest {
    /** {@code --load-type auto}: a backfill only when CONTRACT §4 calls for one. */
    AUTO,
    /** {@code --load-type backfill}: a backfill even when nothing calls for one; an unfinished one is still resumed. */
    FORCED,
    /**
     * {@code --restart}: a new backfill from the first key, even when an unfinished one could be resumed (its query
     * was wrong, its filter has changed since): the unfinished one is abandoned and its staged files removed.
     */
    RESTART
}
