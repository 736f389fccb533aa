package dev.saasextract.warehouse;

import static java.util.Objects.requireNonNull;

import dev.saasextract.warehouse.dialect.TableName;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Checks, one result row at a time, what a load statement that reports per file (Snowflake's COPY) says it did: every
 * file it was given must come back LOADED, exactly once, and the rows loaded are summed. Anything else (LOAD_FAILED,
 * PARTIALLY_LOADED, a file skipped because the engine remembers loading it) fails the load naming the file.
 */
final class FileLoadResults {

    static final String LOADED = "LOADED";

    private final TableName table;
    /** The files not yet reported, by the name the engine reports them under (the part after the last '/'). */
    private final Map<String, String> pendingByName = new LinkedHashMap<>();
    private long rowsLoaded;
    private String statusWithoutFile;

    /** The files of one statement; they share a folder, so their names are unique. */
    FileLoadResults(TableName table, List<String> fileUris) {
        this.table = requireNonNull(table, "table is null");
        for (String uri : fileUris) {
            if (pendingByName.put(fileName(uri), uri) != null) {
                throw new IllegalArgumentException("load into " + table + ": file " + uri + " listed twice");
            }
        }
    }

    /** One result row. {@code file} may be the whole URI or a path ending in the file's name. */
    void add(FileLoadResult result) {
        String uri = pendingByName.remove(fileName(result.file()));
        if (uri == null) {
            throw new WarehouseException("load into " + table + ": the warehouse reported file " + result.file()
                    + ", which is not one of this statement's files or was reported twice");
        }
        if (!LOADED.equals(result.status().toUpperCase(Locale.ROOT))) {
            throw new WarehouseException("load into " + table + ": file " + uri + " is " + result.status()
                    + ": " + result.firstError());
        }
        rowsLoaded += result.rowsLoaded();
    }

    /**
     * A result row without a file column: Snowflake's "Copy executed with 0 files processed." when its load metadata
     * says every file was already loaded into the table.
     */
    void addStatusWithoutFile(String status) {
        statusWithoutFile = requireNonNull(status, "status is null");
    }

    /** The rows loaded, once every file was reported LOADED. */
    long rowsLoaded() {
        if (!pendingByName.isEmpty()) {
            String skipped = pendingByName.values().iterator().next();
            throw new WarehouseException("load into " + table + ": " + pendingByName.size() + " file(s) not loaded,"
                    + " first " + skipped + (statusWithoutFile == null ? "" : " (the warehouse said: "
                    + statusWithoutFile + ")") + "; Snowflake skips files its load metadata says this table already"
                    + " loaded");
        }
        return rowsLoaded;
    }

    private static String fileName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** One row of a per-file load result; {@code firstError} is null when the file loaded cleanly. */
    record FileLoadResult(String file, String status, long rowsLoaded, String firstError) {
        FileLoadResult {
            requireNonNull(file, "file is null");
            requireNonNull(status, "status is null");
        }
    }
}
