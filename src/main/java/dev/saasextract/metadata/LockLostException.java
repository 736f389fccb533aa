package dev.saasextract.metadata;

import dev.saasextract.retry.FinalFailure;

/**
 * A run's writer lock is no longer held: its session ended, so the server released the lock and another run may hold
 * it now. Never retried: only a new run can take the lock again, and this one must stop before it changes anything.
 */
public final class LockLostException extends MetadataStoreException implements FinalFailure {
    LockLostException(String tableName, Throwable cause) {
        super(message(tableName, "the session holding its writer lock ended"), cause);
    }

    LockLostException(String tableName) {
        super(message(tableName, "its writer lock is no longer held"));
    }

    private static String message(String tableName, String what) {
        return "table " + tableName + ": " + what + "; stopping before the warehouse is changed (a rerun takes the lock"
                + " again)";
    }
}
