package dev.saasextract.config;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The warehouse the staged files are loaded into.
 *
 * @param url                {@code jdbc:duckdb:...} or {@code jdbc:snowflake:...}
 * @param user               null when absent
 * @param password           null when absent
 * @param privateKeyFile     Snowflake key-pair authentication; null when absent
 * @param storageIntegration the Snowflake storage integration that reads the GCS bucket
 */
public record WarehouseConfig(
        String url, String user, Secret password, Path privateKeyFile, String storageIntegration) {

    public static final String DUCKDB_URL_PREFIX = "jdbc:duckdb:";
    public static final String SNOWFLAKE_URL_PREFIX = "jdbc:snowflake:";
    public static final String DEFAULT_STORAGE_INTEGRATION = "gcs_integration";

    public WarehouseConfig {
        requireNonNull(url, "url is null");
        storageIntegration = storageIntegration == null ? DEFAULT_STORAGE_INTEGRATION : storageIntegration;
    }

    public static WarehouseConfig duckDb(Path databaseFile) {
        return new WarehouseConfig(
                DUCKDB_URL_PREFIX + databaseFile.toAbsolutePath().normalize(), null, null, null, null);
    }

    public boolean isDuckDb() {
        return url.startsWith(DUCKDB_URL_PREFIX);
    }

    /** The database file this URL names: empty for an in-memory DuckDB and for another warehouse. */
    public Optional<Path> duckDbFile() {
        return duckDbFile(url);
    }

    /** The database file a DuckDB URL, {@code jdbc:duckdb:<file>[?<options>]}, names; empty as above. */
    static Optional<Path> duckDbFile(String url) {
        if (!url.startsWith(DUCKDB_URL_PREFIX)) {
            return Optional.empty();
        }
        String target = url.substring(DUCKDB_URL_PREFIX.length());
        int query = target.indexOf('?');
        String location = query < 0 ? target : target.substring(0, query);
        boolean inMemory = location.isEmpty() || location.startsWith(":memory:");
        return inMemory ? Optional.empty() : Optional.of(Path.of(location));
    }

    /** This warehouse at another URL, with the same credentials and storage integration. */
    public WarehouseConfig withUrl(String otherUrl) {
        return new WarehouseConfig(otherUrl, user, password, privateKeyFile, storageIntegration);
    }
}
