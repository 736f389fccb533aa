package dev.saasextract.retry;

import static dev.saasextract.retry.FailureKind.PERMANENT;
import static dev.saasextract.retry.FailureKind.TRANSIENT;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.saasextract.errors.ManifestException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class SqlFailuresTest {

    @ParameterizedTest(name = "{0} {2}")
    @CsvSource({
            "08001, TRANSIENT, connection refused (server down)",
            "08006, TRANSIENT, connection lost mid-statement",
            "08003, TRANSIENT, connection does not exist",
            "40001, TRANSIENT, serialization failure / conflict with recovery on a hot standby",
            "40P01, TRANSIENT, deadlock",
            "57P01, TRANSIENT, pg_terminate_backend or server shutdown",
            "57P02, TRANSIENT, crash shutdown",
            "57P03, TRANSIENT, the server is starting",
            "57014, TRANSIENT, statement timeout",
            "53300, TRANSIENT, too many connections",
            "55P03, TRANSIENT, lock timeout",
            "28P01, PERMANENT, bad password",
            "28000, PERMANENT, no pg_hba entry",
            "42P01, PERMANENT, missing table",
            "42601, PERMANENT, syntax error",
            "42501, PERMANENT, no privilege",
            "3D000, PERMANENT, missing database",
            "22P02, PERMANENT, bad data",
            "XX000, PERMANENT, internal error",
            "57P04, PERMANENT, database dropped"})
    void classifiesBySqlState(String state, FailureKind expected, String meaning) {
        RuntimeException wrapped = new IllegalStateException("source Postgres, reading chunk",
                new SQLException("ERROR: " + meaning, state));
        assertEquals(expected, SqlFailures.classify(wrapped), meaning);
    }

    @Test
    void theFirstSqlStateInTheChainDecides() {
        SQLException outer = new SQLException("I/O error", "08006", new SQLException("inner", "42601"));
        assertEquals(TRANSIENT, SqlFailures.classify(new RuntimeException(outer)));
        assertEquals(Optional.of("08006"), SqlFailures.sqlState(new RuntimeException(outer)));
    }

    @Test
    void aPoolTimeoutWithoutSqlStateIsTransientByItsType() {
        assertEquals(TRANSIENT, SqlFailures.classify(new RuntimeException(
                new SQLTransientConnectionException("Connection is not available, request timed out"))));
        assertEquals(PERMANENT, SqlFailures.classify(new RuntimeException(new SQLException("no state"))));
    }

    @Test
    void failuresThatAreNotFromTheDatabaseAreNotRetried() {
        assertEquals(PERMANENT, SqlFailures.classify(new UncheckedIOException(new IOException("disk full"))));
        assertEquals(PERMANENT, SqlFailures.classify(new IllegalStateException("bug")));
        assertEquals(Optional.empty(), SqlFailures.sqlState(new IllegalStateException("bug")));
    }

    @Test
    void aUserErrorOrAnExhaustedRetryIsNeverRetriedAgain() {
        SQLException timeout = new SQLException("canceling statement due to statement timeout", "57014");
        assertEquals(PERMANENT, SqlFailures.classify(new ManifestException("table 'x': import_query", timeout)));
        RetriesExhaustedException exhausted = new RetriesExhaustedException(5, new RuntimeException(timeout));
        assertEquals(PERMANENT, SqlFailures.classify(exhausted));
        assertEquals(PERMANENT, SqlFailures.classify(new IllegalStateException("range 3 failed", exhausted)));
    }
}
