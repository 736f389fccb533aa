package dev.saasextract.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saasextract.checkpoint.Checkpoints;
import dev.saasextract.retry.Retrier;
import dev.saasextract.retry.RetryPolicy;
import dev.saasextract.schema.ColumnSpec;
import dev.saasextract.schema.ColumnType;
import dev.saasextract.schema.ColumnType.Kind;
import dev.saasextract.warehouse.dialect.DuckDbDialect;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Transient failures of warehouse operations against a real DuckDB, injected by {@link FaultyConnections} after the
 * database did the work: what may run again is retried (on a new connection when the old one is lost) and ends with
 * every row once; what may not is reported on one line and left for the next run.
 */
class JdbcWarehouseRetryTest {
    private static final String SCHEMA = "tap_postgres";
    private static final String TABLE = "GITLAB_DB_ISSUES";
    private static final String TEMP = "GITLAB_DB_ISSUES_TEMP";
    private static final List<ColumnSpec> COLUMNS = List.of(
            new ColumnSpec("id", ColumnType.of(Kind.BIGINT, "int8")),
            new ColumnSpec("_uploaded_at", ColumnType.of(Kind.TIMESTAMPTZ, "timestamptz")));
    private static final Predicate<String> LOAD = sql -> sql.startsWith("INSERT INTO") && sql.contains("read_parquet");
    private static final Predicate<String> RENAME = sql -> sql.contains(" RENAME TO ");
    private static final Predicate<String> CARRY_OVER = sql -> sql.startsWith("INSERT INTO") && sql.contains(" SELECT ")
            && !sql.contains("read_parquet");
    private static final Predicate<String> COUNT = sql -> sql.startsWith("SELECT count(*)");

    private final List<Duration> waits = new ArrayList<>();
    private FaultyConnections connections;

    @RegisterExtension
    final DuckDbTestDatabase db = new DuckDbTestDatabase(realConnections -> {
        connections = new FaultyConnections(realConnections);
        return JdbcWarehouse.open(connections, new DuckDbDialect(), Checkpoints.NONE, Retrier.forWarehouse(
                new RetryPolicy(4, Duration.ofMillis(1), Duration.ofMillis(4)), waits::add));
    });

    @BeforeEach
    void createTable() {
        db.warehouse().createTable(SCHEMA, TABLE, COLUMNS);
    }

    @ParameterizedTest(name = "SQLSTATE {0}, vendor code {1}")
    @CsvSource({
            "57014, 0, 1, statement timeout: the same connection rolls back and runs it again",
            "40001, 0, 1, serialization conflict",
            "08006, 0, 2, connection lost: a new connection runs it again",
            "58030, 200015, 2, snowflake-jdbc NETWORK_ERROR: a new connection runs it again",
            "08001, 390112, 2, Snowflake session token expired: a new session runs it again"})
    void aTransientFailureAfterTheLoadRanIsRetriedAndLoadsEveryRowOnce(String sqlState, int vendorCode,
            int connectionsOpened, String meaning) throws SQLException {
        String file = db.parquet("1.parquet", "SELECT range AS id, TIMESTAMPTZ '2026-01-01 00:00:00+00' AS"
                + " _uploaded_at FROM range(1, 4)");
        connections.failAfterStatement(LOAD, sqlState, vendorCode);

        assertEquals(3, db.warehouse().load(SCHEMA, TABLE, List.of(file)), meaning);

        assertEquals(List.of("1", "2", "3"), db.rows("SELECT id FROM tap_postgres.GITLAB_DB_ISSUES ORDER BY id"));
        assertEquals(2, connections.executedMatching(LOAD), meaning);
        assertEquals(1, waits.size(), meaning);
        assertEquals(connectionsOpened, connections.connectionsOpened(), meaning);
    }

    @Test
    void aDuckDbLoadWhoseCommitFailedIsNotRepeatedForItMayHaveCommitted() throws SQLException {
        String file = db.parquet("1.parquet", "SELECT 1::BIGINT AS id");
        connections.failAfterCommitOf(LOAD, "08006");

        UnrepeatedWarehouseException failure = assertThrows(UnrepeatedWarehouseException.class,
                () -> db.warehouse().load(SCHEMA, TABLE, List.of(file)));

        assertTrue(failure.getMessage().startsWith("load 1 files into tap_postgres.GITLAB_DB_ISSUES: the commit"
                + " failed, so whether it took effect is unknown (not retried"), failure.getMessage());
        assertFalse(failure.getMessage().contains("\n"), failure.getMessage());
        assertEquals(List.of("1"), db.rows("SELECT id FROM tap_postgres.GITLAB_DB_ISSUES"), "committed once");
        assertEquals(1, connections.executedMatching(LOAD));
        assertEquals(List.of(), waits);
    }

