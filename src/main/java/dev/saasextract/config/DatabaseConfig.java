package dev.saasextract.config;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/**
 * A Postgres database: reached through a JDBC {@code url}, or embedded (a Postgres whose data lives in
 * {@code embeddedDataDir}, started by the tool).
 *
 * @param url             {@code jdbc:postgresql:...}; null when embedded
 * @param user            null when absent or embedded
 * @param password        null when absent or embedded
 * @param embeddedDataDir absolute; null unless embedded
 * @param database        the database name (taken from the url when there is one)
 */
public record DatabaseConfig(String url, String user, Secret password, Path embeddedDataDir, String database) {

    public DatabaseConfig {
        requireNonNull(database, "database is null");
        if ((url == null) == (embeddedDataDir == null)) {
            throw new IllegalArgumentException("exactly one of url and embeddedDataDir must be set");
        }
        if (embeddedDataDir != null && (user != null || password != null)) {
            throw new IllegalArgumentException("an embedded database takes no user or password");
        }
    }

    public static DatabaseConfig embedded(Path dataDir, String database) {
        return new DatabaseConfig(null, null, null, dataDir.toAbsolutePath().normalize(), database);
    }

    public boolean isEmbedded() {
        return embeddedDataDir != null;
    }
}
