package dev.saasextract.warehouse.dialect;

import dev.saasextract.errors.ConfigException;
import dev.saasextract.schema.ColumnType;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * DuckDB: keeps identifier case as given (and resolves names case-insensitively), reads staged files with
 * {@code read_parquet}, and runs DDL inside transactions, so a replace is a drop and a rename committed together.
 */
public final class DuckDbDialect implements WarehouseDialect {

    private static final int MAX_DECIMAL_PRECISION = 38;
    // read_parquet expands these in a path; a name containing one could silently load other files.
    private static final String GLOB_CHARACTERS = "*?[";
    private static final Pattern URI_SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*://");

    @Override
    public String name() {
        return "DuckDB";
    }

    /** TIMESTAMPTZ values are rendered and cast in the session time zone; pin it so results never depend on the host. */
    @Override
    public List<String> sessionSetup() {
        // DuckDB would take 80% of the machine's memory by default. At 48 MB a load of 8M rows and the deletes
        // UPDATE over them stay at ~75 MB over the JVM, as fast as with 256 MB, which grew with the table. Loads need
        // no insertion order (a table is a set), and one thread keeps the load's memory flat: a 20M-row backfill
        // peaked at 302 MB RSS and loaded in 24 s, against 311 MB and 44 s in insertion order on two threads.
        return List.of("SET TimeZone = 'UTC'", "SET memory_limit = '48MB'", "SET preserve_insertion_order = false",
                "SET threads = 1");
    }

    @Override
    public Optional<String> columnType(ColumnType type) {
        return switch (type.kind()) {
            case SMALLINT -> Optional.of("SMALLINT");
            case INTEGER -> Optional.of("INTEGER");
            case BIGINT -> Optional.of("BIGINT");
            case DECIMAL -> type.precision() <= MAX_DECIMAL_PRECISION
                    ? Optional.of("DECIMAL(" + type.precision() + "," + type.scale() + ")")
                    : Optional.empty();
            case REAL -> Optional.of("REAL");
            case DOUBLE -> Optional.of("DOUBLE");
            case BOOLEAN -> Optional.of("BOOLEAN");
            case TEXT -> Optional.of("VARCHAR");
            case BYTES -> Optional.of("BLOB");
            case DATE -> Optional.of("DATE");
            case TIME -> Optional.of("TIME");
            case TIMESTAMP -> Optional.of("TIMESTAMP");
            case TIMESTAMPTZ -> Optional.of("TIMESTAMPTZ");
            case JSON -> Optional.of("JSON");
            case UUID -> Optional.of("UUID");
            case ARRAY -> columnType(type.element()).map(element -> element + "[]");
        };
    }

    @Override
    public Optional<String> epochMicros(String expression) {
        return Optional.of("epoch_us(" + expression + ")");
    }

    /**
     * GitLab's correlated EXISTS instead of the shared join: DuckDB plans it as a mark join over the exported keys
     * alone, which stays within the session's 48 MB on the demo's million rows, where the join's three hash tables
     * (the target's distinct keys, the keys, the update's own join) ran out of memory.
     */
    @Override
    public String markDeleted(KeyedTable target, KeyedTable keys, String isDeletedColumn,
            String isDeletedUpdatedAtColumn) {
        String row = quoted("t");
        String keyPresent = "EXISTS (SELECT 1 FROM " + qualified(keys.table()) + " " + quoted("k")
                + " WHERE " + quoted("k") + "." + quoted(keys.keyColumn())
                + " = " + row + "." + quoted(target.keyColumn()) + ")";
        String isDeleted = row + "." + quoted(isDeletedColumn);
        return "UPDATE " + qualified(target.table()) + " " + row
                + " SET " + quoted(isDeletedColumn) + " = CASE WHEN " + keyPresent + " THEN FALSE ELSE TRUE END, "
                + quoted(isDeletedUpdatedAtColumn) + " = CAST(? AS TIMESTAMP WITH TIME ZONE)"
                + " WHERE " + row + "." + quoted(target.keyColumn()) + " <= ?"
                + " AND (" + isDeleted + " IS NULL"
                + " OR (" + isDeleted + " = TRUE AND " + keyPresent + ")"
                + " OR (" + isDeleted + " = FALSE AND NOT " + keyPresent + "))";
    }

    @Override
    public Optional<String> stagedColumnsQuery(List<String> fileUris) {
        return Optional.of("SELECT column_name FROM (DESCRIBE SELECT * FROM " + parquetScan(fileUris) + ")");
    }

    /** Quoted names resolve case-insensitively in DuckDB, so the table's spelling also finds the file's column. */
    @Override
    public List<LoadStatement> loadFiles(TableName table, List<String> columns, List<String> fileUris) {
        String columnList = quotedList(columns);
        return List.of(new LoadStatement("INSERT INTO " + qualified(table) + " (" + columnList + ") SELECT "
                + columnList + " FROM " + parquetScan(fileUris), fileUris));
    }

    @Override
    public List<String> replaceTable(TableName source, TableName target, boolean targetExists) {
        String rename = "ALTER TABLE " + qualified(source) + " RENAME TO " + quoted(target.table());
        return targetExists ? List.of(dropTable(target), rename) : List.of(rename);
    }

    private String parquetScan(List<String> fileUris) {
        if (fileUris.isEmpty()) {
            throw new IllegalArgumentException("read_parquet needs at least one file");
        }
        String files = fileUris.stream().map(this::fileLiteral).collect(Collectors.joining(", "));
        return "read_parquet([" + files + "], union_by_name = true)";
    }

    private String fileLiteral(String fileUri) {
        // Reading gcs:// or https:// needs the httpfs extension, which DuckDB downloads; embedded loads stay local.
        if (URI_SCHEME.matcher(fileUri).find()) {
            throw new ConfigException("staged file " + fileUri + ": a DuckDB warehouse reads only local files;"
                    + " stage to a file:// folder");
        }
        if (fileUri.chars().anyMatch(c -> GLOB_CHARACTERS.indexOf(c) >= 0)) {
            throw new IllegalArgumentException("staged file " + fileUri + ": DuckDB would read " + GLOB_CHARACTERS
                    + " in a path as a glob pattern");
        }
        return stringLiteral(fileUri);
    }
}
