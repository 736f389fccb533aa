package dev.saasextract.warehouse;

import static java.util.Objects.requireNonNull;

import dev.saasextract.checkpoint.Checkpoint;
import dev.saasextract.checkpoint.Checkpoints;
import dev.saasextract.retry.Retrier;
import dev.saasextract.retry.RetryPolicy;
import dev.saasextract.retry.Sleeper;
import dev.saasextract.retry.WarehouseFailures;
import dev.saasextract.schema.ColumnSpec;
import dev.saasextract.schema.ColumnType;
import dev.saasextract.schema.ToolColumns;
import dev.saasextract.schema.UploadedAtForm;
import dev.saasextract.warehouse.FileLoadResults.FileLoadResult;
import dev.saasextract.warehouse.dialect.KeyedTable;
import dev.saasextract.warehouse.dialect.LoadStatement;
import dev.saasextract.warehouse.dialect.TableName;
import dev.saasextract.warehouse.dialect.WarehouseDialect;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * All warehouse logic over one JDBC connection at a time; the {@link WarehouseDialect} only says how the engine
 * spells it.
 *
 * <p>The connection runs with auto-commit off and every public operation is one transaction: committed when it
 * succeeds, rolled back when any statement fails. Each statement gets its own {@link Statement} because DuckDB
 * closes a statement after it fails.
 *
 * <p>Each operation says whether it may run again after a transient failure ({@link Repeat}): those that may are
 * retried by the {@link Retrier}, and a connection found lost (SQLSTATE class 08, Snowflake's communication and
 * session errors) is replaced from the {@link ConnectionSource} first, with the session set up and tagged again.
 */
