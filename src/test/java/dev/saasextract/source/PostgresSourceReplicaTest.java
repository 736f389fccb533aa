package dev.saasextract.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real standby: a cold copy of a primary's data folder, started in standby mode, replaying the primary's archived
 * WAL. Its replica time is the commit time of the last transaction it replayed.
 */
class PostgresSourceReplicaTest {
    /** Generous: a standby's start and restore share two cores with the other test JVM in CI. */
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path temp;

    @Test
    void standbyReportsTheCommitTimeOfTheLastReplayedTransaction() throws Exception {
        Path primaryData = temp.resolve("primary");
        Path standbyData = temp.resolve("standby");
        Path archive = Files.createDirectory(temp.resolve("archive"));

        // A cleanly stopped primary's folder is a valid base backup for a standby.
        primary(primaryData, archive).close();
        copyFolder(primaryData, standbyData);
        Instant committed;
        try (EmbeddedPostgres primary = primary(primaryData, archive)) {
            committed = commitAndArchive(primary);
        }
        Files.createFile(standbyData.resolve("standby.signal"));

        try (EmbeddedPostgres standby = server(standbyData, "restore_command = 'cp " + archive + "/%f %p'")) {
            PostgresSource source = new PostgresSource(standby.getPostgresDatabase());

            assertEquals(Optional.of(committed), waitForReplay(source, committed));
        }
    }

    private static EmbeddedPostgres primary(Path data, Path archive) throws IOException {
        return server(data, String.join("\n", "archive_mode = on", "archive_command = 'cp %p " + archive + "/%f'",
                "track_commit_timestamp = on",
                "autovacuum = off")); // so no transaction commits after the test's own
    }

    /** Settings go into postgresql.conf: values with spaces did not survive zonky's {@code setServerConfig}. */
    private static EmbeddedPostgres server(Path data, String settings) throws IOException {
        return EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false)
                .setDataDirectoryCustomizer(dir -> appendSettings(dir.toPath().resolve("postgresql.conf"), settings))
                .start();
    }

    private static void appendSettings(Path config, String settings) {
        try {
            Files.writeString(config, "\n" + settings + "\n", StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Commits one row and returns its commit time, once the WAL segment holding it is in the archive. */
    private static Instant commitAndArchive(EmbeddedPostgres primary) throws SQLException, InterruptedException {
        try (Connection c = primary.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE issues (id int)");
            s.execute("INSERT INTO issues VALUES (1)");
            Instant committed;
            try (ResultSet rs = s.executeQuery("SELECT pg_xact_commit_timestamp(xmin) FROM issues")) {
                rs.next();
                committed = rs.getObject(1, OffsetDateTime.class).toInstant();
            }
            s.execute("SELECT pg_switch_wal()");
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (System.nanoTime() < deadline) {
                try (ResultSet rs = s.executeQuery("SELECT archived_count FROM pg_stat_archiver")) {
                    rs.next();
                    if (rs.getLong(1) > 0) {
                        return committed;
                    }
                }
                Thread.sleep(100);
            }
            throw new AssertionError("the primary did not archive its WAL within " + WAIT);
        }
    }

    private static Optional<Instant> waitForReplay(PostgresSource source, Instant committed) throws InterruptedException {
        Optional<Instant> replicaTime = Optional.empty();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline && !replicaTime.equals(Optional.of(committed))) {
            try {
                replicaTime = source.replicaTime();
            } catch (SourceReadException notReplayedYet) {
                assertTrue(notReplayedYet.getMessage().contains("has not replayed any transaction yet"),
                        notReplayedYet.getMessage());
            }
            Thread.sleep(100);
        }
        return replicaTime;
    }

    private static void copyFolder(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Files.copy(path, to.resolve(from.relativize(path)), StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
    }
}
