package dev.saasextract.warehouse.dialect;

import dev.saasextract.schema.ColumnType;
import dev.saasextract.schema.UploadedAtForm;
import dev.saasextract.sql.SqlIdentifiers;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * How one engine spells what {@code JdbcWarehouse} does: quoting, type names and the SQL of each statement kind.
 * A dialect holds no state and runs nothing, so a new engine is one class. Defaults are standard SQL; an engine
 * overrides what it spells differently.
 *
 * <p>Every identifier in returned SQL goes through {@link #quoted}; the only values spelled into SQL text are file
 * locations in load statements and a session's tag (engines take them as literals, not parameters), through
 * {@link #stringLiteral}.
 */
public interface WarehouseDialect {

    /** The engine's name, for messages. */
    String name();

    /** Statements run once on a new connection. */
    default List<String> sessionSetup() {
        return List.of();
    }

    /**
     * The statement that labels this session's later queries with {@code tag} in the engine's query history, or empty
     * when the engine has no such label (then tagging does nothing).
     */
    default Optional<String> tagSession(String tag) {
        return Optional.empty();
    }

    /**
     * The value bound to a {@code CAST(? AS TIMESTAMP WITH TIME ZONE)} parameter for {@code instant}: by default an
     * offset date-time in UTC, so the instant never depends on the JVM's or the session's time zone.
     */
    default Object timestampParameter(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    /**
     * {@code expression} (a timestamp, with or without time zone) as an exact integer count of microseconds since
     * 1970-01-01, UTC for a timestamp with time zone, naive for one without; empty when the engine has no such
     * spelling. Lets checksums compare timestamps across engines without rendering them as text.
     */
    default Optional<String> epochMicros(String expression) {
        return Optional.empty();
    }

    /** The engine's column type that holds {@code type} without loss, or empty when there is none. */
    Optional<String> columnType(ColumnType type);

    /**
     * Whether a column this engine reports as {@code storedType} ({@link #columnsQuery}'s spelling) takes every value
     * of {@code type} unchanged. The changes the load would make without a word are judged: a wider number into a
     * narrower column rounds it, anything but a number into a number column is parsed and rounded ({@code '1.005'}
     * into {@code DECIMAL(12,2)}), and a timestamp into a {@code DATE} or {@code TIME} column loses half of itself.
     * Other mismatches fail the load.
     */
    default boolean holdsEvery(String storedType, ColumnType type) {
        Optional<NumericCapacity> needed = NumericCapacity.of(type);
        Optional<NumericCapacity> stored = NumericCapacity.ofStored(storedType, floatIsDouble());
        if (stored.isPresent()) {
            return needed.isPresent() && stored.get().holds(needed.get());
        }
        boolean timestamp = type.kind() == ColumnType.Kind.TIMESTAMP || type.kind() == ColumnType.Kind.TIMESTAMPTZ;
        String stripped = storedType.strip();
        return !(timestamp && (stripped.equalsIgnoreCase("DATE") || stripped.equalsIgnoreCase("TIME")));
    }

    /** Whether this engine's {@code FLOAT} and {@code REAL} are 8 bytes wide (DuckDB's are 4). */
    default boolean floatIsDouble() {
        return false;
    }

    /** The identifier in double quotes, with quotes inside doubled, so any name is one identifier and nothing more. */
    default String quoted(String identifier) {
        return SqlIdentifiers.quoted(identifier);
    }

    default String quotedList(List<String> identifiers) {
        return identifiers.stream().map(this::quoted).collect(Collectors.joining(", "));
    }

    default String qualified(TableName table) {
        return quoted(table.schema()) + "." + quoted(table.table());
    }

    default String stringLiteral(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    /**
     * A query with parameters (schema, table) returning {@code table_schema, table_name, column_name, type} of the
     * tables whose schema and name match case-insensitively, in column order. {@code type} is spelled so that
     * {@link #addColumns} accepts it as the column's type (the default suits engines whose {@code data_type} carries
     * precision, scale and element types, as DuckDB's does).
     */
    default String columnsQuery() {
        return "SELECT table_schema, table_name, column_name, data_type FROM information_schema.columns"
                + " WHERE table_catalog = current_database()"
                + " AND lower(table_schema) = lower(?) AND lower(table_name) = lower(?)"
                + " ORDER BY table_schema, table_name, ordinal_position";
    }

    /**
     * A query with one parameter (schema) listing the current database's schemas of that name, matched as
     * {@link #columnsQuery} matches names. Asked before {@link #createSchemaIfMissing}: Snowflake checks the database's
     * CREATE SCHEMA privilege even when the schema exists, and a loader role rarely has it.
     */
    default String schemaQuery() {
        return "SELECT schema_name FROM information_schema.schemata"
                + " WHERE catalog_name = current_database() AND lower(schema_name) = lower(?)";
    }

    default String createSchemaIfMissing(String schema) {
        return "CREATE SCHEMA IF NOT EXISTS " + quoted(schema);
    }

    /** {@code columnDefinitions} are already rendered as {@code "name" TYPE}. */
    default String createTable(TableName table, List<String> columnDefinitions) {
        return "CREATE TABLE " + qualified(table) + " (" + String.join(", ", columnDefinitions) + ")";
    }

    default String dropTable(TableName table) {
        return "DROP TABLE " + qualified(table);
    }

    default String countRows(TableName table) {
        return "SELECT count(*) FROM " + qualified(table);
    }

    /** A query whose one row holds the largest value of {@code column}, NULL when the table has no rows. */
    default String maxValue(TableName table, String column) {
        return "SELECT max(" + quoted(column) + ") FROM " + qualified(table);
    }

    /**
     * Statements, run in one transaction, that add these nullable columns to {@code table}; {@code columnDefinitions}
     * are already rendered as {@code "name" TYPE}. One statement per column, as standard SQL allows one per ALTER.
     */
    default List<String> addColumns(TableName table, List<String> columnDefinitions) {
        return columnDefinitions.stream()
                .map(definition -> "ALTER TABLE " + qualified(table) + " ADD COLUMN " + definition)
                .toList();
    }

    /**
     * The one statement that appends to {@code target} the rows of {@code source} whose {@code uploadedAtColumn} is
     * at or after the first parameter (a timestamp with time zone) and, when {@code keyColumn} is present, whose key
     * is above the second parameter (an integer). Source column i fills target column i; its update count is the
     * number of rows appended. When {@code target} has an upload time column, rows uploaded at an instant some row
     * of {@code target} was uploaded at are not appended: they come from the same staged files, as after a backfill
     * whose swap ran but was not recorded.
     */
    default String appendRowsSince(TableName source, List<String> sourceColumns, TableName target,
            List<String> targetColumns, String uploadedAtColumn, UploadedAtForm uploadedAtForm,
            Optional<String> targetUploadedAtColumn, Optional<String> keyColumn) {
        String keyCondition = keyColumn.map(key -> " AND " + quoted(key) + " > ?").orElse("");
        String notLoadedYet = targetUploadedAtColumn.map(loaded -> " AND " + quoted(uploadedAtColumn)
                + " NOT IN (SELECT DISTINCT " + quoted(loaded) + " FROM " + qualified(target) + " WHERE "
                + quoted(loaded) + " IS NOT NULL)").orElse("");
        return "INSERT INTO " + qualified(target) + " (" + quotedList(targetColumns) + ")"
                + " SELECT " + quotedList(sourceColumns) + " FROM " + qualified(source)
                + " WHERE " + uploadedAt(uploadedAtColumn, ">=", uploadedAtForm)
                + notLoadedYet
                + keyCondition;
    }

    /**
     * An INSERT that adds to {@code keys} the distinct keys of {@code target}'s rows uploaded after the parameter (as
     * {@link #appendRowsSince} binds it); its update count is the number of keys added.
     */
    default String addKeysUploadedAfter(KeyedTable target, KeyedTable keys, String uploadedAtColumn,
            UploadedAtForm uploadedAtForm) {
        return "INSERT INTO " + qualified(keys.table()) + " (" + quoted(keys.keyColumn()) + ")"
                + " SELECT DISTINCT " + quoted(target.keyColumn()) + " FROM " + qualified(target.table())
                + " WHERE " + uploadedAt(uploadedAtColumn, ">", uploadedAtForm);
    }

    /** {@code column <comparison> ?}, the parameter cast as a column of {@code form} compares. */
    private String uploadedAt(String column, String comparison, UploadedAtForm form) {
        return quoted(column) + " " + comparison + " CAST(? AS "
                + (form == UploadedAtForm.TIMESTAMP ? "TIMESTAMP WITH TIME ZONE" : "DOUBLE PRECISION") + ")";
    }

    /**
     * A query whose one row holds the number of live keys of {@code target} up to the parameter (an integer): keys with
     * a row not flagged deleted in {@code isDeletedColumn} (every key when the target has no such column yet), and how
     * many of those {@code keys} lacks: the keys a mark would newly flag. Keys flagged by earlier passes do not count,
     * or a table whose history holds more deleted keys than live ones could never be marked again. Only a left join,
     * no correlated subquery, so any engine runs it.
     */
    default String deletesPreview(KeyedTable target, KeyedTable keys, Optional<String> isDeletedColumn) {
        String presence = quoted("d");
        String live = presence + "." + quoted("live") + " = 1";
        String liveness = isDeletedColumn
                .map(flag -> "max(CASE WHEN COALESCE(" + quoted(flag) + ", FALSE) THEN 0 ELSE 1 END)")
                .orElse("1");
        String targetKeys = "SELECT " + quoted(target.keyColumn()) + " AS " + quoted("key") + ", " + liveness + " AS "
                + quoted("live") + " FROM " + qualified(target.table()) + " WHERE " + quoted(target.keyColumn())
                + " <= ? GROUP BY " + quoted(target.keyColumn());
        return "SELECT count(CASE WHEN " + live + " THEN 1 END), count(CASE WHEN " + live + " AND " + presence + "."
                + quoted("gone") + " THEN 1 END) FROM (" + keyPresence(targetKeys, keys, List.of("live")) + ") "
                + presence;
    }

    /**
     * The one statement that sets {@code isDeletedColumn} of {@code target}'s rows with a key up to the second
     * parameter (an integer) to whether {@code keys} lacks their key, and {@code isDeletedUpdatedAtColumn} to the
     * first parameter (a timestamp with time zone), on exactly the rows whose flag changes (NULL counts as a change).
     * Its update count is the number of rows changed. A join, not GitLab's correlated EXISTS: Snowflake takes a
     * correlated EXISTS only in a WHERE clause and never under OR, and this needs both. The key bound is in the outer
     * WHERE, after the SET's parameter: DuckDB binds a FROM clause's parameters first, Snowflake in text order. DuckDB
     * itself runs the correlated form, which fits its memory limit (DuckDbDialect).
     */
    default String markDeleted(KeyedTable target, KeyedTable keys, String isDeletedColumn,
            String isDeletedUpdatedAtColumn) {
        String row = quoted("t");
        String presence = quoted("d");
        String isDeleted = row + "." + quoted(isDeletedColumn);
        String gone = presence + "." + quoted("gone");
        return "UPDATE " + qualified(target.table()) + " " + row
                + " SET " + quoted(isDeletedColumn) + " = " + gone + ", "
                + quoted(isDeletedUpdatedAtColumn) + " = CAST(? AS TIMESTAMP WITH TIME ZONE)"
                + " FROM (" + keyPresence("SELECT DISTINCT " + quoted(target.keyColumn()) + " AS " + quoted("key")
                + " FROM " + qualified(target.table()), keys, List.of()) + ") " + presence
                + " WHERE " + row + "." + quoted(target.keyColumn()) + " = " + presence + "." + quoted("key")
                + " AND " + row + "." + quoted(target.keyColumn()) + " <= ?"
                + " AND (" + isDeleted + " IS NULL OR " + isDeleted + " <> " + gone + ")";
    }

    /**
     * One row per row of {@code targetKeys} (a query of distinct keys as {@code key}, and {@code carried} columns):
     * {@code key}, the carried columns, and {@code gone}, whether {@code keys} lacks the key. Keys repeat in the
     * target (its rows are versions) and may in the export.
     */
    private String keyPresence(String targetKeys, KeyedTable keys, List<String> carried) {
        String key = quoted("key");
        String targetKey = quoted("tk");
        String sourceKeys = quoted("k");
        StringBuilder columns = new StringBuilder(targetKey + "." + key + " AS " + key);
        carried.forEach(column -> columns.append(", ").append(targetKey).append('.').append(quoted(column))
                .append(" AS ").append(quoted(column)));
        return "SELECT " + columns + ", " + sourceKeys + "." + key + " IS NULL AS " + quoted("gone")
                + " FROM (" + targetKeys + ") " + targetKey
                + " LEFT JOIN (SELECT DISTINCT " + quoted(keys.keyColumn()) + " AS " + key
                + " FROM " + qualified(keys.table()) + ") " + sourceKeys
                + " ON " + sourceKeys + "." + key + " = " + targetKey + "." + key;
    }

    /**
     * A query whose rows name the columns of the staged files (first column), for engines whose load statement needs
     * an explicit column list; empty when {@link #loadFiles} matches columns by name on its own.
     */
    Optional<String> stagedColumnsQuery(List<String> fileUris);

    /**
     * Statements, run in one transaction, that together append all rows of the files to {@code table}, filling
     * {@code columns} (table column names, matched to file columns by name); each file is read by exactly one of them.
     */
    List<LoadStatement> loadFiles(TableName table, List<String> columns, List<String> fileUris);

    /**
     * Whether running {@link #loadFiles}' statements again, after a failure whose commit may have happened, cannot
     * load a file twice: true where the engine remembers the files each table loaded (Snowflake's load metadata).
     * Elsewhere a load is repeated only when the failed attempt was rolled back.
     */
    default boolean loadSkipsLoadedFiles() {
        return false;
    }

    /**
     * Statements, run in one transaction, after which {@code source} is named {@code target} and the old target (if
     * {@code targetExists}) is gone.
     */
    List<String> replaceTable(TableName source, TableName target, boolean targetExists);
}
