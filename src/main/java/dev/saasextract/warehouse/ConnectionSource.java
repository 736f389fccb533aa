package dev.saasextract.warehouse;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;

/**
 * Opens a new connection to the warehouse: when the warehouse is opened, and again after a connection was lost.
 * A failure is a {@link WarehouseException} naming what could not be reached, with the driver's exception as cause.
 */
@FunctionalInterface
public interface ConnectionSource {

    Connection open();

    /** Hands out {@code connection} once; a lost connection cannot be replaced, and saying so is a permanent failure. */
    static ConnectionSource only(Connection connection) {
        requireNonNull(connection, "connection is null");
        boolean[] handedOut = {false};
        return () -> {
            if (handedOut[0]) {
                throw new WarehouseException("the warehouse connection was lost, and this warehouse was given a single"
                        + " connection, not a way to open another");
            }
            handedOut[0] = true;
            return connection;
        };
    }
}
