package dev.saasextract.retry;

import java.sql.SQLException;
import java.util.Optional;
import java.util.Set;

/**
 * Tells transient warehouse failures from permanent ones. Snowflake's JDBC driver reports its own failures with a
 * vendor code ({@link SQLException#getErrorCode()}) whose SQLSTATE does not say "connection": a communication error
 * is 200015 with SQLSTATE 58030. So the vendor code decides first, then the SQLSTATE as {@link SqlFailures} reads it
 * (class 08, 57014 statement timeout or cancel, ...). Codes are those of snowflake-jdbc's {@code ErrorCode} and of
 * Snowflake's session errors (390xxx); DuckDB and Postgres report code 0, which none of them is.
 */
public final class WarehouseFailures {

    /** The driver could not reach Snowflake, or the session it held is gone: a new connection may succeed. */
    private static final Set<Integer> CONNECTION_LOST_CODES = Set.of(
            200002, // CONNECTION_ERROR: "JDBC driver not able to connect to Snowflake" (SQLSTATE 08001)
            200015, // NETWORK_ERROR: "JDBC driver encountered communication error", after its own HTTP retries
            200016, // IO_ERROR: "JDBC driver encountered IO error"
            390111, // session no longer exists
            390112, // session token expired
            390114); // master (authentication) token expired: the session needs a new login

    /** Retrying these gives the same answer, whatever SQLSTATE the driver attaches. */
    private static final Set<Integer> PERMANENT_CODES = Set.of(
            390100, // incorrect username or password was specified
            390144); // JWT token is invalid (key-pair login)

    private WarehouseFailures() {
    }

    /** A {@link FinalFailure} or bad input is permanent, as for {@link SqlFailures}. */
    public static FailureKind classify(Throwable failure) {
        if (SqlFailures.isFinalOrBadInput(failure)) {
            return FailureKind.PERMANENT;
        }
        Optional<Integer> code = vendorCode(failure);
        if (code.filter(PERMANENT_CODES::contains).isPresent()) {
            return FailureKind.PERMANENT;
        }
        if (code.filter(CONNECTION_LOST_CODES::contains).isPresent()) {
            return FailureKind.TRANSIENT;
        }
        return SqlFailures.classify(failure);
    }

    public static boolean isTransient(Throwable failure) {
        return classify(failure) == FailureKind.TRANSIENT;
    }

    /**
     * Whether the failure says the connection itself is unusable (SQLSTATE class 08, or one of Snowflake's
     * communication and session codes), so that the next attempt must open a new one.
     */
    public static boolean isConnectionLost(Throwable failure) {
        Optional<Integer> code = vendorCode(failure);
        if (code.filter(PERMANENT_CODES::contains).isPresent()) {
            return false;
        }
        return code.filter(CONNECTION_LOST_CODES::contains).isPresent()
                || SqlFailures.sqlState(failure).filter(SqlFailures::isConnectionState).isPresent();
    }

    /** The vendor code of the first SQLException in the chain that has one other than 0. */
    private static Optional<Integer> vendorCode(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getErrorCode() != 0) {
                return Optional.of(sql.getErrorCode());
            }
        }
        return Optional.empty();
    }
}
