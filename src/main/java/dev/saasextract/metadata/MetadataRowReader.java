package dev.saasextract.metadata;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.OptionalInt;

/**
 * Maps result rows to {@link MetadataRow}. Tables adopted from GitLab have no NOT NULL constraints, so a NULL in a
 * column the tool relies on is reported with the table it came from instead of being read as 0 or false.
 */
final class MetadataRowReader {
    /** GitLab's nine columns in GitLab's order, then the tool's range index. */
    static final List<String> COLUMN_NAMES = List.of("database_name", "table_name", "initial_load_start_date",
            "upload_date", "upload_file_name", "last_extracted_id", "max_id", "is_export_completed", "chunk_row_count",
            "range_index");
    static final String COLUMNS = String.join(", ", COLUMN_NAMES);

    private final String source;

    /** {@code source} names the metadata table in error messages. */
    MetadataRowReader(String source) {
        this.source = source;
    }

    MetadataRow read(ResultSet rs) throws SQLException {
        String tableName = required(rs.getString("table_name"), "table_name", "?");
        return new MetadataRow(
                required(rs.getString("database_name"), "database_name", tableName),
                tableName,
                instant(rs, "initial_load_start_date", tableName),
                instant(rs, "upload_date", tableName),
                rs.getString("upload_file_name"),
                requiredLong(rs, "last_extracted_id", tableName),
                requiredLong(rs, "max_id", tableName),
                required(rs.getObject("is_export_completed", Boolean.class), "is_export_completed", tableName),
                requiredLong(rs, "chunk_row_count", tableName),
                optionalInt(rs, "range_index"));
    }

    private static OptionalInt optionalInt(ResultSet rs, String column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? OptionalInt.empty() : OptionalInt.of(value);
    }

    private Instant instant(ResultSet rs, String column, String tableName) throws SQLException {
        return UtcTimestamps.fromColumn(required(rs.getObject(column, LocalDateTime.class), column, tableName));
    }

    private long requiredLong(ResultSet rs, String column, String tableName) throws SQLException {
        long value = rs.getLong(column);
        if (rs.wasNull()) {
            throw nullIn(column, tableName);
        }
        return value;
    }

    private <T> T required(T value, String column, String tableName) {
        if (value == null) {
            throw nullIn(column, tableName);
        }
        return value;
    }

    private MetadataStoreException nullIn(String column, String tableName) {
        return new MetadataStoreException(
                "NULL in column " + column + " of " + source + " in a row for table " + tableName);
    }
}
