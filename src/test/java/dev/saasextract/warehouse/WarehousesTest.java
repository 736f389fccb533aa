package dev.saasextract.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saasextract.config.Secret;
import dev.saasextract.config.WarehouseConfig;
import dev.saasextract.errors.ConfigException;
import dev.saasextract.retry.Retrier;
import dev.saasextract.retry.RetryPolicy;
import dev.saasextract.retry.Sleeper;
import dev.saasextract.schema.ColumnSpec;
import dev.saasextract.schema.ColumnType;
import dev.saasextract.schema.ColumnType.Kind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WarehousesTest {

    private static final String SNOWFLAKE_URL =
            "jdbc:snowflake://gitlab.snowflakecomputing.com/?db=RAW&warehouse=LOADING&role=LOADER";

    private static final Retrier RETRIER = Retrier.forWarehouse(RetryPolicy.DEFAULT, Sleeper.REAL);

    @TempDir
    Path dir;

    @Test
    void aDuckDbUrlOpensAWarehouseWhoseChangesAreCommitted() {
        String url = "jdbc:duckdb:" + dir.resolve("warehouse.duckdb");
        try (Warehouse warehouse = Warehouses.open(url)) {
            warehouse.tagSession("{\"table\":\"issues\",\"load_type\":\"backfill\"}"); // DuckDB has no tag: no-op
            warehouse.createTable("tap_postgres", "GITLAB_DB_ISSUES",
                    List.of(new ColumnSpec("id", ColumnType.of(Kind.BIGINT, "int8"))));
        }

        try (Warehouse reopened = Warehouses.open(url)) {
            assertEquals(Optional.of(List.of("id")), reopened.columns("tap_postgres", "GITLAB_DB_ISSUES"));
        }
    }

    @Test
    void readingADuckDbFileThatDoesNotExistCreatesNothingAndFindsNoTable() {
        Path file = dir.resolve("absent/warehouse.duckdb");
        WarehouseConfig config = WarehouseConfig.duckDb(file);

        try (Warehouse warehouse = Warehouses.openForReading(config, RETRIER)) {
            assertEquals(Optional.empty(), warehouse.columns("tap_postgres", "GITLAB_DB_ISSUES"));
        }

        assertFalse(Files.exists(file.getParent()), "neither the file nor its folder is created");
    }

    @Test
    void readingAnExistingDuckDbFileSeesItsTablesAndCannotChangeThem() {
        WarehouseConfig config = WarehouseConfig.duckDb(dir.resolve("warehouse.duckdb"));
        List<ColumnSpec> id = List.of(new ColumnSpec("id", ColumnType.of(Kind.BIGINT, "int8")));
        try (Warehouse warehouse = Warehouses.open(config)) {
            warehouse.createTable("tap_postgres", "GITLAB_DB_ISSUES", id);
        }

        try (Warehouse reading = Warehouses.openForReading(config, RETRIER)) {
            assertEquals(Optional.of(List.of("id")), reading.columns("tap_postgres", "GITLAB_DB_ISSUES"));
            RuntimeException refused = assertThrows(RuntimeException.class,
                    () -> reading.createTable("tap_postgres", "GITLAB_DB_PROJECTS", id));
            assertTrue(String.valueOf(refused.getMessage()).contains("read-only"), refused::toString);
        }
        try (Warehouse reopened = Warehouses.open(config)) {
            assertEquals(Optional.empty(), reopened.columns("tap_postgres", "GITLAB_DB_PROJECTS"));
        }
    }

    @Test
    void aPlainDuckDbConnectionReadsWhatAWarehouseWrote() throws Exception {
        WarehouseConfig config = WarehouseConfig.duckDb(dir.resolve("warehouse.duckdb"));
        try (Warehouse warehouse = Warehouses.open(config)) {
            warehouse.createTable("tap_postgres", "GITLAB_DB_ISSUES",
                    List.of(new ColumnSpec("id", ColumnType.of(Kind.BIGINT, "int8"))));
        }

        try (java.sql.Connection c = Warehouses.duckDbConnection(config.url());
                java.sql.ResultSet rows = c.createStatement().executeQuery(
                        "SELECT count(*) FROM tap_postgres.\"GITLAB_DB_ISSUES\"")) {
            assertTrue(rows.next());
            assertEquals(0, rows.getLong(1));
        }
        assertThrows(IllegalArgumentException.class, () -> Warehouses.duckDbConnection(SNOWFLAKE_URL));
    }

    @Test
    void aSnowflakeUrlReachesTheSnowflakeDriverWithoutItsServiceEntry() {
        // The shaded jar does not list the Snowflake driver as a java.sql.Driver service; Warehouses instantiates it
        // itself. The driver refuses a user without credentials before any network access.
        WarehouseConfig config = new WarehouseConfig("jdbc:snowflake://127.0.0.1:9/?db=RAW", "LOADER", null, null,
                "gcs_integration");

        WarehouseException failure = assertThrows(WarehouseException.class, () -> Warehouses.open(config));

        assertEquals("warehouse.url: cannot connect to jdbc:snowflake://127.0.0.1:9/?…", failure.getMessage()
                .substring(0, failure.getMessage().indexOf("…") + 1));
        assertTrue(failure.getCause().getClass().getName().startsWith("net.snowflake."), failure.getCause()::toString);
    }

    @Test
    void aDuckDbConfigPreloadsTheDriversNativeLibraryWithoutTouchingTheWarehouseFile() throws Exception {
        Path file = dir.resolve("warehouse.duckdb");

        // fails with ClassNotFoundException should the driver rename the class whose initialiser loads the library
        Warehouses.preloadDriver(WarehouseConfig.duckDb(file)).get(60, TimeUnit.SECONDS);

        assertFalse(Files.exists(file), "the preload created the warehouse file");
    }

    @Test
    void aPreloadThatFailsIsLoggedNotThrownToTheCaller() {
        CompletableFuture<Void> preload = Warehouses.initialise("org.duckdb.NoSuchNativeLibrary");

        ExecutionException failure = assertThrows(ExecutionException.class, () -> preload.get(60, TimeUnit.SECONDS));
        assertTrue(failure.getCause().getCause() instanceof ClassNotFoundException, failure::toString);
    }

    @Test
    void snowflakeAndUnknownEnginesHaveNothingToPreload() {
        assertTrue(Warehouses.preloadDriver(new WarehouseConfig(SNOWFLAKE_URL, "LOADER", null, null, "gcs"))
                .isDone());
        assertTrue(Warehouses.preloadDriver(new WarehouseConfig("jdbc:bigquery://x", null, null, null, null))
                .isDone());
    }

    @Test
    void duckDbIsBoundedSoTheExtractorsMemoryStaysFlat() throws Exception {
        String url = "jdbc:duckdb:" + dir.resolve("warehouse.duckdb");
        try (Warehouse warehouse = Warehouses.open(url);
                java.sql.Connection c = java.sql.DriverManager.getConnection(url);
                java.sql.Statement s = c.createStatement();
                java.sql.ResultSet rs = s.executeQuery("SELECT current_setting('memory_limit'),"
                        + " current_setting('threads'), current_setting('preserve_insertion_order')")) {
            rs.next();
            // DuckDB's default is 80% of the machine's memory; 48 MB is printed in MiB.
            assertEquals("45.7 MiB", rs.getString(1));
            assertEquals(1, rs.getLong(2), "one thread: the load's memory stays flat");
            assertEquals(false, rs.getBoolean(3));
        }
    }

    @Test
    void anUnsupportedUrlIsAConfigErrorThatHidesTheQueryString() {
        ConfigException error = assertThrows(ConfigException.class,
                () -> Warehouses.open("jdbc:postgresql://host/db?password=s3cret"));

        assertEquals("warehouse.url: unsupported warehouse jdbc:postgresql://host/db?… (supported: jdbc:duckdb:, jdbc:snowflake:)",
                error.getMessage());
    }

    @Test
    void snowflakeGetsTheUserAndPasswordAsDriverProperties() {
        WarehouseConfig config = new WarehouseConfig(SNOWFLAKE_URL, "LOADER", Secret.literal("pa'ss"), null, null);

        Properties properties = Warehouses.connectionProperties(config);

        assertEquals(Map.of("user", "LOADER", "password", "pa'ss", "JDBC_QUERY_RESULT_FORMAT", "JSON"),
                Map.copyOf(properties));
        assertEquals("Snowflake", Warehouses.dialectFor(config).name());
    }

    @Test
    void withAPrivateKeyFileThePasswordIsTheKeysPassphrase() {
        Path key = dir.resolve("rsa_key.p8");

        Properties withPassphrase = Warehouses.connectionProperties(
                new WarehouseConfig(SNOWFLAKE_URL, "LOADER", Secret.literal("phrase"), key, null));
        Properties withoutPassphrase = Warehouses.connectionProperties(
                new WarehouseConfig(SNOWFLAKE_URL, "LOADER", null, key, null));

        assertEquals(Map.of("user", "LOADER", "private_key_file", key.toString(), "private_key_file_pwd", "phrase",
                "JDBC_QUERY_RESULT_FORMAT", "JSON"), Map.copyOf(withPassphrase));
        assertEquals(Map.of("user", "LOADER", "private_key_file", key.toString(), "JDBC_QUERY_RESULT_FORMAT", "JSON"),
                Map.copyOf(withoutPassphrase));
    }

    @Test
    void duckDbTakesNoCredentials() {
        String url = "jdbc:duckdb:" + dir.resolve("warehouse.duckdb");

        assertEquals(Map.of(), Map.copyOf(Warehouses.connectionProperties(new WarehouseConfig(url, null, null, null,
                null))));
        ConfigException error = assertThrows(ConfigException.class, () -> Warehouses.open(
                new WarehouseConfig(url, "someone", Secret.literal("s3cret"), null, null)));
        assertEquals("warehouse: a DuckDB warehouse takes no user, password or private_key_file", error.getMessage());
    }

    @Test
    void aGcsFileLoadedIntoDuckDbIsAOneLineConfigError() {
        try (Warehouse warehouse = Warehouses.open("jdbc:duckdb:" + dir.resolve("warehouse.duckdb"))) {
            warehouse.createTable("tap_postgres", "GITLAB_DB_ISSUES",
                    List.of(new ColumnSpec("id", ColumnType.of(Kind.BIGINT, "int8"))));
            String uri = "gcs://saas-pipeline-backfills/staging/regular/gitlab_db_issues/a.parquet";

            ConfigException error = assertThrows(ConfigException.class,
                    () -> warehouse.load("tap_postgres", "GITLAB_DB_ISSUES", List.of(uri)));

            assertEquals("staged file " + uri + ": a DuckDB warehouse reads only local files; stage to a file://"
                    + " folder", error.getMessage());
        }
    }

    @Test
    void aDatabaseThatCannotBeOpenedIsARuntimeFailureNamingTheUrl() {
        String url = "jdbc:duckdb:" + dir.resolve("no/such/dir/warehouse.duckdb");

        WarehouseException error = assertThrows(WarehouseException.class, () -> Warehouses.open(url));

        assertTrue(error.getMessage().startsWith("warehouse.url: cannot connect to " + url + ": "), error.getMessage());
        assertFalse(error.getMessage().contains("\n"), error.getMessage());
    }
}
