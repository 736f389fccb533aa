package dev.saasextract.embedded;

import dev.saasextract.sql.SqlIdentifiers;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Embedded Postgres servers (zonky) for the no-configuration default and {@code extract demo}: one server per data
 * folder per process, started on a free port on first use, its data kept between runs, stopped when the JVM exits.
 */
public final class EmbeddedPostgresServers implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresServers.class);

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
        stopOrphanedServer(dataDir);
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

    /**
     * A process killed with SIGKILL leaves its embedded server running (zonky stops it from a shutdown hook), holding
     * the data folder. Its pid is in {@code postmaster.pid}; stop it so that a rerun can resume.
     */
    private static void stopOrphanedServer(Path dataDir) {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.isRegularFile(pidFile)) {
            return;
        }
        try {
            long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).strip());
            Optional<ProcessHandle> server = ProcessHandle.of(pid)
                    .filter(p -> p.info().command().map(c -> c.endsWith("postgres")).orElse(false));
            if (server.isPresent()) {
                LOG.warn("stopping the embedded Postgres (pid {}) that an interrupted run left in {}", pid, dataDir);
                server.get().destroy();
                server.get().onExit().get(30, TimeUnit.SECONDS);
            }
        } catch (IOException | RuntimeException | ExecutionException | TimeoutException e) {
            LOG.warn("could not stop a leftover embedded Postgres in {}: {}", dataDir, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
