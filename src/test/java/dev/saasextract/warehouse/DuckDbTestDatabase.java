package dev.saasextract.warehouse;

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
 * connection to the same database for fixtures and for checking what the warehouse committed.
 */
final class DuckDbTestDatabase implements AutoCloseable {

    final Path dir;
    final Warehouse warehouse;
    private final DuckDBConnection connection;

    DuckDbTestDatabase(Path dir) throws SQLException {
        this.dir = dir;
        this.connection = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("warehouse.duckdb"));
        this.warehouse = JdbcWarehouse.open(connection.duplicate(), new DuckDbDialect());
    }

    /** With the warehouse {@code open} makes of a source of new connections to this database. */
    DuckDbTestDatabase(Path dir, Function<Callable<Connection>, Warehouse> open) throws SQLException {
        this.dir = dir;
        this.connection = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("warehouse.duckdb"));
        this.warehouse = open.apply(connection::duplicate);
    }

    void execute(String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** Writes the rows of {@code select} to {@code file} (relative to the temp dir) as Parquet; returns its path. */
    String parquet(String file, String select) throws SQLException {
        Path path = dir.resolve(file);
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
    public void close() throws SQLException {
        try {
            warehouse.close();
        } finally {
            connection.close();
        }
    }
}
