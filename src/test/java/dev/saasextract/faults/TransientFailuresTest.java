package dev.saasextract.faults;

import static dev.saasextract.faults.FaultRig.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saasextract.checkpoint.Checkpoint;
import dev.saasextract.checkpoint.Checkpoints;
import dev.saasextract.load.BackfillRunner;
import dev.saasextract.load.ExportParallelism;
import dev.saasextract.load.LoadContext;
import dev.saasextract.load.LoadListener;
import dev.saasextract.metadata.MetadataStore;
import dev.saasextract.plan.BackfillRequest;
import dev.saasextract.retry.Retrier;
import dev.saasextract.retry.RetryPolicy;
import dev.saasextract.warehouse.FaultyConnections;
import dev.saasextract.warehouse.JdbcWarehouse;
import dev.saasextract.warehouse.UnrepeatedWarehouseException;
import dev.saasextract.warehouse.dialect.DuckDbDialect;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 8's transient warehouse and metadata failures in a whole backfill: the warehouse behind
 * {@link FaultyConnections} (real DuckDB, failures injected after the work was done), the metadata Postgres with its
 * sessions terminated mid-export. Each run, or its rerun, must end exactly as the source is.
 */
class TransientFailuresTest {
    private static final int ROWS = 30;
    private static final long CHUNK_ROWS = 10;
    private static final RetryPolicy QUICK = new RetryPolicy(4, Duration.ofMillis(1), Duration.ofMillis(4));
    private static final Predicate<String> LOAD = sql -> sql.contains("read_parquet") && sql.startsWith("INSERT");
    private static final Predicate<String> RENAME = sql -> sql.contains(" RENAME TO ");

    @TempDir
    Path dir;
    private final List<Duration> waits = new ArrayList<>();
    private final FaultTally tally = new FaultTally();
    private FaultyConnections warehouseConnections;

    private FaultRig rig(String name) throws Exception {
        return new FaultRig(dir.resolve(name),
                (dataSource, schema) -> MetadataStore.open(dataSource, schema, Retrier.forSql(QUICK, waits::add)),
                (url, checkpoints) -> {
                    warehouseConnections = new FaultyConnections(() -> DriverManager.getConnection(url));
                    return JdbcWarehouse.open(warehouseConnections, new DuckDbDialect(), checkpoints,
                            Retrier.forWarehouse(QUICK, waits::add));
                });
    }

    @Test
    void aLoadWhoseConnectionDropsIsRetriedOnANewOneAndTheBackfillCompletesExactly() throws Exception {
        SourceTable table = SourceTable.byDate("load_drop");
        try (FaultRig rig = rig("load_drop")) {
            rig.sourceSql(table.createSql(ROWS));
            warehouseConnections.failAfterStatement(LOAD, "08006", 0);

            backfill(rig, rig.injector, table, at(Scenarios.T0));

            assertEquals(2, warehouseConnections.executedMatching(LOAD));
            assertEquals(2, warehouseConnections.connectionsOpened());
            assertEquals(1, waits.size());
            assertExact(rig, table, "load retried after a dropped connection");
        }
    }

    /**
     * The swap fails transiently, once after its rename ran (rolled back) and once after its commit (it happened,
     * unrecorded): never repeated in the run, which fails on one line; the rerun completes the backfill exactly.
     */
    @ParameterizedTest(name = "after the {0}")
    @ValueSource(strings = {"rename", "commit"})
    void aSwapFailingTransientlyIsNotRetriedAndTheRerunEndsExact(String after) throws Exception {
        SourceTable table = SourceTable.byDate("swap_" + after);
        try (FaultRig rig = rig("swap_" + after)) {
            rig.sourceSql(table.createSql(ROWS));
            if (after.equals("rename")) {
                warehouseConnections.failAfterStatement(RENAME, "08006", 0);
            } else {
                warehouseConnections.failAfterCommitOf(RENAME, "08006");
            }

            RuntimeException failure = assertThrows(RuntimeException.class,
                    () -> backfill(rig, rig.injector, table, at(Scenarios.T0)));

            assertTrue(failure instanceof UnrepeatedWarehouseException, String.valueOf(failure));
            assertFalse(failure.getMessage().contains("\n"), failure.getMessage());
            assertTrue(failure.getMessage().contains("replace tap_postgres." + table.target() + " with"),
                    failure.getMessage());
            assertEquals(1, warehouseConnections.executedMatching(RENAME));
            assertEquals(List.of(), waits);

            backfill(rig, rig.injector, table, at(Scenarios.T0.plus(Duration.ofHours(1))));
            assertExact(rig, table, "rerun after a swap failing after its " + after);
        }
    }

    /** The metadata server terminates every session of the run after its first file is recorded. */
    @Test
    void metadataSessionsTerminatedBetweenTwoChunksAreReplacedAndTheAppendRetried() throws Exception {
        SourceTable table = SourceTable.byDate("metadata_terminated");
        try (FaultRig rig = rig("metadata_terminated")) {
            rig.sourceSql(table.createSql(ROWS));
            AtomicInteger published = new AtomicInteger();
            Checkpoints terminateBeforeSecondAppend = point -> {
                // Right before the second file's row is written, so the pool hands out the dead connection unchecked.
                if (point == Checkpoint.FILE_PUBLISHED && published.incrementAndGet() == 2) {
                    terminateMetadataSessions(rig);
                }
            };

            backfill(rig, terminateBeforeSecondAppend, table, at(Scenarios.T0));

            assertFalse(waits.isEmpty(), "the append met a terminated session and was retried");
            assertExact(rig, table, "metadata sessions terminated between two chunks");
        }
    }

    private static void terminateMetadataSessions(FaultRig rig) {
        try (Connection admin = DriverManager.getConnection(rig.metadataAdmin.getJdbcUrl());
                Statement statement = admin.createStatement()) {
            statement.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    + " WHERE datname = current_database() AND pid <> pg_backend_pid()");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot terminate the metadata sessions", e);
        }
    }

    private static void backfill(FaultRig rig, Checkpoints checkpoints, SourceTable table, Clock clock) {
        LoadContext context = new LoadContext(rig.source, rig.stage, rig.warehouse, rig.metadata, clock, CHUNK_ROWS,
                Optional.of("dag__task__1"), LoadListener.NONE, ExportParallelism.SINGLE, checkpoints);
        new BackfillRunner(context).run(rig.planner(clock).plan(table.spec(), BackfillRequest.AUTO));
    }

    private void assertExact(FaultRig rig, SourceTable table, String what) throws Exception {
        EndState.assertConsistent(what, tally, rig.sourceAdmin, rig.metadataAdmin, rig.warehouseFile, rig.stagingRoot,
                table.target(), new Scenario.Expected(table.sourceRows(), table.warehouseRows(), Optional.empty()));
        assertEquals(0, tally.losses(), tally.summary());
        assertEquals(0, tally.duplicates(), tally.summary());
    }
}
