package dev.saasextract.retry;

/** Whether doing the same thing again may succeed. */
public enum FailureKind {
    /** The connection dropped, the server restarted, a timeout or a conflict: worth another attempt. */
    TRANSIENT,
    /** Bad credentials, bad SQL, a missing table, bad data, our own bug: retrying gives the same answer. */
    PERMANENT
}
