package dev.saasextract.metadata;

import static java.util.Objects.requireNonNull;

import dev.saasextract.errors.ConfigException;
import dev.saasextract.retry.Retrier;
import dev.saasextract.sql.SqlIdentifiers;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Progress of every export, in the metadata Postgres, in tables laid out exactly like GitLab's so an existing
 * metadata database keeps working. Rows are only ever appended.
 *
 * <p>Every call runs again after a transient failure (a terminated session, a failover), on a new pooled connection,
 * as the {@link Retrier} says. That is safe for the reads, for {@link #saveRanges} (a primary key refuses a second
 * copy) and for {@link #append}, which adds nothing when an identical row exists: a retried append whose first
 * attempt did commit cannot record a file twice.
 *
 * <p>"Newest" means latest {@code upload_date}, then latest inserted: the tool writes millisecond timestamps, so
 * two rows of one run can share an {@code upload_date}, and the {@code row_id} column added by the migrations
 * records the insertion order.
 */
public final class MetadataStore {
    private static final Logger LOG = LoggerFactory.getLogger(MetadataStore.class);
    /** Postgres silently truncates longer identifiers (NAMEDATALEN - 1 bytes). */
    private static final int MAX_IDENTIFIER_BYTES = 63;
    private static final String ROW_ID = "row_id";
    private static final String RANGE_INDEX = "range_index";

    private final DataSource dataSource;
    private final String schema;
    private final Retrier retrier;
    private final Map<MetadataTable, String> qualifiedNames = new EnumMap<>(MetadataTable.class);
    private final LoadRecords loadRecords;
    /** The writer and shard locks this store handed out that are not closed yet. */
    private final Set<TableLock> heldLocks = ConcurrentHashMap.newKeySet();
    private final Access access;
    private final SchemaLayout layout;

    /** What a store may do: a reading store writes nothing and takes no lock. */
    private enum Access { READ_WRITE, READ }

    private MetadataStore(DataSource dataSource, String schema, Retrier retrier, Access access, SchemaLayout layout) {
        this.dataSource = dataSource;
        this.schema = schema;
        this.retrier = retrier;
        this.access = access;
        this.layout = layout;
        for (MetadataTable table : MetadataTable.values()) {
            qualifiedNames.put(table, SqlIdentifiers.qualified(schema, table.tableName()));
        }
        this.loadRecords = new LoadRecords(dataSource, schema, retrier, layout);
    }

    /** Creates the schema and tables if missing, adopts GitLab's, then returns the store. */
    public static MetadataStore open(DataSource dataSource, String schema) {
        return open(dataSource, schema, Retrier.forSql());
    }

    /** As {@link #open(DataSource, String)}, retrying each later call's transient failures as {@code retrier} says. */
    public static MetadataStore open(DataSource dataSource, String schema, Retrier retrier) {
        requireNonNull(dataSource, "dataSource is null");
        requireNonNull(schema, "schema is null");
        requireNonNull(retrier, "retrier is null");
        requireUsableSchemaName(schema);
        int applied = MetadataMigrations.migrate(dataSource, schema);
        LOG.debug("metadata schema {} ready ({} migrations applied)", schema, applied);
        return new MetadataStore(dataSource, schema, retrier, Access.READ_WRITE, SchemaLayout.COMPLETE);
    }

    /**
     * Opens the schema for reading only, changing nothing: for {@code plan} and {@code status}. A schema without the
     * tool's tables reads as one where nothing was recorded yet; one the next run would first migrate (GitLab's
     * pipeline's tables, an older version's) is read as it is, see {@link SchemaLayout}.
     */
    public static MetadataStore openForReading(DataSource dataSource, String schema, Retrier retrier) {
        requireNonNull(retrier, "retrier is null");
        SchemaLayout layout = switch (state(dataSource, schema)) {
            case CURRENT -> SchemaLayout.COMPLETE;
            case ABSENT -> {
                LOG.debug("metadata schema {} has no tables yet: nothing recorded", schema);
                yield SchemaLayout.EMPTY;
            }
            case NOT_MIGRATED -> {
                LOG.debug("metadata schema {} is not migrated to this version yet: read as it is", schema);
                yield SchemaLayout.inspect(dataSource, schema);
            }
        };
        return new MetadataStore(dataSource, schema, retrier, Access.READ, layout);
    }

    /** What {@code schema} holds, found without changing it. */
    public static MetadataSchemaState state(DataSource dataSource, String schema) {
        requireNonNull(dataSource, "dataSource is null");
        requireUsableSchemaName(requireNonNull(schema, "schema is null"));
        return MetadataMigrations.state(dataSource, schema);
    }

    /** The newest row written for {@code tableName}; rows of other tables never count, however new. */
    public Optional<MetadataRow> newest(MetadataTable table, String tableName) {
        requireNonNull(tableName, "tableName is null");
        return first(query(table, "newest row for table " + tableName,
                select(table) + " WHERE table_name = ? ORDER BY " + newestFirst(table) + " LIMIT 1", tableName));
    }

    /** The newest row of {@code tableName} that marks a finished export. */
    public Optional<MetadataRow> newestCompleted(MetadataTable table, String tableName) {
        requireNonNull(tableName, "tableName is null");
        return first(query(table, "newest completed row for table " + tableName,
                select(table) + " WHERE table_name = ? AND is_export_completed ORDER BY " + newestFirst(table)
                        + " LIMIT 1",
                tableName));
    }

    /**
     * The newest completed regular load of {@code tableName} whose last row was written after {@code after} and that
     * read across {@code from}..{@code to}: its recorded time window began at or before {@code from} and ended at or
     * after {@code to}. A load without a recorded window (by id, or started before windows were recorded) counts.
     */
    public Optional<MetadataRow> newestCompletedRegularLoadAcross(String tableName, Instant after, Instant from,
            Instant to) {
        requireNonNull(tableName, "tableName is null");
        MetadataTable table = MetadataTable.INCREMENTAL;
        boolean windowsRecorded = layout.hasColumn(MetadataMigrations.EXPORT_COLUMNS, LoadRecords.WINDOW_BEGIN);
        String windowCondition = windowsRecorded
                ? " AND NOT EXISTS (SELECT 1 FROM " + SqlIdentifiers.qualified(schema, MetadataMigrations.EXPORT_COLUMNS)
                        + " c WHERE c.metadata_table = ? AND c.table_name = m.table_name"
                        + " AND c.initial_load_start_date = m.initial_load_start_date AND c.window_begin IS NOT NULL"
                        + " AND (c.window_begin > ? OR c.window_end < ?))"
                : "";
        List<Object> parameters = new ArrayList<>(List.of(tableName, UtcTimestamps.toColumn(after)));
        if (windowsRecorded) {
            parameters.addAll(List.of(table.tableName(), UtcTimestamps.toColumn(from), UtcTimestamps.toColumn(to)));
        }
        return first(query(table, "newest completed regular load of table " + tableName + " across " + from + ".."
                + to, select(table) + " m WHERE m.table_name = ? AND m.is_export_completed AND m.upload_date > ?"
                        + windowCondition + " ORDER BY " + newestFirst(table) + " LIMIT 1",
                parameters.toArray()));
    }

    /** Every row of one load of {@code tableName}, in insertion order. */
    public List<MetadataRow> rowsOfLoad(MetadataTable table, String tableName, Instant initialLoadStartDate) {
        requireNonNull(tableName, "tableName is null");
        requireNonNull(initialLoadStartDate, "initialLoadStartDate is null");
        return query(table, "rows of the load of table " + tableName + " started " + initialLoadStartDate,
                select(table) + " WHERE table_name = ? AND initial_load_start_date = ? ORDER BY "
                        + insertionOrder(table),
                tableName, UtcTimestamps.toColumn(initialLoadStartDate));
    }

    /** The highest {@code last_extracted_id} recorded per range index in one load; rows without a range are left out. */
    public Map<Integer, Long> lastExtractedByRange(MetadataTable table, String tableName, Instant initialLoadStartDate) {
        requireNonNull(tableName, "tableName is null");
        requireNonNull(initialLoadStartDate, "initialLoadStartDate is null");
        if (!layout.hasColumn(table.tableName(), RANGE_INDEX)) {
            return Map.of();
        }
        String sql = "SELECT range_index, max(last_extracted_id) FROM " + qualified(table)
                + " WHERE table_name = ? AND initial_load_start_date = ? AND range_index IS NOT NULL"
                + " GROUP BY range_index";
        return retrier.call("read the progress per range of table " + tableName,
                attempt -> readLastExtractedByRange(table, tableName, initialLoadStartDate, sql));
    }

    private Map<Integer, Long> readLastExtractedByRange(MetadataTable table, String tableName,
            Instant initialLoadStartDate, String sql) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, tableName);
            statement.setObject(2, UtcTimestamps.toColumn(initialLoadStartDate));
            Map<Integer, Long> last = new HashMap<>();
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    last.put(rs.getInt(1), rs.getLong(2));
                }
            }
            return last;
        } catch (SQLException e) {
            throw new MetadataStoreException("cannot read the progress per range of the load of table " + tableName
                    + " started " + initialLoadStartDate + " from " + qualified(table), e);
        }
    }

    /** The newest row of each table, ordered by table name. */
    public List<MetadataRow> newestPerTable(MetadataTable table) {
        return query(table, "newest row per table",
                "SELECT DISTINCT ON (table_name) " + selectList(table) + " FROM " + qualified(table)
                        + " ORDER BY table_name, " + newestFirst(table));
    }

    /** Appends {@code row}, unless a row equal to it in every column is there already (a retry's first attempt). */
    public void append(MetadataTable table, MetadataRow row) {
        requireNonNull(row, "row is null");
        requireWritable();
        String sql = appendUnlessPresent(qualified(table));
        retrier.call("append to " + qualified(table) + " the row for table " + row.tableName(), attempt -> {
            insert(table, row, sql);
            return null;
        });
        LOG.debug("{} row for {}: last_extracted_id={} max_id={} completed={} file={} range={}", table.tableName(),
                row.tableName(), row.lastExtractedId(), row.maxId(), row.exportCompleted(), row.uploadFileName(),
                row.rangeIndex());
    }

    /**
     * One statement, so its check and its insert cannot be split by a failure. Only this run writes a row equal to
     * its own (same upload time to the millisecond), so no concurrent insert can slip between them. The table name
     * and upload date narrow the search to the newest-row index.
     */
    private static String appendUnlessPresent(String qualifiedTable) {
        String columns = MetadataRowReader.COLUMNS;
        return "INSERT INTO " + qualifiedTable + " (" + columns + ") SELECT " + columns
                + " FROM (VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)) AS new_row (" + columns + ")"
                + " WHERE NOT EXISTS (SELECT 1 FROM " + qualifiedTable + " AS old_row"
                + " WHERE old_row.table_name = new_row.table_name AND old_row.upload_date = new_row.upload_date"
                + " AND (" + columnsOf("old_row") + ") IS NOT DISTINCT FROM (" + columnsOf("new_row") + "))";
    }

    private static String columnsOf(String alias) {
        return MetadataRowReader.COLUMN_NAMES.stream().map(column -> alias + "." + column)
                .collect(Collectors.joining(", "));
    }

    private void insert(MetadataTable table, MetadataRow row, String sql) {
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
            if (row.rangeIndex().isPresent()) {
                statement.setInt(10, row.rangeIndex().getAsInt());
            } else {
                statement.setNull(10, Types.INTEGER);
            }
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new MetadataStoreException("cannot append to " + qualified(table)
                    + " the row for table " + row.tableName() + " file " + row.uploadFileName(), e);
        }
    }

    /**
     * Records the key ranges of one load, all or none.
     *
     * @throws MetadataStoreException also when the load already has ranges: a plan is written once
     */
    public void saveRanges(MetadataTable table, String tableName, Instant initialLoadStartDate,
            List<ExportRange> ranges) {
        requireLoad(tableName, initialLoadStartDate);
        requireWritable();
        loadRecords.saveRanges(table, tableName, initialLoadStartDate, ranges);
    }

    /** The key ranges of one load in index order; empty when the load is exported as a single range. */
    public List<ExportRange> ranges(MetadataTable table, String tableName, Instant initialLoadStartDate) {
        requireLoad(tableName, initialLoadStartDate);
        return loadRecords.ranges(table, tableName, initialLoadStartDate);
    }

    /**
     * Records the query columns of one load's files and its key column, when the load starts. Written once: a load
     * that has them keeps them, so a retried call is harmless.
     */
    public void saveColumns(MetadataTable table, String tableName, Instant initialLoadStartDate,
            ExportColumns columns) {
        requireLoad(tableName, initialLoadStartDate);
        requireWritable();
        loadRecords.saveColumns(table, tableName, initialLoadStartDate, columns);
    }

    /**
     * The query columns and key recorded for one load; empty for a load started before they were recorded, or
     * elsewhere.
     */
    public Optional<ExportColumns> columns(MetadataTable table, String tableName, Instant initialLoadStartDate) {
        requireLoad(tableName, initialLoadStartDate);
        return loadRecords.columns(table, tableName, initialLoadStartDate);
    }

    /**
     * What the load of {@code newest} recorded when it started, if that load is unfinished: the record a resume has to
     * respect. Empty for a completed load, whose record no decision needs.
     */
    public Optional<ExportColumns> startedWith(MetadataTable table, MetadataRow newest) {
        return newest.exportCompleted() ? Optional.empty()
                : columns(table, newest.tableName(), newest.initialLoadStartDate());
    }

    private static void requireLoad(String tableName, Instant initialLoadStartDate) {
        requireNonNull(tableName, "tableName is null");
        requireNonNull(initialLoadStartDate, "initialLoadStartDate is null");
    }

    /**
     * Takes the writer lock of {@code tableName} for this metadata schema.
     *
     * @throws TableLockedException when another run holds it
     */
    public TableLock lock(String tableName) {
        return lock(tableName, Duration.ZERO);
    }

    /**
     * Takes the writer lock of {@code tableName}, waiting up to {@code wait} while another run holds it.
     *
     * @throws TableLockedException when another run still holds it after {@code wait}
     */
    public TableLock lock(String tableName, Duration wait) {
        requireNonNull(tableName, "tableName is null");
        requireNonNull(wait, "wait is null");
        return held(writerLockKey(tableName), tableName, wait);
    }

    /**
     * Takes the lock of one shard's export of {@code tableName}: shards of a table run side by side, one shard never
     * twice. Independent of the table's writer lock.
     *
     * @throws TableLockedException when another run holds it
     */
    public TableLock lockShard(String tableName, int shardIndex, int shardCount) {
        requireNonNull(tableName, "tableName is null");
        return held(shardLockKey(tableName, shardIndex, shardCount), tableName + shardSuffix(shardIndex, shardCount),
                Duration.ZERO);
    }

    /**
     * Whether a run is at {@code tableName} now: some session holds its writer lock or, for a load shared by
     * {@code shardCount} shards, one of their shard locks. Takes no lock itself.
     */
    public boolean runHoldsLock(String tableName, int shardCount) {
        requireNonNull(tableName, "tableName is null");
        List<String> keys = new ArrayList<>(List.of(writerLockKey(tableName)));
        if (shardCount > 1) {
            keys.addAll(shardLockKeys(tableName, shardCount, OptionalInt.empty()));
        }
        return TableLock.anyHeld(dataSource, keys, tableName);
    }

    /** Whether some session holds the writer lock of {@code tableName}. Takes no lock itself. */
    public boolean writerLockHeld(String tableName) {
        requireNonNull(tableName, "tableName is null");
        return TableLock.anyHeld(dataSource, List.of(writerLockKey(tableName)), tableName);
    }

    /**
     * Whether a session holds one of the shard locks of a load of {@code tableName} shared by {@code shardCount}
     * shards, {@code ownShard} (this run's, when it holds one of the same count) aside. Takes no lock itself.
     */
    public boolean shardLockHeld(String tableName, int shardCount, OptionalInt ownShard) {
        requireNonNull(tableName, "tableName is null");
        requireNonNull(ownShard, "ownShard is null");
        return TableLock.anyHeld(dataSource, shardLockKeys(tableName, shardCount, ownShard), tableName);
    }

    private List<String> shardLockKeys(String tableName, int shardCount, OptionalInt except) {
        return IntStream.range(0, shardCount)
                .filter(shard -> except.isEmpty() || shard != except.getAsInt())
                .mapToObj(shard -> shardLockKey(tableName, shard, shardCount))
                .toList();
    }

    /** Keyed by schema too: runs that keep their progress in different schemas do not share state. */
    private String writerLockKey(String tableName) {
        return schema + "." + tableName;
    }

    private String shardLockKey(String tableName, int shardIndex, int shardCount) {
        return writerLockKey(tableName) + shardSuffix(shardIndex, shardCount);
    }

    private static String shardSuffix(int shardIndex, int shardCount) {
        return " shard " + shardIndex + "/" + shardCount;
    }

    /**
     * Fails unless every writer and shard lock taken from this store and not closed yet is still held: a run checks
     * this at every step boundary, so it stops before it changes the warehouse once a lock's session has ended.
     *
     * @throws MetadataStoreException naming the table whose lock was lost
     */
    public void ensureLocksHeld() {
        heldLocks.forEach(TableLock::ensureHeldUnlessReleased);
    }

    private TableLock held(String lockKey, String tableName, Duration wait) {
        requireWritable();
        TableLock lock = TableLock.acquire(dataSource, lockKey, tableName, wait, heldLocks::remove);
        heldLocks.add(lock);
        return lock;
    }

    /**
     * Waits for, then takes, the lock under which a load of {@code tableName} is planned, so runs starting at once
     * agree on one plan. Held only while the plan is read or written.
     */
    public TableLock lockPlanning(String tableName) {
        requireNonNull(tableName, "tableName is null");
        requireWritable();
        return TableLock.await(dataSource, schema + "." + tableName + " planning", tableName + " (planning)");
    }

    private String select(MetadataTable table) {
        return "SELECT " + selectList(table) + " FROM " + qualified(table);
    }

    /** The columns {@link MetadataRowReader} reads; a schema not migrated yet may lack {@code range_index}. */
    private String selectList(MetadataTable table) {
        return layout.hasColumn(table.tableName(), RANGE_INDEX) ? MetadataRowReader.COLUMNS
                : MetadataRowReader.COLUMN_NAMES.stream()
                        .map(column -> column.equals(RANGE_INDEX) ? "NULL::integer AS " + column : column)
                        .collect(Collectors.joining(", "));
    }

    /** Latest upload first, then latest written; {@code row_id} records the order rows were written in. */
    private String newestFirst(MetadataTable table) {
        return "upload_date DESC, " + insertionOrder(table) + " DESC";
    }

    private String insertionOrder(MetadataTable table) {
        return layout.hasColumn(table.tableName(), ROW_ID) ? ROW_ID : "ctid";
    }

    private String qualified(MetadataTable table) {
        return qualifiedNames.get(requireNonNull(table, "table is null"));
    }

    private void requireWritable() {
        if (access != Access.READ_WRITE) {
            throw new IllegalStateException("metadata schema " + schema + " was opened for reading only");
        }
    }

    private List<MetadataRow> query(MetadataTable table, String purpose, String sql, Object... parameters) {
        if (!layout.hasTable(table.tableName())) {
            return List.of();
        }
        return retrier.call("read the " + purpose, attempt -> readRows(table, purpose, sql, parameters));
    }

    private List<MetadataRow> readRows(MetadataTable table, String purpose, String sql, Object... parameters) {
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
