package dev.saasextract.warehouse;

import dev.saasextract.errors.ConfigException;
import dev.saasextract.warehouse.dialect.DuckDbDialect;
import dev.saasextract.warehouse.dialect.WarehouseDialect;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;

/** Opens the warehouse a JDBC URL names, with the dialect its URL prefix selects. The only place naming a dialect. */
public final class Warehouses {

    private static final Map<String, Supplier<WarehouseDialect>> DIALECTS_BY_URL_PREFIX =
            Map.of("jdbc:duckdb:", DuckDbDialect::new);

    private Warehouses() {
    }

    public static Warehouse open(String jdbcUrl) {
        return open(jdbcUrl, new Properties());
    }

    /** {@code connectionProperties} holds what the driver needs besides the URL, e.g. user and password. */
    public static Warehouse open(String jdbcUrl, Properties connectionProperties) {
        WarehouseDialect dialect = dialectFor(jdbcUrl);
        Connection connection;
        try {
            connection = DriverManager.getConnection(jdbcUrl, connectionProperties);
        } catch (SQLException e) {
            throw WarehouseException.failed("warehouse.url: cannot connect to " + withoutQuery(jdbcUrl), e);
        }
        return JdbcWarehouse.open(connection, dialect);
    }

    static WarehouseDialect dialectFor(String jdbcUrl) {
        return DIALECTS_BY_URL_PREFIX.entrySet().stream()
                .filter(entry -> jdbcUrl.startsWith(entry.getKey()))
                .map(entry -> entry.getValue().get())
                .findFirst()
                .orElseThrow(() -> new ConfigException("warehouse.url: unsupported warehouse " + withoutQuery(jdbcUrl)
                        + " (supported: " + String.join(", ", DIALECTS_BY_URL_PREFIX.keySet()) + ")"));
    }

    /** A URL's query string may carry credentials, so messages show only what comes before it. */
    private static String withoutQuery(String jdbcUrl) {
        int query = jdbcUrl.indexOf('?');
        return query < 0 ? jdbcUrl : jdbcUrl.substring(0, query) + "?…";
    }
}
