package dev.saasextract.metadata;

import dev.saasextract.sql.SqlIdentifiers;
import static java.util.Objects.requireNonNull;

import dev.saasextract.errors.ConfigException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Progress of every export, in the metadata Postgres, in tables laid out exactly like GitLab's so an existing
 * metadata database keeps working. Rows are only ever appended.
 *
 * <p>"Newest" means latest {@code upload_date}, then latest inserted: the tool writes millisecond timestamps, so
 * two rows of one run can share an {@code upload_date}, and the {@code row_id} column added by the migrations
 * records the insertion order.
 */
public final class MetadataStore {
    private static final Logger LOG = LoggerFactory.getLogger(MetadataStore.class);
    /** Postgres silently truncates longer identifiers (NAMEDATALEN - 1 bytes). */
    private static final int MAX_IDENTIFIER_BYTES = 63;
    private static final String NEWEST_FIRST = "upload_date DESC, row_id DESC";

    private final DataSource dataSource;
    private final String schema;
    private final Map<MetadataTable, String> qualifiedNames = new EnumMap<>(MetadataTable.class);

    private MetadataStore(DataSource dataSource, String schema) {
        this.dataSource = dataSource;
        this.schema = schema;
        for (MetadataTable table : MetadataTable.values()) {
            qualifiedNames.put(table, SqlIdentifiers.qualified(schema, table.tableName()));
        }
    }

    /** Creates the schema and tables if missing, adopts GitLab's, then returns the store. */
    public static MetadataStore open(DataSource dataSource, String schema) {
        requireNonNull(dataSource, "dataSource is null");
        requireNonNull(schema, "schema is null");
        requireUsableSchemaName(schema);
        int applied = MetadataMigrations.migrate(dataSource, schema);
        LOG.debug("metadata schema {} ready ({} migrations applied)", schema, applied);
        return new MetadataStore(dataSource, schema);
    }

    /** The newest row written for {@code tableName}; rows of other tables never count, however new. */
    public Optional<MetadataRow> newest(MetadataTable table, String tableName) {
        requireNonNull(tableName, "tableName is null");
        return first(query(table, "newest row for table " + tableName,
                select(table) + " WHERE table_name = ? ORDER BY " + NEWEST_FIRST + " LIMIT 1", tableName));
    }

    /** The newest row of {@code tableName} that marks a finished export. */
    public Optional<MetadataRow> newestCompleted(MetadataTable table, String tableName) {
        requireNonNull(tableName, "tableName is null");
        return first(query(table, "newest completed row for table " + tableName,
                select(table) + " WHERE table_name = ? AND is_export_completed ORDER BY " + NEWEST_FIRST + " LIMIT 1",
                tableName));
    }

    /** Every row of one load of {@code tableName}, in insertion order. */
    public List<MetadataRow> rowsOfLoad(MetadataTable table, String tableName, Instant initialLoadStartDate) {
        requireNonNull(tableName, "tableName is null");
        requireNonNull(initialLoadStartDate, "initialLoadStartDate is null");
        return query(table, "rows of the load of table " + tableName + " started " + initialLoadStartDate,
                select(table) + " WHERE table_name = ? AND initial_load_start_date = ? ORDER BY row_id",
                tableName, UtcTimestamps.toColumn(initialLoadStartDate));
    }

    /** The newest row of each table, ordered by table name. */
    public List<MetadataRow> newestPerTable(MetadataTable table) {
        return query(table, "newest row per table",
                "SELECT DISTINCT ON (table_name) " + MetadataRowReader.COLUMNS + " FROM " + qualified(table)
                        + " ORDER BY table_name, " + NEWEST_FIRST);
    }

    public void append(MetadataTable table, MetadataRow row) {
        requireNonNull(row, "row is null");
        String sql = "INSERT INTO " + qualified(table) + " (" + MetadataRowReader.COLUMNS + ")"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, row.databaseName());
            statement.setString(2, row.tableName());
            statement.setObject(3, UtcTimestamps.toColumn(row.initialLoadStartDate()));
            statement.setObject(4, UtcTimestamps.toColumn(row.uploadDate()));
            if (row.uploadFileName() == null) {
                statement.setNull(5, Types.VARCHAR);
            } else {
                statement.setString(5, row.uploadFileName());
            }
            statement.setLong(6, row.lastExtractedId());
            statement.setLong(7, row.maxId());
            statement.setBoolean(8, row.exportCompleted());
            statement.setLong(9, row.chunkRowCount());
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new MetadataStoreException("cannot append to " + qualified(table)
                    + " the row for table " + row.tableName() + " file " + row.uploadFileName(), e);
        }
        LOG.debug("{} row for {}: last_extracted_id={} max_id={} completed={} file={}", table.tableName(),
                row.tableName(), row.lastExtractedId(), row.maxId(), row.exportCompleted(), row.uploadFileName());
    }

    /**
     * Takes the writer lock of {@code tableName} for this metadata schema.
     *
     * @throws TableLockedException when another run holds it
     */
    public TableLock lock(String tableName) {
        requireNonNull(tableName, "tableName is null");
        // Keyed by schema too: runs that keep their progress in different schemas do not share state.
        return TableLock.acquire(dataSource, schema + "." + tableName, tableName);
    }

    private String select(MetadataTable table) {
        return "SELECT " + MetadataRowReader.COLUMNS + " FROM " + qualified(table);
    }

    private String qualified(MetadataTable table) {
        return qualifiedNames.get(requireNonNull(table, "table is null"));
    }

    private List<MetadataRow> query(MetadataTable table, String purpose, String sql, Object... parameters) {
        String source = qualified(table);
        MetadataRowReader reader = new MetadataRowReader(source);
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            List<MetadataRow> rows = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    rows.add(reader.read(rs));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new MetadataStoreException("cannot read the " + purpose + " from " + source, e);
        }
    }

    private static Optional<MetadataRow> first(List<MetadataRow> rows) {
        return rows.stream().findFirst();
    }

    private static void requireUsableSchemaName(String schema) {
        if (schema.isBlank()) {
            throw new ConfigException("metadata.schema is empty");
        }
        if (schema.getBytes(StandardCharsets.UTF_8).length > MAX_IDENTIFIER_BYTES) {
            throw new ConfigException("metadata.schema '" + schema + "' is longer than Postgres's "
                    + MAX_IDENTIFIER_BYTES + "-byte limit for names");
        }
    }
}
