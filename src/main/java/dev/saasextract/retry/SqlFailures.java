package dev.saasextract.retry;

import dev.saasextract.errors.InvalidInputException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Optional;
import java.util.Set;

/**
 * Tells transient database failures from permanent ones by the SQLSTATE of the first {@link SQLException} in the
 * cause chain. Anything not known to be transient is permanent: an unexpected failure is reported, not retried.
 */
public final class SqlFailures {
    /** Connection exceptions: refused, lost, broken mid-statement. */
    private static final String CONNECTION_CLASS = "08";

    private static final Set<String> TRANSIENT_STATES = Set.of(
            "40001", // serialization failure; on a hot standby also "canceling statement due to conflict with recovery"
            "40P01", // deadlock detected
            "57P01", // admin shutdown: pg_terminate_backend, or the server stopping
            "57P02", // crash shutdown: another backend crashed and the server is resetting
            "57P03", // cannot connect now: the server is starting up or shutting down
            "57014", // query canceled: statement_timeout, or a cancel request
            "53300", // too many connections
            "55P03"); // lock not available: lock_timeout

    private SqlFailures() {
    }

    /**
     * A {@link FinalFailure} anywhere in the chain makes it permanent: e.g. a failure an inner {@link Retrier} already
     * retried to exhaustion, so that retries do not multiply.
     */
    public static FailureKind classify(Throwable failure) {
        if (isFinalOrBadInput(failure)) {
            return FailureKind.PERMANENT;
        }
        Optional<SQLException> sql = firstSqlException(failure);
        if (sql.isEmpty()) {
            return FailureKind.PERMANENT;
        }
        String state = sql.get().getSQLState();
        if (state == null) {
            boolean transientType = sql.get() instanceof SQLTransientException
                    || sql.get() instanceof SQLRecoverableException;
            return transientType ? FailureKind.TRANSIENT : FailureKind.PERMANENT;
        }
        return isTransientState(state) ? FailureKind.TRANSIENT : FailureKind.PERMANENT;
    }

    public static boolean isTransient(Throwable failure) {
        return classify(failure) == FailureKind.TRANSIENT;
    }

    public static boolean isTransientState(String sqlState) {
        return isConnectionState(sqlState) || TRANSIENT_STATES.contains(sqlState);
    }

    /** SQLSTATE class 08: the connection was refused, lost or broken, so it cannot be used again. */
    public static boolean isConnectionState(String sqlState) {
        return sqlState.startsWith(CONNECTION_CLASS);
    }

    /** Bad input, or a failure that says it must not be retried: never worth another attempt. */
    static boolean isFinalOrBadInput(Throwable failure) {
        return failure instanceof InvalidInputException || causedBy(failure, FinalFailure.class);
    }

    /** The SQLSTATE of the first SQLException in the cause chain that has one. */
    public static Optional<String> sqlState(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = next(cause)) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                return Optional.of(sql.getSQLState());
            }
        }
        return Optional.empty();
    }

    /** The first SQLException of the chain, preferring one with a SQLSTATE. */
    private static Optional<SQLException> firstSqlException(Throwable failure) {
        SQLException first = null;
        for (Throwable cause = failure; cause != null; cause = next(cause)) {
            if (cause instanceof SQLException sql) {
                if (sql.getSQLState() != null) {
                    return Optional.of(sql);
                }
                if (first == null) {
                    first = sql;
                }
            }
        }
        return Optional.ofNullable(first);
    }

    private static boolean causedBy(Throwable failure, Class<?> type) {
        for (Throwable cause = failure; cause != null; cause = next(cause)) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    private static Throwable next(Throwable cause) {
        return cause.getCause() == cause ? null : cause.getCause();
    }
}
