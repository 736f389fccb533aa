package dev.saasextract.warehouse;

import dev.saasextract.checkpoint.Checkpoints;
import dev.saasextract.concurrent.Threads;
import dev.saasextract.config.WarehouseConfig;
import dev.saasextract.errors.ConfigException;
import dev.saasextract.retry.Retrier;
import dev.saasextract.retry.RetryPolicy;
import dev.saasextract.retry.Sleeper;
import dev.saasextract.sql.JdbcUrls;
import dev.saasextract.warehouse.dialect.DuckDbDialect;
import dev.saasextract.warehouse.dialect.SnowflakeDialect;
import dev.saasextract.warehouse.dialect.WarehouseDialect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Opens the warehouse a configuration names, with the dialect its URL prefix selects. The only place naming a dialect. */
public final class Warehouses {

    private static final Logger LOG = LoggerFactory.getLogger(Warehouses.class);
    /** {@code org.duckdb.DuckDBDriver.DUCKDB_READONLY_PROPERTY}, named here so that the class loads only when used. */
    private static final String DUCKDB_READ_ONLY = "duckdb.read_only";

    /**
     * A warehouse engine: its URL prefix, its JDBC driver class and its dialect. The driver is instantiated and
     * connected directly, not looked up through {@link java.sql.DriverManager}: the shaded jar leaves both warehouse
     * drivers out of its {@code java.sql.Driver} service list, because the DriverManager's first use (a Postgres pool
     * opening) would otherwise initialise them in every run on the main thread: about 0.4 s of start-up for
     * Snowflake's, ~0.1 s for DuckDB's (which registers a JFR event), whichever warehouse the run uses.
     */
    private record Engine(String urlPrefix, String driverClass, Optional<String> nativeLibraryClass,
            Function<WarehouseConfig, WarehouseDialect> dialect) {
    }

    private static final List<Engine> ENGINES = List.of(
            new Engine(WarehouseConfig.DUCKDB_URL_PREFIX, "org.duckdb.DuckDBDriver",
                    Optional.of("org.duckdb.DuckDBNative"), config -> new DuckDbDialect()),
            new Engine(WarehouseConfig.SNOWFLAKE_URL_PREFIX, "net.snowflake.client.api.driver.SnowflakeDriver",
                    Optional.empty(), config -> new SnowflakeDialect(config.storageIntegration())));

    private Warehouses() {
    }

    /** A warehouse that needs nothing besides its URL, such as a DuckDB file. */
    public static Warehouse open(String jdbcUrl) {
        return open(new WarehouseConfig(jdbcUrl, null, null, null, null));
    }

    public static Warehouse open(WarehouseConfig config) {
        return open(config, Retrier.forWarehouse(RetryPolicy.DEFAULT, Sleeper.REAL));
    }

    /** Transient failures, connecting included, are retried as {@code retrier} says; a lost connection is replaced. */
    public static Warehouse open(WarehouseConfig config, Retrier retrier) {
        return open(config, retrier, connectionProperties(config));
    }

    /**
     * For the commands that change nothing ({@code plan}, {@code status}, {@code verify}): a DuckDB file is opened
     * read-only, and one that does not exist yet reads as an empty warehouse instead of being created. Snowflake is
     * opened as by {@link #open(WarehouseConfig, Retrier)}, since those commands only query it.
     */
    public static Warehouse openForReading(WarehouseConfig config, Retrier retrier) {
        Optional<Path> file = config.duckDbFile();
        if (file.isEmpty()) {
            return open(config, retrier);
        }
        if (!Files.exists(file.get())) {
            LOG.info("No DuckDB file at {} yet: reading an empty warehouse", file.get());
            return open(config.withUrl(WarehouseConfig.DUCKDB_URL_PREFIX), retrier);
        }
        Properties properties = connectionProperties(config);
        properties.setProperty(DUCKDB_READ_ONLY, "true");
        return open(config, retrier, properties);
    }

    private static Warehouse open(WarehouseConfig config, Retrier retrier, Properties properties) {
        Engine engine = engineFor(config);
        WarehouseDialect dialect = engine.dialect().apply(config);
        Driver driver = driver(engine);
        LOG.info("Connecting to {} at {}{}", dialect.name(), JdbcUrls.forLogs(config.url()),
                config.user() == null ? "" : " as " + config.user()
                        + (config.privateKeyFile() == null ? "" : " with key " + config.privateKeyFile()));
        ConnectionSource connections = () -> {
            try {
                Connection connection = driver.connect(config.url(), properties);
                if (connection == null) {
                    throw new ConfigException("warehouse.url: " + engine.driverClass() + " does not accept "
                            + JdbcUrls.forLogs(config.url()));
                }
                return connection;
            } catch (SQLException e) {
                throw WarehouseException.failed("warehouse.url: cannot connect to "
                        + JdbcUrls.forLogs(config.url()), e);
            }
        };
        return JdbcWarehouse.open(connections, dialect, Checkpoints.NONE, retrier);
    }

