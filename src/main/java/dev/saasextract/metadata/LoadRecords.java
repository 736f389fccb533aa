package dev.saasextract.metadata;

import dev.saasextract.retry.Retrier;
import dev.saasextract.sql.SqlIdentifiers;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import javax.sql.DataSource;

/**
 * What is recorded once per load besides its progress rows, each keyed by the metadata table, the warehouse table and
 * the load's {@code initial_load_start_date}: its key ranges ({@code export_ranges}) and the query columns of its
 * files and its key column ({@code export_columns}). The part of {@link MetadataStore} that reads and writes them.
 */
final class LoadRecords {
    private static final String KEY_COLUMN = "key_column";
    private static final String ROW_SOURCE = "row_source";
    private static final String SOURCE_TIME = "source_time";
    static final String WINDOW_BEGIN = "window_begin";
    static final String WINDOW_END = "window_end";
    private static final String FILE_COLUMNS = "file_columns";

    private final DataSource dataSource;
    private final Retrier retrier;
    private final SchemaLayout layout;
    private final String exportRanges;
    private final String exportColumns;

    LoadRecords(DataSource dataSource, String schema, Retrier retrier, SchemaLayout layout) {
        this.dataSource = dataSource;
        this.retrier = retrier;
        this.layout = layout;
        this.exportRanges = SqlIdentifiers.qualified(schema, MetadataMigrations.EXPORT_RANGES);
        this.exportColumns = SqlIdentifiers.qualified(schema, MetadataMigrations.EXPORT_COLUMNS);
    }

    /** All ranges or none; a load that has ranges already refuses more (its primary key). */
    void saveRanges(MetadataTable table, String tableName, Instant initialLoadStartDate, List<ExportRange> ranges) {
        String sql = "INSERT INTO " + exportRanges + " (metadata_table, table_name, initial_load_start_date,"
                + " range_index, range_count, lower_exclusive, upper_inclusive, shard_count)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
        retrier.call("record the key ranges of table " + tableName, attempt -> {
            insertRanges(table, tableName, initialLoadStartDate, ranges, sql);
            return null;
        });
    }

