package dev.saasextract.warehouse;

import dev.saasextract.schema.ColumnSpec;
import java.util.List;
import java.util.Optional;

/**
 * The warehouse operations the load logic needs. Table names are looked up case-insensitively everywhere; new names
 * are created exactly as given. Implementations are not thread-safe.
 */
public interface Warehouse extends AutoCloseable {

    /** Column names of schema.table as stored, or empty when the table does not exist. Table lookup is case-insensitive. */
    Optional<List<String>> columns(String schema, String table);

    /** Drops schema.table if present and creates it with these columns (schema created if missing). */
    void createTable(String schema, String table, List<ColumnSpec> columns);

    /** Loads the Parquet files (columns matched by name, case-insensitive), all or nothing; returns rows loaded. */
    long load(String schema, String table, List<String> fileUris);

    /** Atomically makes {@code source} the new {@code target} (replacing it if present, renaming if absent); {@code source} is gone after. */
    void replace(String schema, String source, String target);

    void dropIfExists(String schema, String table);

    long count(String schema, String table);

    @Override
    void close();
}
