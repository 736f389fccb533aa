package dev.saasextract.source;

import static dev.saasextract.source.Specs.table;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saasextract.errors.ManifestException;
import dev.saasextract.retry.FailureKind;
import dev.saasextract.retry.Retrier;
import dev.saasextract.retry.RetriesExhaustedException;
import dev.saasextract.retry.RetryPolicy;
import dev.saasextract.retry.SqlFailures;
import dev.saasextract.testing.TestPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Real failures on the test's embedded Postgres: a terminated backend, a statement timeout, a serialization failure
 * raised by the query, and queries the source rejects. The sleeper never sleeps; it counts the retries and may heal the
 * fault it waits for, as time would.
 */
class PostgresSourceRetryTest {
    private static final RetryPolicy FOUR_ATTEMPTS = new RetryPolicy(4, Duration.ofMillis(10), Duration.ofMillis(40));

    /**
     * Past key 5,000 the server pauses on every row, so the terminate (at the 5,000th row received) lands while it is
     * still producing the chunk, however far a busy machine lets the handler fall behind the server.
     */
    private static final String SLOWLY_PRODUCED =
            "SELECT id, title FROM issues WHERE id <= 5000 OR pg_sleep(0.005) IS NOT NULL";

    private final List<Duration> waits = new ArrayList<>();
    private DataSource dataSource;

    @BeforeEach
    void issues() throws SQLException {
        dataSource = TestPostgres.dataSource(TestPostgres.newDatabase());
        execute("CREATE TABLE issues (id bigint PRIMARY KEY, title text)",
                "INSERT INTO issues SELECT g, repeat('x', 200) FROM generate_series(1, 20000) g",
                "CREATE TABLE fault (armed boolean NOT NULL)",
                "INSERT INTO fault VALUES (true)",
                // Fails the statement while the fault is armed, as a hot standby does when replay conflicts with it.
                """
                CREATE FUNCTION conflict_while_armed(id bigint) RETURNS boolean LANGUAGE plpgsql AS $$
                BEGIN
                    IF (SELECT armed FROM fault) THEN
                        RAISE EXCEPTION 'canceling statement due to conflict with recovery' USING ERRCODE = '40001';
                    END IF;
                    RETURN true;
                END $$""");
    }

    private PostgresSource source(Optional<Duration> statementTimeout) {
        return new PostgresSource(dataSource, 500, statementTimeout, Retrier.forSql(FOUR_ATTEMPTS, waits::add));
    }

    @Test
    void aBackendTerminatedMidChunkFailsTheReadAsTransientWithoutRetryingIt() {
        PostgresSource source = source(Optional.empty());
        AtomicLong tuples = new AtomicLong();
        SourceReadException e = assertThrows(SourceReadException.class,
                () -> source.readChunk(SLOWLY_PRODUCED, "id", OptionalLong.empty(), 20000, tuple -> {
                    if (tuples.incrementAndGet() == 5000) {
                        assertEquals(1, terminateCopyBackends());
                    }
                }));
        assertTrue(tuples.get() >= 5000 && tuples.get() < 20000, "stopped mid-chunk at " + tuples.get());
        assertEquals(FailureKind.TRANSIENT, SqlFailures.classify(e), e::getMessage);
        assertEquals(List.of(), waits, "a read that fed a handler is the caller's to retry");
    }

    @Test
    void aSerializationFailureIsRetriedAndTheCallThenSucceeds() {
        PostgresSource source = new PostgresSource(dataSource, 500, Optional.empty(),
                Retrier.forSql(FOUR_ATTEMPTS, wait -> {
                    waits.add(wait);
                    execute("UPDATE fault SET armed = false");
                }));
        OptionalLong max = source.maxKey("SELECT id FROM issues WHERE conflict_while_armed(id)", "id");
        assertEquals(OptionalLong.of(20000), max);
        assertEquals(1, waits.size());
    }

    @Test
    void aStatementTimeoutIsRetriedThenReportedOnOneLineAsARuntimeFailure() {
        PostgresSource source = source(Optional.of(Duration.ofMillis(50)));
        RetriesExhaustedException e = assertThrows(RetriesExhaustedException.class,
                () -> source.maxKey("SELECT id FROM issues WHERE pg_sleep(0.2) IS NOT NULL", "id"));
        assertEquals(4, e.attempts());
        assertEquals(3, waits.size());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertTrue(e.getMessage().startsWith("source Postgres, reading max(id): ERROR: canceling statement due to"
                + " statement timeout"), e.getMessage());
        assertTrue(e.getMessage().endsWith("(source.statement_timeout is 50 ms) (gave up after 4 attempts)"),
                e.getMessage());
    }

    @Test
    void theStatementTimeoutHoldsForTheTransactionOnly() {
        assertEquals(List.of("250ms"), settings(source(Optional.of(Duration.ofMillis(250)))));
        assertEquals(List.of("0"), settings(source(Optional.empty())));
    }

    @Test
    void sourceTransactionsAreReadOnly() {
        PostgresSource source = source(Optional.empty());
        SourceReadException e = assertThrows(SourceReadException.class,
                () -> source.read("test", new PreparedQuery("SELECT id FROM issues LIMIT 1 FOR UPDATE", List.of()),
                        row -> { }));
        assertEquals(Optional.of("25006"), SqlFailures.sqlState(e), e::getMessage);
        assertEquals(List.of(), waits);
    }

    @Test
    void aMissingTableOrBadSyntaxIsAManifestErrorAfterOneAttempt() {
        PostgresSource source = source(Optional.empty());
        ManifestException missing = assertThrows(ManifestException.class,
                () -> source.describe(table("issues", "SELECT id FROM issuez"), "SELECT id FROM issuez"));
        assertEquals(Optional.of("42P01"), SqlFailures.sqlState(missing));
        ManifestException syntax = assertThrows(ManifestException.class,
                () -> source.describe(table("issues", "SELECT id FROM issues"), "SELECT id FROM issues WHERE"));
        assertEquals(Optional.of("42601"), SqlFailures.sqlState(syntax));
        assertTrue(syntax.getMessage().startsWith("table 'issues': import_query: the source rejects it: ERROR:"
                + " syntax error at end of input"), syntax.getMessage());
        assertEquals(List.of(), waits, "not retried");
    }

    private List<String> settings(PostgresSource source) {
        List<String> values = new ArrayList<>();
        source.read("test", new PreparedQuery("SELECT current_setting('statement_timeout') AS timeout", List.of()),
                row -> values.add(row.getString(1)));
        return values;
    }

    /** Terminates the backends of this database that run a COPY, from another connection; returns how many. */
    private int terminateCopyBackends() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                        + " WHERE datname = current_database() AND pid <> pg_backend_pid() AND query LIKE 'COPY%'")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private void execute(String... statements) {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