    private void insertRanges(MetadataTable table, String tableName, Instant initialLoadStartDate,
            List<ExportRange> ranges, String sql) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                for (ExportRange range : ranges) {
                    bindLoad(statement, table, tableName, initialLoadStartDate);
                    statement.setInt(4, range.rangeIndex());
                    statement.setInt(5, range.rangeCount());
                    if (range.lowerExclusive().isPresent()) {
                        statement.setLong(6, range.lowerExclusive().getAsLong());
                    } else {
                        statement.setNull(6, Types.BIGINT);
                    }
                    statement.setLong(7, range.upperInclusive());
                    statement.setInt(8, range.shardCount());
                    statement.addBatch();
                }
                statement.executeBatch();
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new MetadataStoreException("cannot record the " + ranges.size() + " key ranges of the load of table "
                    + tableName + " started " + initialLoadStartDate + " in " + exportRanges, e);
        }
    }

    List<ExportRange> ranges(MetadataTable table, String tableName, Instant initialLoadStartDate) {
        if (!layout.hasTable(MetadataMigrations.EXPORT_RANGES)) {
            return List.of();
        }
        String sql = "SELECT range_index, range_count, lower_exclusive, upper_inclusive, shard_count FROM "
                + exportRanges + " WHERE metadata_table = ? AND table_name = ? AND initial_load_start_date = ?"
                + " ORDER BY range_index";
        return retrier.call("read the key ranges of table " + tableName,
                attempt -> readRanges(table, tableName, initialLoadStartDate, sql));
    }

    private List<ExportRange> readRanges(MetadataTable table, String tableName, Instant initialLoadStartDate,
            String sql) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            bindLoad(statement, table, tableName, initialLoadStartDate);
            List<ExportRange> ranges = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    long lower = rs.getLong("lower_exclusive");
                    OptionalLong lowerExclusive = rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(lower);
                    ranges.add(new ExportRange(rs.getInt("range_index"), rs.getInt("range_count"), lowerExclusive,
                            rs.getLong("upper_inclusive"), rs.getInt("shard_count")));
                }
            }
            return ranges;
        } catch (SQLException e) {
            throw new MetadataStoreException("cannot read the key ranges of the load of table " + tableName
                    + " started " + initialLoadStartDate + " from " + exportRanges, e);
        }
    }

    /** Once per load: a second call changes nothing. */
    void saveColumns(MetadataTable table, String tableName, Instant initialLoadStartDate, ExportColumns columns) {
        String sql = "INSERT INTO " + exportColumns + " (metadata_table, table_name, initial_load_start_date,"
                + " column_names, key_column, row_source, source_time, window_begin, window_end, file_columns)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";
        retrier.call("record the columns of table " + tableName, attempt -> {
            try (Connection connection = dataSource.getConnection();
                    PreparedStatement statement = connection.prepareStatement(sql)) {
                bindLoad(statement, table, tableName, initialLoadStartDate);
                statement.setArray(4, connection.createArrayOf("varchar", columns.names().toArray()));
                statement.setString(5, columns.key().orElse(null));
                statement.setString(6, columns.rowSource().orElse(null));
                statement.setObject(7, columns.sourceTime().map(UtcTimestamps::toColumn).orElse(null));
                statement.setObject(8, columns.window().map(w -> UtcTimestamps.toColumn(w.begin())).orElse(null));
                statement.setObject(9, columns.window().map(w -> UtcTimestamps.toColumn(w.end())).orElse(null));
                statement.setArray(10, columns.fileColumns().isEmpty() ? null
                        : connection.createArrayOf("varchar", columns.fileColumns().get().toArray()));
                statement.executeUpdate();
                return null;
            } catch (SQLException e) {
                throw new MetadataStoreException("cannot record the columns of the load of table " + tableName
                        + " started " + initialLoadStartDate + " in " + exportColumns, e);
            }
        });
    }

    Optional<ExportColumns> columns(MetadataTable table, String tableName, Instant initialLoadStartDate) {
        if (!layout.hasTable(MetadataMigrations.EXPORT_COLUMNS)) {
            return Optional.empty();
        }
        // A schema read before V5 ran has no key column, one before V6 no row source, one before V7 no source time,
        // one before V9 no window and no file columns.
        String sql = "SELECT column_names, " + columnOrNull(KEY_COLUMN) + ", " + columnOrNull(ROW_SOURCE) + ", "
                + columnOrNull(SOURCE_TIME) + ", " + columnOrNull(WINDOW_BEGIN) + ", " + columnOrNull(WINDOW_END)
                + ", " + columnOrNull(FILE_COLUMNS) + " FROM " + exportColumns
                + " WHERE metadata_table = ? AND table_name = ? AND initial_load_start_date = ?";
        return retrier.call("read the columns of table " + tableName, attempt -> {
            try (Connection connection = dataSource.getConnection();
                    PreparedStatement statement = connection.prepareStatement(sql)) {
                bindLoad(statement, table, tableName, initialLoadStartDate);
                try (ResultSet rs = statement.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    Optional<Instant> begin = instant(rs, 5);
                    Optional<Instant> end = instant(rs, 6);
                    Optional<ExportColumns.Window> window = begin.isPresent() && end.isPresent()
                            ? Optional.of(new ExportColumns.Window(begin.get(), end.get())) : Optional.empty();
                    Array files = rs.getArray(7);
                    return Optional.of(new ExportColumns(List.of((String[]) rs.getArray(1).getArray()),
                            Optional.ofNullable(rs.getString(2)), Optional.ofNullable(rs.getString(3)),
                            instant(rs, 4), window,
                            files == null ? Optional.empty() : Optional.of(List.of((String[]) files.getArray()))));
                }
            } catch (SQLException e) {
                throw new MetadataStoreException("cannot read the columns of the load of table " + tableName
                        + " started " + initialLoadStartDate + " from " + exportColumns, e);
            }
        });
    }

    private static Optional<Instant> instant(ResultSet rs, int column) throws SQLException {
        return Optional.ofNullable(rs.getObject(column, LocalDateTime.class)).map(UtcTimestamps::fromColumn);
    }

    private String columnOrNull(String column) {
        return layout.hasColumn(MetadataMigrations.EXPORT_COLUMNS, column) ? column : "NULL";
    }

    /** Binds the first three parameters, which name one load in {@code export_ranges} and {@code export_columns}. */
    private static void bindLoad(PreparedStatement statement, MetadataTable table, String tableName,
            Instant initialLoadStartDate) throws SQLException {
        statement.setString(1, table.tableName());
        statement.setString(2, tableName);
        statement.setObject(3, UtcTimestamps.toColumn(initialLoadStartDate));
    }
}