    @Test
    void aConnectionDroppedBetweenOperationsIsReplacedWithItsSessionSetUpAgain() throws SQLException {
        db.execute("INSERT INTO tap_postgres.GITLAB_DB_ISSUES VALUES (1, NULL), (2, NULL)");
        connections.dropConnection();

        assertEquals(2, db.warehouse().count(SCHEMA, TABLE));

        assertEquals(2, connections.connectionsOpened());
        assertEquals(2, connections.executedMatching(sql -> sql.equals("SET TimeZone = 'UTC'")));
        assertEquals(1, waits.size());
    }

    @Test
    void aTransientFailureOfTheSwapIsNotRetriedAndLeavesTheTargetAsItWas() throws SQLException {
        db.warehouse().createTable(SCHEMA, TEMP, COLUMNS);
        db.execute("INSERT INTO tap_postgres.GITLAB_DB_ISSUES VALUES (1, NULL)");
        connections.failAfterStatement(RENAME, "08006", 0);

        UnrepeatedWarehouseException failure = assertThrows(UnrepeatedWarehouseException.class,
                () -> db.warehouse().replace(SCHEMA, TEMP, TABLE));

        assertEquals("replace tap_postgres.GITLAB_DB_ISSUES with tap_postgres.GITLAB_DB_ISSUES_TEMP: injected failure"
                + " (08006) after ALTER TABLE \"tap_postgres\".\"GITLAB_DB_ISSUES_TEMP\" RENAME TO \"GITLAB_DB_ISSUES\""
                + " (not retried: replace tap_postgres.GITLAB_DB_ISSUES with tap_postgres.GITLAB_DB_ISSUES_TEMP may"
                + " have taken effect; the next run finds out)", failure.getMessage());
        assertEquals(1, connections.executedMatching(RENAME));
        assertEquals(List.of(), waits);
        assertEquals(List.of("1"), db.rows("SELECT id FROM tap_postgres.GITLAB_DB_ISSUES"), "rolled back");
        assertEquals(List.of(TABLE, TEMP), db.tables(SCHEMA));
    }

    @Test
    void aTransientFailureOfTheCarryOverIsNotRetried() throws SQLException {
        db.warehouse().createTable(SCHEMA, TEMP, COLUMNS);
        db.execute("INSERT INTO tap_postgres.GITLAB_DB_ISSUES VALUES (1, TIMESTAMPTZ '2026-01-02 00:00:00+00')");
        connections.failAfterStatement(CARRY_OVER, "57014", 0);

        assertThrows(UnrepeatedWarehouseException.class, () -> db.warehouse().carryOver(SCHEMA, TABLE, TEMP,
                "_uploaded_at", Instant.parse("2026-01-01T00:00:00Z"), "id", OptionalLong.empty()));

        assertEquals(1, connections.executedMatching(CARRY_OVER));
        assertEquals(List.of(), waits);
        assertEquals(List.of(), db.rows("SELECT id FROM tap_postgres.GITLAB_DB_ISSUES_TEMP"), "rolled back");
    }

    @ParameterizedTest(name = "SQLSTATE {0}, vendor code {1}")
    @CsvSource({
            "42P01, 0, missing table",
            "42601, 0, syntax error",
            "22003, 0, numeric value out of range",
            "28000, 0, invalid authorization",
            "08001, 390100, Snowflake: incorrect username or password",
            "08001, 390144, Snowflake: JWT token is invalid"})
    void aPermanentFailureIsReportedAtOnce(String sqlState, int vendorCode, String meaning) {
        connections.failAfterStatement(COUNT, sqlState, vendorCode);

        WarehouseException failure = assertThrows(WarehouseException.class, () -> db.warehouse().count(SCHEMA, TABLE));

        assertEquals("count rows of tap_postgres.GITLAB_DB_ISSUES: injected failure (" + sqlState + ") after SELECT"
                + " count(*) FROM \"tap_postgres\".\"GITLAB_DB_ISSUES\"", failure.getMessage(), meaning);
        assertEquals(1, connections.executedMatching(COUNT), meaning);
        assertEquals(List.of(), waits, meaning);
    }
}
