package dev.saasextract.embedded;

import dev.saasextract.sql.SqlIdentifiers;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Embedded Postgres servers (zonky) for the no-configuration default and {@code extract demo}: one server per data
 * folder per process, started on a free port on first use, its data kept between runs, stopped when the JVM exits.
 */
public final class EmbeddedPostgresServers implements AutoCloseable {
    private final Map<Path, EmbeddedPostgres> servers = new HashMap<>();

    /** A data source for {@code database} on the server of {@code dataDir}, creating the database if missing. */
    public synchronized DataSource database(Path dataDir, String database) {
        EmbeddedPostgres server = servers.computeIfAbsent(dataDir.toAbsolutePath().normalize(), EmbeddedPostgresServers::start);
        createIfMissing(server, database);
        return server.getDatabase("postgres", database);
    }

    public synchronized String jdbcUrl(Path dataDir, String database) {
        database(dataDir, database);
        return servers.get(dataDir.toAbsolutePath().normalize()).getJdbcUrl("postgres", database);
    }

    private static EmbeddedPostgres start(Path dataDir) {
        try {
            return EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    .start();
        } catch (IOException | IllegalStateException e) {
            throw new IllegalStateException("cannot start the embedded Postgres in " + dataDir + ": " + e.getMessage()
                    + " (is another extract process using it?)", e);
        }
    }

    private static void createIfMissing(EmbeddedPostgres server, String database) {
        try (Connection c = server.getPostgresDatabase().getConnection()) {
            try (PreparedStatement exists = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                exists.setString(1, database);
                try (ResultSet rs = exists.executeQuery()) {
                    if (rs.next()) {
                        return;
                    }
                }
            }
            try (Statement create = c.createStatement()) {
                create.execute("CREATE DATABASE " + SqlIdentifiers.quoted(database));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create embedded database " + database + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        for (EmbeddedPostgres server : servers.values()) {
            try {
                server.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        servers.clear();
    }
}