    /**
     * A plain JDBC connection to a DuckDB database, for what queries it directly (the demo's report). Through the
     * driver itself, as the shaded jar does not list it for {@link java.sql.DriverManager}.
     */
    public static Connection duckDbConnection(String jdbcUrl) throws SQLException {
        WarehouseConfig config = new WarehouseConfig(jdbcUrl, null, null, null, null);
        if (!config.isDuckDb()) {
            throw new IllegalArgumentException("not a DuckDB URL: " + JdbcUrls.forLogs(jdbcUrl));
        }
        return driver(engineFor(config)).connect(jdbcUrl, new Properties());
    }

    /**
     * Loads the engine's native library, if it has one, on a daemon thread; the future completes when it is loaded.
     * DuckDB's driver extracts its ~60 MB library to a temporary file and loads it on the first connection (~0.35 s);
     * loaded ahead, that overlaps the source's checks instead of delaying the warehouse. Touches no warehouse. A
     * failure, an unsupported URL included, is only logged here: opening the warehouse reports it.
     */
    public static CompletableFuture<Void> preloadDriver(WarehouseConfig config) {
        return engineMatching(config)
                .flatMap(Engine::nativeLibraryClass)
                .map(Warehouses::initialise)
                .orElseGet(() -> CompletableFuture.completedFuture(null));
    }

    /** Initialises {@code className} (whose static initialiser loads the library) on a daemon thread. */
    static CompletableFuture<Void> initialise(String className) {
        return CompletableFuture.runAsync(() -> {
            try {
                Class.forName(className, true, Warehouses.class.getClassLoader());
            } catch (ClassNotFoundException | LinkageError e) {
                LOG.warn("cannot load the warehouse driver's native library ({}): {}", className, e.toString());
                throw new IllegalStateException("cannot load " + className, e);
            }
        }, task -> Threads.startDaemon("saas-extract-warehouse-preload", task));
    }

    static WarehouseDialect dialectFor(WarehouseConfig config) {
        return engineFor(config).dialect().apply(config);
    }

    private static Optional<Engine> engineMatching(WarehouseConfig config) {
        return ENGINES.stream().filter(engine -> config.url().startsWith(engine.urlPrefix())).findFirst();
    }

    private static Engine engineFor(WarehouseConfig config) {
        return engineMatching(config).orElseThrow(() -> new ConfigException("warehouse.url: unsupported warehouse "
                + JdbcUrls.forLogs(config.url()) + " (supported: "
                + String.join(", ", ENGINES.stream().map(Engine::urlPrefix).toList()) + ")"));
    }

    /**
     * What the driver needs besides the URL. For Snowflake: the user, and either a private key file (with
     * {@code password} as the key's passphrase, if given) or the password. DuckDB takes no credentials.
     */
    static Properties connectionProperties(WarehouseConfig config) {
        Properties properties = new Properties();
        boolean hasCredentials = config.user() != null || config.password() != null || config.privateKeyFile() != null;
        if (config.isDuckDb()) {
            if (hasCredentials) {
                throw new ConfigException("warehouse: a DuckDB warehouse takes no user, password or private_key_file");
            }
            return properties;
        }
        if (config.user() != null) {
            properties.setProperty("user", config.user());
        }
        if (config.privateKeyFile() != null) {
            properties.setProperty("private_key_file", config.privateKeyFile().toAbsolutePath().toString());
            if (config.password() != null) {
                properties.setProperty("private_key_file_pwd", config.password().reveal());
            }
        } else if (config.password() != null) {
            properties.setProperty("password", config.password().reveal());
        }
        // Small results as JSON: the driver's default Arrow format needs --add-opens on Java 17.
        properties.setProperty("JDBC_QUERY_RESULT_FORMAT", "JSON");
        return properties;
    }

    private static Driver driver(Engine engine) {
        try {
            return (Driver) Class.forName(engine.driverClass()).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalStateException("the JDBC driver " + engine.driverClass() + " is not on the classpath", e);
        }
    }

    /** A URL's query string may carry credentials, so messages show only what comes before it. */}
