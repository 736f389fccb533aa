package dev.saasextract.warehouse;

import dev.saasextract.schema.ColumnSpec;
import dev.saasextract.schema.ColumnType;
import dev.saasextract.warehouse.dialect.WarehouseDialect;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * The warehouse operations the load logic needs. Table and column names are looked up case-insensitively everywhere;
 * new names are created exactly as given. Each operation is one transaction. Implementations are not thread-safe.
 */
public interface Warehouse extends AutoCloseable {

    /** Column names of schema.table as stored, or empty when the table does not exist. Table lookup is case-insensitive. */
    default Optional<List<String>> columns(String schema, String table) {
        return columnTypes(schema, table).map(types -> List.copyOf(types.keySet()));
    }

    /**
     * Column names of schema.table as stored, in table order, each with its type as the warehouse spells it (e.g.
     * {@code FLOAT}, {@code NUMBER(38,0)}, {@code TIMESTAMP WITH TIME ZONE}); empty when the table does not exist.
     */
    Optional<Map<String, String>> columnTypes(String schema, String table);

    /**
     * Labels this session's later statements with {@code tag} in the warehouse's query history (Snowflake's
     * QUERY_TAG), e.g. a JSON object naming the table and load type; does nothing where the engine has no such label.
     */
    void tagSession(String tag);

    /** Drops schema.table if present and creates it with these columns (schema created if missing). */
    void createTable(String schema, String table, List<ColumnSpec> columns);

    /**
     * Appends the Parquet files (columns matched by name, ignoring case), all or nothing; returns rows loaded. Table
     * columns the files lack stay NULL. A file column the table lacks fails the load, naming it, on DuckDB; Snowflake's
     * COPY ... MATCH_BY_COLUMN_NAME ignores it, so callers add query columns to the table before loading.
     */
    default long load(String schema, String table, List<String> fileUris) {
        return load(schema, table, fileUris, OptionalLong.empty());
    }

    /**
     * As {@link #load(String, String, List)}, and nothing at all when the files hold another number of rows than
     * {@code expectedRows}: the check runs before the load commits, so a short or long load never appends.
     */
    long load(String schema, String table, List<String> fileUris, OptionalLong expectedRows);

    /** Atomically makes {@code source} the new {@code target} (replacing it if present, renaming if absent); {@code source} is gone after. */
    void replace(String schema, String source, String target);

    void dropIfExists(String schema, String table);

    long count(String schema, String table);

    /** The largest value of an integer column, empty when the table has no rows; the table must exist. */
    OptionalLong maxKey(String schema, String table, String column);

    /**
     * Adds to {@code to} every column of {@code from} that it lacks, with the same type and nullable, so that rows
     * copied from {@code from} lose nothing; returns the names added (as {@code from} spells them), in its order.
     */
    List<String> keepColumns(String schema, String from, String to);

    /**
     * Adds to the exported keys table {@code keysSchema.keysTable} the distinct keys of {@code schema.table}'s rows
     * uploaded after {@code since} (its {@code _uploaded_at}, timestamp or epoch seconds); none when the table has no
     * {@code _uploaded_at}. Returns how many rows it added.
     */
    long addKeysUploadedAfter(String schema, String table, String keysSchema, String keysTable, String keyColumn,
            Instant since);

    /**
     * Appends to {@code to} the rows of {@code from} whose {@code uploadedAtColumn} is at or after
     * {@code uploadedSince} and, when {@code keyAbove} is present, whose {@code keyColumn} is above it. Columns are
     * matched by name; those only in {@code to} stay NULL, those only in {@code from} are not copied (warned about).
     * Returns the rows appended. Used before a backfill's swap so that rows a regular load appended to the live
     * target meanwhile survive it.
     */
    long carryOver(String schema, String from, String to, String uploadedAtColumn, Instant uploadedSince,
            String keyColumn, OptionalLong keyAbove);

    /**
     * Whether a column stored as {@code storedType} (as {@link #columnTypes} reports it) takes every value of
     * {@code type} unchanged; see {@link dev.saasextract.warehouse.dialect.WarehouseDialect#holdsEvery}.
     */
    boolean holdsEvery(String storedType, ColumnType type);

    /**
     * Adds to schema.table, nullable and typed through the dialect, each of {@code columns} it lacks (ignoring case);
     * returns the names added, as given, in the given order. The table must exist.
     */
    List<String> addMissingColumns(String schema, String table, List<ColumnSpec> columns);

    /**
     * Counts the distinct {@code keyColumn} values of schema.table up to {@code maxKey} and how many of them are
     * absent from keysSchema.keysTable (the exported source keys), whose key column has the same name.
     */
    DeletesPreview previewDeletes(String schema, String table, String keysSchema, String keysTable, String keyColumn,
            long maxKey);

    /**
     * In one statement, sets {@code is_deleted} of the rows of schema.table whose key is at most {@code maxKey} to
     * whether keysSchema.keysTable lacks the key, and {@code is_deleted_updated_at} to {@code at}, on exactly the
     * rows whose flag changes (NULL counts as a change); rows with a higher key, appended while the keys were
     * exported, are left alone. Returns the rows changed. The table must already have both columns
     * ({@link dev.saasextract.schema.ToolColumns}).
     */
    long markDeleted(String schema, String table, String keysSchema, String keysTable, String keyColumn, long maxKey,
            Instant at);

    /** Receives each row of a {@link #read} query with the cursor on it; must not keep the ResultSet. */
    @FunctionalInterface
    interface RowHandler {
        void row(ResultSet row) throws SQLException;
    }

    /**
     * Runs one query that {@code query} spells in this warehouse's dialect (identifiers through its quoting, values
     * as {@code ?} bound from {@code parameters}) and hands each row to {@code handler}; returns the rows read.
     * For checks that read the warehouse as the source is read, such as {@code extract verify}.
     */
    long read(String action, Function<WarehouseDialect, String> query, List<?> parameters, RowHandler handler);

    @Override
    void close();
}
