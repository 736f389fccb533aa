package dev.saasextract.metadata;

/** Another run holds the writer lock of the table. Not a usage error: the same run can succeed later. */
public class TableLockedException extends RuntimeException {
    public TableLockedException(String tableName) {
        super("table " + tableName + " is being loaded by another run");
    }

    /** @param detail what the other run is doing and what this one waits for */
    public TableLockedException(String tableName, String detail) {
        super("table " + tableName + " is being loaded by another run: " + detail);
    }
}
