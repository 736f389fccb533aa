package dev.saasextract.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * One embedded Postgres for the whole test JVM (starting one costs about a second). Each test asks for a fresh
 * database, so tests never see each other's tables.
 */
public final class TestPostgres {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgres server;

    private TestPostgres() {
    }

    public static synchronized EmbeddedPostgres server() {
        if (server == null) {
            Path dataDirectory;
            try {
                dataDirectory = Files.createTempDirectory("epg-test");
                server = EmbeddedPostgres.builder().setDataDirectory(dataDirectory).setCleanDataDirectory(false)
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start embedded Postgres", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stopAndRemove(dataDirectory)));
        }
        return server;
    }

    /**
     * Stops the server, then removes its data directory, which holds hundreds of test databases (gigabytes), in a
     * process of its own: removing it in the exiting JVM took longer than the 30 s surefire waits for a fork, which was
     * then killed and left the directory behind.
     */
    private static void stopAndRemove(Path dataDirectory) {
        try {
            server.close();
            new ProcessBuilder("rm", "-rf", dataDirectory.toString()).start();
        } catch (IOException ignored) {
            // the JVM is exiting and has no one left to tell
        }
    }

    /** Creates an empty database and returns its name. */
    public static String newDatabase() {
        String name = "t" + DATABASES.incrementAndGet() + "_" + ProcessHandle.current().pid();
        try (Connection c = server().getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name, e);
        }
        return name;
    }

    /** Creates a database, runs {@code statements} in it (each may hold several), and returns its name. */
    public static String newDatabase(String... statements) {
        String name = newDatabase();
        try (Connection c = dataSource(name).getConnection(); Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot set up test database " + name, e);
        }
        return name;
    }

    public static DataSource dataSource(String database) {
        return server().getDatabase("postgres", database);
    }

    public static String jdbcUrl(String database) {
        return server().getJdbcUrl("postgres", database);
    }
}
