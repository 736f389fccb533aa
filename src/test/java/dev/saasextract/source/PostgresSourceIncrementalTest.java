package dev.saasextract.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saasextract.testing.TestPostgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What a regular load and {@code plan} ask the source: how far its data reaches, every row, a row estimate. */
class PostgresSourceIncrementalTest {
    private String database;
    private DataSource dataSource;
    private PostgresSource source;

    @BeforeEach
    void freshDatabase() {
        database = TestPostgres.newDatabase();
        dataSource = TestPostgres.dataSource(database);
        source = new PostgresSource(dataSource, 500);
    }

    @Test
    void primaryWithoutReplicationTableHasNoReplicaTime() {
        assertEquals(Optional.empty(), source.replicaTime());
    }

    @Test
    void replicationTableGivesItsTimestampAsUtcWhateverTheSessionTimeZone() throws SQLException {
        execute("ALTER DATABASE " + database + " SET TimeZone = 'Asia/Kolkata'",
                "CREATE TABLE public.last_replication_timestamp (last_replica_time timestamp)",
                "INSERT INTO public.last_replication_timestamp VALUES ('2024-01-02 01:00:00.123456')");

        assertEquals(Optional.of(Instant.parse("2024-01-02T01:00:00.123456Z")), source.replicaTime());
    }

    @Test
    void replicationTableWithoutExactlyOneTimestampIsAnError() throws SQLException {
        execute("CREATE TABLE public.last_replication_timestamp (last_replica_time timestamp)");
        assertReplicaTimeFails("source Postgres: public.last_replication_timestamp has no row");

        execute("INSERT INTO public.last_replication_timestamp VALUES (NULL)");
        assertReplicaTimeFails("source Postgres: public.last_replication_timestamp.last_replica_time is NULL");

        execute("TRUNCATE public.last_replication_timestamp",
                "INSERT INTO public.last_replication_timestamp VALUES ('2024-01-02 01:00'), ('2024-01-02 02:00')");
        assertReplicaTimeFails("source Postgres: public.last_replication_timestamp has more than one row");

        execute("DROP TABLE public.last_replication_timestamp",
                "CREATE TABLE public.last_replication_timestamp (last_replica_time timestamptz)",
                "INSERT INTO public.last_replication_timestamp VALUES (now())");
        assertReplicaTimeFails("source Postgres: public.last_replication_timestamp.last_replica_time is of type "
                + "timestamptz; expected timestamp (without time zone, in UTC)");
    }

    @Test
    void readStreamsEveryRowInAReadOnlyTransaction() throws SQLException {
        execute("CREATE TABLE ci_builds (id int PRIMARY KEY, name text)",
                "INSERT INTO ci_builds SELECT g, md5(g::text) FROM generate_series(1, 25000) AS g ORDER BY random()");
        Set<Integer> ids = new HashSet<>();
        AtomicReference<String> readOnly = new AtomicReference<>();

        long rows = source.read("test", new PreparedQuery(
                "SELECT id, name, current_setting('transaction_read_only') AS ro FROM ci_builds", List.of()),
                rs -> {
                    assertTrue(ids.add(rs.getInt("id")), "row read twice");
                    readOnly.set(rs.getString("ro"));
                });

        assertEquals(25_000, rows);
        assertEquals(25_000, ids.size());
        assertEquals("on", readOnly.get());
    }

    @Test
    void readHandsRowsOverBeforeTheServerHasProducedThemAll() {
        AtomicLong seen = new AtomicLong();

        // Row 20,000 fails on the server: a fully buffered result would fail before the handler saw any row.
        SourceReadException e = assertThrows(SourceReadException.class, () -> source.read("test",
                new PreparedQuery("SELECT 1 / (g - 20000) AS id FROM generate_series(1, 25000) AS g", List.of()),
                rs -> seen.incrementAndGet()));

        assertTrue(seen.get() >= 19_000 && seen.get() < 20_000, "rows seen before the failure: " + seen.get());
        assertTrue(e.getMessage().startsWith("source Postgres, test: ERROR: division by zero"),
                e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    }

    @Test
    void estimatesRowsFromThePlannerStatistics() throws SQLException {
        execute("CREATE TABLE issues (id int PRIMARY KEY, author_id int)",
                "INSERT INTO issues SELECT g, g % 100 FROM generate_series(1, 50000) AS g",
                "ANALYZE issues");

        long all = source.estimateRows("SELECT id, author_id FROM issues");
        long oneAuthor = source.estimateRows("SELECT id FROM issues WHERE author_id = 7");

        assertEquals(50_000, all);
        assertTrue(oneAuthor >= 250 && oneAuthor <= 1_000, "estimate for 500 rows: " + oneAuthor);
    }

    @Test
    void estimatesTheKeysAfterABoundForIncrementalByIdLoads() throws SQLException {
        execute("CREATE TABLE issues (id int PRIMARY KEY, author_id int)",
                "INSERT INTO issues SELECT g, g % 100 FROM generate_series(1, 50000) AS g",
                "ANALYZE issues");

        long after = source.estimateRowsAfter("SELECT id, author_id FROM issues", "id", OptionalLong.of(45_000));
        long all = source.estimateRowsAfter("SELECT id, author_id FROM issues", "id", OptionalLong.empty());

        assertTrue(after >= 2_500 && after <= 10_000, "estimate for 5,000 keys: " + after);
        assertEquals(50_000, all);
    }

    @Test
    void estimateNamesWhatFailed() {
        SourceReadException e = assertThrows(SourceReadException.class,
                () -> source.estimateRows("SELECT id FROM missing_table"));

        assertTrue(e.getMessage().startsWith("source Postgres, estimating rows: ERROR: relation \"missing_table\" "
                + "does not exist"), e.getMessage());
    }

    private void assertReplicaTimeFails(String expected) {
        SourceReadException e = assertThrows(SourceReadException.class, source::replicaTime);
        assertEquals(expected, e.getMessage());
    }

    private void execute(String... statements) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        }
    }
}
