package dev.saasextract.warehouse;

import dev.saasextract.testing.TempDirFixture;
import dev.saasextract.warehouse.dialect.DuckDbDialect;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.duckdb.DuckDBConnection;

/**
 * A DuckDB database file in a temp dir, with a {@link JdbcWarehouse} on one connection and a second, auto-committing
 * connection to the same database for fixtures and for checking what the warehouse committed. A test class registers
 * it with {@code @RegisterExtension}: a new database for each test.
 */
final class DuckDbTestDatabase extends TempDirFixture {

    private final Function<Callable<Connection>, Warehouse> openWarehouse;
    private DuckDBConnection connection;
    private Warehouse warehouse;

    /** With a {@link JdbcWarehouse} on a duplicate of the fixtures' connection. */
    DuckDbTestDatabase() {
        this.openWarehouse = null;
    }

    /** With the warehouse {@code openWarehouse} makes of a source of new connections to this database. */
    DuckDbTestDatabase(Function<Callable<Connection>, Warehouse> openWarehouse) {
        this.openWarehouse = openWarehouse;
    }

    @Override
    protected void open(Path dir) throws SQLException {
        connection = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("warehouse.duckdb"));
        warehouse = openWarehouse == null
                ? JdbcWarehouse.open(connection.duplicate(), new DuckDbDialect())
                : openWarehouse.apply(connection::duplicate);
    }

    Warehouse warehouse() {
        return warehouse;
    }

    void execute(String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** Writes the rows of {@code select} to {@code file} (relative to the temp dir) as Parquet; returns its path. */
    String parquet(String file, String select) throws SQLException {
        Path path = dir().resolve(file);
        execute("COPY (" + select + ") TO '" + path.toString().replace("'", "''") + "' (FORMAT parquet)");
        return path.toString();
    }

    /** Each row as its values' text joined by {@code |}, e.g. {@code 1|a|null}. */
    List<String> rows(String query) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(query)) {
            int columnCount = result.getMetaData().getColumnCount();
            while (result.next()) {
                List<String> values = new ArrayList<>();
                for (int column = 1; column <= columnCount; column++) {
                    values.add(result.getString(column));
                }
                rows.add(String.join("|", values));
            }
        }
        return rows;
    }

    List<String> tables(String schema) throws SQLException {
        return rows("SELECT table_name FROM information_schema.tables WHERE table_schema = '" + schema
                + "' ORDER BY table_name");
    }

    @Override
    protected void close() throws Exception {
        closeOpened(warehouse, connection);
    }
}
