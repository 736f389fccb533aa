package dev.saasextract.warehouse;

import java.sql.SQLException;

/** A warehouse statement failed at run time (connection, load, DDL). Safe to retry, so the CLI maps it to exit 1. */
public class WarehouseException extends RuntimeException {

    public WarehouseException(String message) {
        super(message);
    }

    public WarehouseException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * "action: the driver's message on one line". The message ends at its first blank line: DuckDB puts the
     * statement text with a caret after one; the whole text stays reachable through the cause.
     */
    static WarehouseException failed(String action, SQLException cause) {
        return new WarehouseException(action + ": " + driverMessage(cause), cause);
    }

    /** The driver's message up to its first blank line, on one line. */
    static String driverMessage(SQLException cause) {
        String message = String.valueOf(cause.getMessage()).strip().split("\\R\\h*\\R", 2)[0];
        return message.replaceAll("\\s*\\R\\s*", " ");
    }
}