public final class JdbcWarehouse implements Warehouse {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcWarehouse.class);

    /** Whether an operation may run again after a transient failure. */
    private enum Repeat {
        /** Idempotent in effect: running it again is right whatever the failed attempt did, even if it committed. */
        ALWAYS,
        /** Right only if the failed attempt was rolled back: after a failed commit its outcome is unknown. */
        IF_ROLLED_BACK,
        /** Never repeated by this run: the failed attempt may have taken effect, and the next run recovers. */
        NEVER
    }

    private final ConnectionSource connections;
    private final WarehouseDialect dialect;
    private final Checkpoints checkpoints;
    private final Retrier retrier;
    /** The current connection; null after one was lost, until the next operation opens another. */
    private Connection connection;
    /** Re-applied on every new connection, so a reconnected session keeps its label. */
    private String sessionTag;

    private JdbcWarehouse(ConnectionSource connections, WarehouseDialect dialect, Checkpoints checkpoints,
            Retrier retrier) {
        this.connections = requireNonNull(connections, "connections is null");
        this.dialect = requireNonNull(dialect, "dialect is null");
        this.checkpoints = requireNonNull(checkpoints, "checkpoints is null");
        this.retrier = requireNonNull(retrier, "retrier is null");
    }

    /** Takes ownership of {@code connection} (closed by {@link #close()}, or here if the session setup fails). */
    public static JdbcWarehouse open(Connection connection, WarehouseDialect dialect) {
        return open(connection, dialect, Checkpoints.NONE);
    }

    /**
     * As {@link #open(Connection, WarehouseDialect)}, telling {@code checkpoints} each statement run inside a load's
     * or a swap's transaction. A lost connection cannot be replaced.
     */
    public static JdbcWarehouse open(Connection connection, WarehouseDialect dialect, Checkpoints checkpoints) {
        return open(ConnectionSource.only(connection), dialect, checkpoints,
                Retrier.forWarehouse(RetryPolicy.DEFAULT, Sleeper.REAL));
    }

    /**
     * Opens the first connection from {@code connections} (retried as {@code retrier} says) and sets up its session;
     * later connections come from there too, whenever one is lost.
     */
    public static JdbcWarehouse open(ConnectionSource connections, WarehouseDialect dialect, Checkpoints checkpoints,
            Retrier retrier) {
        JdbcWarehouse warehouse = new JdbcWarehouse(connections, dialect, checkpoints, retrier);
        retrier.call("connect to " + dialect.name(), attempt -> warehouse.connection());
        return warehouse;
    }

    @Override
    public Optional<Map<String, String>> columnTypes(String schema, String table) {
        TableName name = new TableName(schema, table);
        return inTransaction("read columns of " + name, Repeat.ALWAYS,
                () -> lookup(name).map(StoredTable::columnTypes));
    }

    @Override
    public boolean holdsEvery(String storedType, ColumnType type) {
        return dialect.holdsEvery(storedType, type);
    }

    @Override
    public void createTable(String schema, String table, List<ColumnSpec> columns) {
        TableName name = new TableName(schema, table);
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("create " + name + ": no columns");
        }
        List<String> definitions = columns.stream().map(column -> definition(name, column)).toList();
        inTransaction("create table " + name, Repeat.ALWAYS, () -> {
            if (!schemaExists(schema)) {
                execute(dialect.createSchemaIfMissing(schema));
            }
            Optional<StoredTable> existing = lookup(name);
            if (existing.isPresent()) {
                execute(dialect.dropTable(existing.get().name()));
            }
            execute(dialect.createTable(name, definitions));
            return null;
        });
        LOG.info("Created {} with {} columns", name, columns.size());
    }

    @Override
    public long load(String schema, String table, List<String> fileUris, OptionalLong expectedRows) {
        TableName name = new TableName(schema, table);
        List<String> files = List.copyOf(fileUris);
        requireNonNull(expectedRows, "expectedRows is null");
        String action = "load " + files.size() + " files into " + name;
        long rows = inTransaction(action, loadRepeat(), () -> {
            StoredTable target = lookup(name)
                    .orElseThrow(() -> new WarehouseException("load into " + name + ": table does not exist"));
            if (files.isEmpty()) {
                return 0L;
            }
            List<String> columns = columnsToLoad(target, files);
            long loaded = 0;
            for (LoadStatement statement : dialect.loadFiles(target.name(), columns, files)) {
                loaded += runLoad(target.name(), statement);
                checkpoints.reached(Checkpoint.LOAD_STATEMENT_RUN);
            }
            if (expectedRows.isPresent() && loaded != expectedRows.getAsLong()) {
                throw new WarehouseException(action + ": the files held " + loaded + " rows, the metadata records "
                        + expectedRows.getAsLong() + "; nothing was loaded");
            }
            return loaded;
        });
        LOG.info("Loaded {} rows from {} files into {}", rows, files.size(), name);
        return rows;
    }

    @Override
    public void tagSession(String tag) {
        requireNonNull(tag, "tag is null");
        Optional<String> statement = dialect.tagSession(tag);
        if (statement.isPresent()) {
            sessionTag = statement.get();
            inTransaction("tag " + dialect.name() + " session", Repeat.ALWAYS, () -> {
                execute(statement.get());
                return null;
            });
        }
    }

    @Override
    public void replace(String schema, String source, String target) {
        TableName sourceName = new TableName(schema, source);
        TableName targetName = new TableName(schema, target);
        String action = "replace " + targetName + " with " + sourceName;
        requireDistinct(action, sourceName, targetName);
        // Snowflake's SWAP WITH commits by itself: a failure may hide a swap that happened (see BackfillRerunRegressionsTest).
        inTransaction(action, Repeat.NEVER, () -> {
            StoredTable stored = require(sourceName, action);
            Optional<StoredTable> existing = lookup(targetName);
            // A present target keeps its stored spelling, as it would through Snowflake's SWAP WITH.
            TableName replaced = existing.map(StoredTable::name).orElse(targetName);
            for (String statement : dialect.replaceTable(stored.name(), replaced, existing.isPresent())) {
                execute(statement);
                checkpoints.reached(Checkpoint.SWAP_STATEMENT_RUN);
            }
            return null;
        });
        LOG.info("Replaced {} with {}", targetName, sourceName);
    }

    @Override
    public void dropIfExists(String schema, String table) {
        TableName name = new TableName(schema, table);
        inTransaction("drop " + name, Repeat.ALWAYS, () -> {
            Optional<StoredTable> existing = lookup(name);
            if (existing.isPresent()) {
                execute(dialect.dropTable(existing.get().name()));
            }
            return null;
        });
    }

    @Override
    public long count(String schema, String table) {
        TableName name = new TableName(schema, table);
        return inTransaction("count rows of " + name, Repeat.ALWAYS, () -> {
            StoredTable stored = lookup(name)
                    .orElseThrow(() -> new WarehouseException("count rows of " + name + ": table does not exist"));
            return firstValue(dialect.countRows(stored.name()), List.of(), result -> result.getLong(1));
        });
    }

    @Override
    public OptionalLong maxKey(String schema, String table, String column) {
        TableName name = new TableName(schema, table);
        String action = "read max " + column + " of " + name;
        return inTransaction(action, Repeat.ALWAYS, () -> {
            StoredTable stored = require(name, action);
            StoredColumn key = stored.require(column, action);
            String max = firstValue(dialect.maxValue(stored.name(), key.name()), List.of(),
                    result -> result.getString(1));
            return max == null ? OptionalLong.empty() : OptionalLong.of(asLong(max, stored, key));
        });
    }

    @Override
    public List<String> keepColumns(String schema, String from, String to) {
        TableName fromName = new TableName(schema, from);
        TableName toName = new TableName(schema, to);
        String action = "add the columns of " + fromName + " to " + toName;
        // Again after a failure, the columns the failed attempt added are no longer missing.
        List<String> added = inTransaction(action, Repeat.ALWAYS, () -> {
            StoredTable source = require(fromName, action);
            StoredTable target = require(toName, action);
            List<StoredColumn> missing = source.columnsNotIn(target);
            List<String> definitions = missing.stream()
                    .map(column -> dialect.quoted(column.name()) + " " + column.type())
                    .toList();
            for (String statement : dialect.addColumns(target.name(), definitions)) {
                execute(statement);
            }
            return missing.stream().map(StoredColumn::name).toList();
        });
        if (!added.isEmpty()) {
            LOG.info("Added columns {} of {} to {}", added, fromName, toName);
        }
        return added;
    }

    @Override
    public long addKeysUploadedAfter(String schema, String table, String keysSchema, String keysTable,
            String keyColumn, Instant since) {
        TableName targetName = new TableName(schema, table);
        TableName keysName = new TableName(keysSchema, keysTable);
        requireNonNull(keyColumn, "keyColumn is null");
        requireNonNull(since, "since is null");
        String action = "add the keys of " + targetName + " uploaded after " + since + " to " + keysName;
        requireDistinct(action, targetName, keysName);
        // Adding them twice changes nothing the keys are used for: presence.
        long added = inTransaction(action, Repeat.ALWAYS, () -> {
            StoredTable target = require(targetName, action);
            Optional<StoredColumn> uploadedAt = target.find(ToolColumns.UPLOADED_AT, action);
            if (uploadedAt.isEmpty()) {
                LOG.warn("{}: {} has no {} column, so the rows loaded after {} cannot be told apart; none is added",
                        action, targetName, ToolColumns.UPLOADED_AT, since);
                return 0L;
            }
            UploadedAtForm form = UploadedAtForm.following(Optional.of(uploadedAt.get().type()));
            return update(dialect.addKeysUploadedAfter(keyed(target, keyColumn, action),
                    keyed(require(keysName, action), keyColumn, action), uploadedAt.get().name(), form),
                    List.of(sinceParameter(form, since)));
        });
        LOG.info("Added {} key(s) of {} uploaded after {} to {}", added, targetName, since, keysName);
        return added;
    }

    /** {@code since} as a column of {@code form} compares: a timestamp, or the epoch seconds GitLab's tables hold. */
    private Object sinceParameter(UploadedAtForm form, Instant since) {
        return form == UploadedAtForm.TIMESTAMP ? dialect.timestampParameter(since) : form.value(since);
    }

    @Override
    public long carryOver(String schema, String from, String to, String uploadedAtColumn, Instant uploadedSince,
            String keyColumn, OptionalLong keyAbove) {
        TableName fromName = new TableName(schema, from);
        TableName toName = new TableName(schema, to);
        requireNonNull(uploadedAtColumn, "uploadedAtColumn is null");
        requireNonNull(uploadedSince, "uploadedSince is null");
        requireNonNull(keyColumn, "keyColumn is null");
        requireNonNull(keyAbove, "keyAbove is null");
        String action = "carry over rows of " + fromName + " uploaded since " + uploadedSince + " to " + toName;
        requireDistinct(action, fromName, toName);
        // An INSERT ... SELECT whose commit may have happened: appending again could double the rows.
        long rows = inTransaction(action, Repeat.NEVER, () -> {
            StoredTable source = require(fromName, action);
            StoredTable target = require(toName, action);
            StoredColumn uploadedAtStored = source.require(uploadedAtColumn, action);
            String uploadedAt = uploadedAtStored.name();
            Optional<String> targetUploadedAt = target.find(uploadedAtColumn, action).map(StoredColumn::name);
            Optional<String> key = keyAbove.isPresent()
                    ? Optional.of(source.require(keyColumn, action).name())
                    : Optional.empty();
            List<String> sourceColumns = new ArrayList<>();
            List<String> targetColumns = new ArrayList<>();
            for (StoredColumn column : target.columns()) {
                source.find(column.name(), action).ifPresent(shared -> {
                    sourceColumns.add(shared.name());
                    targetColumns.add(column.name());
                });
            }
            warnAboutColumnsNotCarried(source, target);
            if (targetColumns.isEmpty()) {
                throw new WarehouseException(action + ": the tables have no column in common");
            }
            List<Object> parameters = new ArrayList<>();
            // A table GitLab's pipeline created holds epoch seconds; the bound value must compare as the column does.
            UploadedAtForm form = UploadedAtForm.following(Optional.of(uploadedAtStored.type()));
            parameters.add(sinceParameter(form, uploadedSince));
            keyAbove.ifPresent(parameters::add);
            return update(dialect.appendRowsSince(source.name(), sourceColumns, target.name(), targetColumns,
                    uploadedAt, form, targetUploadedAt, key), parameters);
        });
        LOG.info("Carried over {} rows uploaded since {}{} from {} to {}", rows, uploadedSince,
                keyAbove.isPresent() ? " with " + keyColumn + " > " + keyAbove.getAsLong() : "", fromName, toName);
        return rows;
    }

    @Override
    public List<String> addMissingColumns(String schema, String table, List<ColumnSpec> columns) {
        TableName name = new TableName(schema, table);
        List<ColumnSpec> wanted = List.copyOf(columns);
        String action = "add missing columns to " + name;
        List<String> added = inTransaction(action, Repeat.ALWAYS, () -> {
            StoredTable stored = require(name, action);
            List<ColumnSpec> missing = new ArrayList<>();
            for (ColumnSpec column : wanted) {
                if (stored.find(column.name(), action).isEmpty()) {
                    missing.add(column);
                }
            }
            List<String> definitions = missing.stream().map(column -> definition(name, column)).toList();
            for (String statement : dialect.addColumns(stored.name(), definitions)) {
                execute(statement);
            }
            return missing.stream().map(ColumnSpec::name).toList();
        });
        if (!added.isEmpty()) {
            LOG.info("Added columns {} to {}", added, name);
        }
        return added;
    }

    @Override
    public DeletesPreview previewDeletes(String schema, String table, String keysSchema, String keysTable,
            String keyColumn, long maxKey) {
        TableName targetName = new TableName(schema, table);
        TableName keysName = new TableName(keysSchema, keysTable);
        requireNonNull(keyColumn, "keyColumn is null");
        String action = "preview deletes of " + targetName + " up to " + keyColumn + " " + maxKey + " against "
                + keysName;
        requireDistinct(action, targetName, keysName);
        DeletesPreview preview = inTransaction(action, Repeat.ALWAYS, () -> {
            StoredTable stored = require(targetName, action);
            KeyedTable target = keyed(stored, keyColumn, action);
            KeyedTable keys = keyed(require(keysName, action), keyColumn, action);
            Optional<String> isDeleted = stored.find(ToolColumns.IS_DELETED, action).map(StoredColumn::name);
            return firstValue(dialect.deletesPreview(target, keys, isDeleted), List.of(maxKey),
                    result -> new DeletesPreview(result.getLong(1), result.getLong(2)));
        });
        LOG.info("{} of {} live keys of {} up to {} are absent from {}", preview.keysAbsentFromSource(),
                preview.liveKeys(), targetName, maxKey, keysName);
        return preview;
    }

    @Override
    public long markDeleted(String schema, String table, String keysSchema, String keysTable, String keyColumn,
            long maxKey, Instant at) {
        TableName targetName = new TableName(schema, table);
        TableName keysName = new TableName(keysSchema, keysTable);
        requireNonNull(keyColumn, "keyColumn is null");
        requireNonNull(at, "at is null");
        String action = "mark deleted rows of " + targetName + " up to " + keyColumn + " " + maxKey + " against "
                + keysName;
        requireDistinct(action, targetName, keysName);
        // Idempotent in effect: it changes only rows whose flag is wrong, so a repeat after a commit changes none
        // (and reports 0, which is only logged).
        long rows = inTransaction(action, Repeat.ALWAYS, () -> {
            StoredTable stored = require(targetName, action);
            KeyedTable target = keyed(stored, keyColumn, action);
            KeyedTable keys = keyed(require(keysName, action), keyColumn, action);
            String isDeleted = stored.require(ToolColumns.IS_DELETED, action).name();
            String isDeletedUpdatedAt = stored.require(ToolColumns.IS_DELETED_UPDATED_AT, action).name();
            return update(dialect.markDeleted(target, keys, isDeleted, isDeletedUpdatedAt),
                    List.of(dialect.timestampParameter(at), maxKey));
        });
        LOG.info("Changed {} of {} rows of {} up to {} {}", ToolColumns.IS_DELETED, rows, targetName, keyColumn,
                maxKey);
        return rows;
    }

    @Override
    public long read(String action, Function<WarehouseDialect, String> query, List<?> parameters,
            RowHandler handler) {
        String sql = query.apply(dialect);
        requireNonNull(handler, "handler is null");
        return inTransaction(action, Repeat.ALWAYS, () -> {
            try (PreparedStatement statement = connection.prepareStatement(logged(sql))) {
                bind(statement, parameters);
                try (ResultSet result = statement.executeQuery()) {
                    long rows = 0;
                    while (result.next()) {
                        handler.row(result);
                        rows++;
                    }
                    return rows;
                }
            }
        });
    }

    @Override
    public void close() {
        if (connection == null) {
            return;
        }
        try {
            connection.close();
        } catch (SQLException e) {
            throw WarehouseException.failed("close " + dialect.name() + " connection", e);
        }
    }

    private static void requireDistinct(String action, TableName first, TableName second) {
        if (first.schema().equalsIgnoreCase(second.schema()) && first.table().equalsIgnoreCase(second.table())) {
            throw new IllegalArgumentException(action + ": both name the same table");
        }
    }

    private StoredTable require(TableName name, String action) throws SQLException {
        return lookup(name).orElseThrow(() -> new WarehouseException(action + ": " + name + " does not exist"));
    }

    /** Text, not getLong: a driver may truncate a fraction there, and Snowflake hands integers over as NUMBER. */
    private static long asLong(String value, StoredTable table, StoredColumn column) {
        try {
            return new BigDecimal(value).longValueExact();
        } catch (ArithmeticException | NumberFormatException e) {
            throw new WarehouseException("max of " + table.name() + "." + column.name() + " is " + value
                    + ", not a 64-bit integer", e);
        }
    }

    private static void warnAboutColumnsNotCarried(StoredTable source, StoredTable target) {
        List<String> dropped = source.columnsNotIn(target).stream().map(StoredColumn::name).toList();
        if (!dropped.isEmpty()) {
            LOG.warn("Columns {} of {} are not in {}: their values are not carried over", dropped, source.name(),
                    target.name());
        }
    }

    private static KeyedTable keyed(StoredTable table, String keyColumn, String action) {
        return new KeyedTable(table.name(), table.require(keyColumn, action).name());
    }

    private String definition(TableName table, ColumnSpec column) {
        return dialect.quoted(column.name()) + " " + columnType(table, column);
    }

    private String columnType(TableName table, ColumnSpec column) {
        return dialect.columnType(column.type())
                .orElseThrow(() -> new UnsupportedColumnTypeException(table, column, dialect.name()));
    }

    /**
     * The table's columns that the files hold, in file order. Where the engine lists the staged columns (DuckDB), a
     * file column the table lacks is an error; Snowflake's COPY matches by name and would leave it out, so loads are
     * only planned into tables that have every query column (TablePlanner.planRegular, the backfill's new table).
     */
    private List<String> columnsToLoad(StoredTable target, List<String> files) throws SQLException {
        Optional<String> stagedColumnsQuery = dialect.stagedColumnsQuery(files);
        if (stagedColumnsQuery.isEmpty()) {
            return target.columnNames();
        }
        Map<String, String> tableColumnByKey = new LinkedHashMap<>();
        target.columns().forEach(column -> tableColumnByKey.put(column.key(), column.name()));
        List<String> columns = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(logged(stagedColumnsQuery.get()))) {
            while (result.next()) {
                String fileColumn = result.getString(1);
                String tableColumn = tableColumnByKey.get(fileColumn.toLowerCase(Locale.ROOT));
                if (tableColumn == null) {
                    missing.add(fileColumn);
                } else {
                    columns.add(tableColumn);
                }
            }
        }
        if (!missing.isEmpty()) {
            throw new WarehouseException("load into " + target.name() + ": staged column(s) " + missing
                    + " not in the table");
        }
        return columns;
    }

    private boolean schemaExists(String schema) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(logged(dialect.schemaQuery()))) {
            statement.setString(1, schema);
            try (ResultSet result = statement.executeQuery()) {
                return result.next();
            }
        }
    }

    private Optional<StoredTable> lookup(TableName name) throws SQLException {
        Map<TableName, List<StoredColumn>> columnsByTable = new LinkedHashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(logged(dialect.columnsQuery()))) {
            statement.setString(1, name.schema());
            statement.setString(2, name.table());
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    TableName stored = new TableName(result.getString(1), result.getString(2));
                    columnsByTable.computeIfAbsent(stored, key -> new ArrayList<>())
                            .add(new StoredColumn(result.getString(3), result.getString(4)));
                }
            }
        }
        if (columnsByTable.size() > 1) {
            throw new WarehouseException("table " + name + " is ambiguous: it matches " + columnsByTable.keySet()
                    + " when case is ignored");
        }
        return columnsByTable.entrySet().stream()
                .findFirst()
                .map(entry -> new StoredTable(entry.getKey(), List.copyOf(entry.getValue())));
    }

    /**
     * Runs one load statement: its update count is the rows it appended, or, when it returns per-file results
     * (Snowflake's COPY), each row is checked as it is read.
     */
    private long runLoad(TableName table, LoadStatement load) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            if (!statement.execute(logged(load.sql()))) {
                return statement.getLargeUpdateCount();
            }
            FileLoadResults results = new FileLoadResults(table, load.fileUris());
            try (ResultSet rows = statement.getResultSet()) {
                Set<String> labels = columnLabels(rows);
                while (rows.next()) {
                    if (labels.contains("file")) {
                        results.add(new FileLoadResult(rows.getString("file"), rows.getString("status"),
                                rows.getLong("rows_loaded"), rows.getString("first_error")));
                    } else {
                        results.addStatusWithoutFile(rows.getString(1));
                    }
                }
            }
            return results.rowsLoaded();
        }
    }

    private static Set<String> columnLabels(ResultSet rows) throws SQLException {
        Set<String> labels = new HashSet<>();
        for (int column = 1; column <= rows.getMetaData().getColumnCount(); column++) {
            labels.add(rows.getMetaData().getColumnLabel(column).toLowerCase(Locale.ROOT));
        }
        return labels;
    }

    private void execute(String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(logged(sql));
        }
    }

    private long update(String sql, List<?> parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(logged(sql))) {
            bind(statement, parameters);
            return statement.executeLargeUpdate();
        }
    }

    private <T> T firstValue(String query, List<?> parameters, RowReader<T> reader) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(logged(query))) {
            bind(statement, parameters);
            try (ResultSet result = statement.executeQuery()) {
                if (!result.next()) {
                    throw new SQLException("no row from " + query);
                }
                return reader.read(result);
            }
        }
    }

    private static void bind(PreparedStatement statement, List<?> parameters) throws SQLException {
        for (int index = 0; index < parameters.size(); index++) {
            statement.setObject(index + 1, parameters.get(index));
        }
    }

    private static String logged(String sql) {
        LOG.debug("SQL: {}", sql);
        return sql;
    }

    /** Snowflake's load metadata skips files already loaded into the table, so only its COPY may run again. */
    private Repeat loadRepeat() {
        return dialect.loadSkipsLoadedFiles() ? Repeat.ALWAYS : Repeat.IF_ROLLED_BACK;
    }

    private <T> T inTransaction(String action, Repeat repeat, SqlWork<T> work) {
        if (repeat == Repeat.NEVER) {
            return attempt(action, repeat, work);
        }
        return retrier.call(action, attempt -> attempt(action, repeat, work));
    }

    private <T> T attempt(String action, Repeat repeat, SqlWork<T> work) {
        Connection current = connection();
        T result;
        try {
            result = work.run();
        } catch (SQLException e) {
            rollbackAfter(e);
            throw notRepeatedIfNever(action, repeat, WarehouseException.failed(action, e));
        } catch (RuntimeException e) {
            rollbackAfter(e);
            throw notRepeatedIfNever(action, repeat, e);
        }
        try {
            current.commit();
        } catch (SQLException e) {
            discardIfLost(e);
            if (repeat == Repeat.ALWAYS) {
                throw WarehouseException.failed(action + ": commit", e);
            }
            throw new UnrepeatedWarehouseException(action + ": the commit failed, so whether it took effect is"
                    + " unknown (not retried; the next run finds out): " + WarehouseException.driverMessage(e), e);
        }
        return result;
    }

    /** A transient failure of an operation that must not run again is final: one line saying so. */
    private static RuntimeException notRepeatedIfNever(String action, Repeat repeat, RuntimeException failure) {
        if (repeat != Repeat.NEVER || !WarehouseFailures.isTransient(failure)) {
            return failure;
        }
        return new UnrepeatedWarehouseException(failure.getMessage() + " (not retried: " + action + " may have"
                + " taken effect; the next run finds out)", failure);
    }

    /** The open connection, or a new one with its session set up when there is none (first use, or one was lost). */
    private Connection connection() {
        if (connection != null) {
            return connection;
        }
        connection = connections.open();
        try {
            connection.setAutoCommit(false);
            for (String statement : dialect.sessionSetup()) {
                execute(statement);
            }
            if (sessionTag != null) {
                execute(sessionTag);
            }
            connection.commit();
        } catch (SQLException e) {
            WarehouseException failure = WarehouseException.failed("set up " + dialect.name() + " session", e);
            discard(failure);
            throw failure;
        }
        return connection;
    }

    private void rollbackAfter(Exception failure) {
        if (discardIfLost(failure)) {
            return;
        }
        try {
            connection.rollback();
        } catch (SQLException e) {
            failure.addSuppressed(e);
            discard(failure);
        }
    }

    /**
     * Drops the connection when the failure says it is lost, or it is closed (DuckDB closes nothing on its own, but a
     * driver may): the server rolls back what it had open, and the next attempt opens another.
     */
    private boolean discardIfLost(Exception failure) {
        boolean closed;
        try {
            closed = connection.isClosed();
        } catch (SQLException e) {
            failure.addSuppressed(e);
            closed = true;
        }
        if (closed || WarehouseFailures.isConnectionLost(failure)) {
            LOG.warn("{} connection lost; the next attempt opens a new one", dialect.name());
            discard(failure);
            return true;
        }
        return false;
    }

    private void discard(Exception failure) {
        Connection lost = connection;
        connection = null;
        closeAfterFailure(lost, failure);
    }

    private static void closeAfterFailure(Connection connection, Exception failure) {
        try {
            connection.close();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }

    @FunctionalInterface
    private interface SqlWork<T> {
        T run() throws SQLException;
    }

    @FunctionalInterface
    private interface RowReader<T> {
        T read(ResultSet row) throws SQLException;
    }

    /** A table as the catalog spells it, with its columns in order. */
    private record StoredTable(TableName name, List<StoredColumn> columns) {
        StoredTable {
            requireNonNull(name, "name is null");
            requireNonNull(columns, "columns is null");
        }

        List<String> columnNames() {
            return columns.stream().map(StoredColumn::name).toList();
        }

        Map<String, String> columnTypes() {
            Map<String, String> types = new LinkedHashMap<>();
            columns.forEach(column -> types.put(column.name(), column.type()));
            return Collections.unmodifiableMap(types);
        }

        /** The column {@code name} matches ignoring case; more than one match is an error, not a guess. */
        Optional<StoredColumn> find(String name, String action) {
            String key = name.toLowerCase(Locale.ROOT);
            List<StoredColumn> matches = columns.stream().filter(column -> column.key().equals(key)).toList();
            if (matches.size() > 1) {
                throw new WarehouseException(action + ": column " + name + " of " + this.name + " is ambiguous: it"
                        + " matches " + matches.stream().map(StoredColumn::name).toList() + " when case is ignored");
            }
            return matches.stream().findFirst();
        }

        /** This table's columns that {@code other} lacks (ignoring case), in this table's order. */
        List<StoredColumn> columnsNotIn(StoredTable other) {
            Set<String> present = other.columns.stream().map(StoredColumn::key).collect(Collectors.toSet());
            return columns.stream().filter(column -> !present.contains(column.key())).toList();
        }

        StoredColumn require(String name, String action) {
            return find(name, action).orElseThrow(() -> new WarehouseException(
                    action + ": " + this.name + " has no column " + name));
        }
    }

    /** A column as the catalog spells it, with its type as the dialect's columns query renders it. */
    private record StoredColumn(String name, String type) {
        StoredColumn {
            requireNonNull(name, "name is null");
            requireNonNull(type, "type is null");
        }

        String key() {
            return name.toLowerCase(Locale.ROOT);
        }
    }
}
