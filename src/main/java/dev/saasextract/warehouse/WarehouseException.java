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
     * "action: first line of the driver's message". DuckDB appends the statement text with a caret on further lines;
     * the whole text stays reachable through the cause.
     */
    static WarehouseException failed(String action, SQLException cause) {
        String message = String.valueOf(cause.getMessage()).strip();
        int lineEnd = message.indexOf('\n');
        return new WarehouseException(action + ": " + (lineEnd < 0 ? message : message.substring(0, lineEnd).strip()), cause);
    }
}
