package dev.saasextract.warehouse;

import static java.util.Objects.requireNonNull;

import dev.saasextract.schema.ColumnSpec;
import dev.saasextract.warehouse.dialect.TableName;
import dev.saasextract.warehouse.dialect.WarehouseDialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * All warehouse logic over one JDBC connection; the {@link WarehouseDialect} only says how the engine spells it.
 *
 * <p>The connection runs with auto-commit off and every public operation is one transaction: committed when it
 * succeeds, rolled back when any statement fails. Each statement gets its own {@link Statement} because DuckDB
 * closes a statement after it fails.
 */
public final class JdbcWarehouse implements Warehouse {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcWarehouse.class);

    private final Connection connection;
    private final WarehouseDialect dialect;

    private JdbcWarehouse(Connection connection, WarehouseDialect dialect) {
        this.connection = requireNonNull(connection, "connection is null");
        this.dialect = requireNonNull(dialect, "dialect is null");
    }

    /** Takes ownership of {@code connection} (closed by {@link #close()}, or here if the session setup fails). */
    public static JdbcWarehouse open(Connection connection, WarehouseDialect dialect) {
        JdbcWarehouse warehouse = new JdbcWarehouse(connection, dialect);
        try {
            warehouse.inTransaction("set up " + dialect.name() + " session", () -> {
                connection.setAutoCommit(false);
                for (String statement : dialect.sessionSetup()) {
                    warehouse.execute(statement);
                }
                return null;
            });
        } catch (RuntimeException e) {
            closeAfterFailure(connection, e);
            throw e;
        }
        return warehouse;
    }

    @Override
    public Optional<List<String>> columns(String schema, String table) {
        TableName name = new TableName(schema, table);
        return inTransaction("read columns of " + name, () -> lookup(name).map(StoredTable::columns));
    }

    @Override
    public void createTable(String schema, String table, List<ColumnSpec> columns) {
        TableName name = new TableName(schema, table);
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("create " + name + ": no columns");
        }
        List<String> definitions = columns.stream()
                .map(column -> dialect.quoted(column.name()) + " " + columnType(name, column))
                .toList();
        inTransaction("create table " + name, () -> {
            execute(dialect.createSchemaIfMissing(schema));
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
    public long load(String schema, String table, List<String> fileUris) {
        TableName name = new TableName(schema, table);
        List<String> files = List.copyOf(fileUris);
        long rows = inTransaction("load " + files.size() + " files into " + name, () -> {
            StoredTable target = lookup(name)
                    .orElseThrow(() -> new WarehouseException("load into " + name + ": table does not exist"));
            if (files.isEmpty()) {
                return 0L;
            }
            List<String> columns = columnsToLoad(target, files);
            return update(dialect.loadFiles(target.name(), columns, files));
        });
        LOG.info("Loaded {} rows from {} files into {}", rows, files.size(), name);
        return rows;
    }

    @Override
    public void replace(String schema, String source, String target) {
        TableName sourceName = new TableName(schema, source);
        TableName targetName = new TableName(schema, target);
        if (source.equalsIgnoreCase(target)) {
            throw new IllegalArgumentException("replace " + targetName + " with itself");
        }
        inTransaction("replace " + targetName + " with " + sourceName, () -> {
            StoredTable stored = lookup(sourceName).orElseThrow(() -> new WarehouseException(
                    "replace " + targetName + " with " + sourceName + ": " + sourceName + " does not exist"));
            Optional<StoredTable> existing = lookup(targetName);
            // A present target keeps its stored spelling, as it would through Snowflake's SWAP WITH.
            TableName replaced = existing.map(StoredTable::name).orElse(targetName);
            for (String statement : dialect.replaceTable(stored.name(), replaced, existing.isPresent())) {
                execute(statement);
            }
            return null;
        });
        LOG.info("Replaced {} with {}", targetName, sourceName);
    }

    @Override
    public void dropIfExists(String schema, String table) {
        TableName name = new TableName(schema, table);
        inTransaction("drop " + name, () -> {
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
        return inTransaction("count rows of " + name, () -> {
            StoredTable stored = lookup(name)
                    .orElseThrow(() -> new WarehouseException("count rows of " + name + ": table does not exist"));
            try (Statement statement = connection.createStatement();
                    ResultSet result = statement.executeQuery(logged(dialect.countRows(stored.name())))) {
                result.next();
                return result.getLong(1);
            }
        });
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw WarehouseException.failed("close " + dialect.name() + " connection", e);
        }
    }

    private String columnType(TableName table, ColumnSpec column) {
        return dialect.columnType(column.type())
                .orElseThrow(() -> new UnsupportedColumnTypeException(table, column, dialect.name()));
    }

    /** The table's columns that the files hold, in file order; a file column the table lacks is an error, not dropped. */
    private List<String> columnsToLoad(StoredTable target, List<String> files) throws SQLException {
        Optional<String> stagedColumnsQuery = dialect.stagedColumnsQuery(files);
        if (stagedColumnsQuery.isEmpty()) {
            return target.columns();
        }
        Map<String, String> tableColumnByKey = new LinkedHashMap<>();
        target.columns().forEach(column -> tableColumnByKey.put(column.toLowerCase(Locale.ROOT), column));
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

    private Optional<StoredTable> lookup(TableName name) throws SQLException {
        Map<TableName, List<String>> columnsByTable = new LinkedHashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(logged(dialect.columnsQuery()))) {
            statement.setString(1, name.schema());
            statement.setString(2, name.table());
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    TableName stored = new TableName(result.getString(1), result.getString(2));
                    columnsByTable.computeIfAbsent(stored, key -> new ArrayList<>()).add(result.getString(3));
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

    private void execute(String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(logged(sql));
        }
    }

    private long update(String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            return statement.executeLargeUpdate(logged(sql));
        }
    }

    private static String logged(String sql) {
        LOG.debug("SQL: {}", sql);
        return sql;
    }

    private <T> T inTransaction(String action, SqlWork<T> work) {
        try {
            T result = work.run();
            connection.commit();
            return result;
        } catch (SQLException e) {
            rollbackAfter(e);
            throw WarehouseException.failed(action, e);
        } catch (RuntimeException e) {
            rollbackAfter(e);
            throw e;
        }
    }

    private void rollbackAfter(Exception failure) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
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

    /** A table as the catalog spells it, with its columns in order. */
    private record StoredTable(TableName name, List<String> columns) {
        StoredTable {
            requireNonNull(name, "name is null");
            requireNonNull(columns, "columns is null");
        }
    }
}
