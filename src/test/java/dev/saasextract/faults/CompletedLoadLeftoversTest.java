package dev.saasextract.faults;

import static dev.saasextract.faults.FaultRig.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.saasextract.checkpoint.Checkpoint;
import dev.saasextract.load.BackfillRunner;
import dev.saasextract.load.DeletesRunner;
import dev.saasextract.load.ExportParallelism;
import dev.saasextract.plan.BackfillRequest;
import dev.saasextract.plan.Shard;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Regression: a run stopped after the completion row but before the purge left the load's staged files for good,
 * because the next run's decision skips a completed load.
 */
class CompletedLoadLeftoversTest {
    @TempDir
    Path dir;

    private FaultRig rig;
    private final SourceTable table = SourceTable.byDate("leftovers");

    @BeforeEach
    void setUp() throws Exception {
        rig = new FaultRig(dir);
        rig.sourceSql(table.createSql(30));
    }

    @AfterEach
    void tearDown() throws Exception {
        rig.close();
    }

    @Test
    void theNextBackfillDecisionPurgesTheFilesOfACompletedBackfill() throws Exception {
        rig.injector.arm(Checkpoint.COMPLETION_RECORDED.name());
        assertThrows(InjectedFault.class, () -> backfill(at(Scenarios.T0)));
        assertFalse(EndState.filesLeft(rig.stagingRoot, table.target()).isEmpty(), "the stop left the files");

        rig.injector.disarm();
        backfill(at(Scenarios.T0.plusSeconds(3600)));

        assertEquals(List.of(), EndState.filesLeft(rig.stagingRoot, table.target()));
    }

    @Test
    void theNextShardRunPurgesTheFilesOfACompletedShardedBackfill() throws Exception {
        shards(at(Scenarios.T0), 0);
        rig.injector.arm(Checkpoint.COMPLETION_RECORDED.name());
        assertThrows(InjectedFault.class, () -> shards(at(Scenarios.T0.plusSeconds(60)), 1));
        assertFalse(EndState.filesLeft(rig.stagingRoot, table.target()).isEmpty(), "the stop left the files");

        rig.injector.disarm();
        shards(at(Scenarios.T0.plusSeconds(3600)), 0);

        assertEquals(List.of(), EndState.filesLeft(rig.stagingRoot, table.target()));
    }

    @Test
    void theNextDeletesDecisionPurgesTheFilesOfACompletedExport() throws Exception {
        backfill(at(Scenarios.T0));
        rig.injector.arm(Checkpoint.COMPLETION_RECORDED.name());
        assertThrows(InjectedFault.class, () -> deletes(at(Scenarios.T0.plusSeconds(60))));
        assertFalse(EndState.filesLeft(rig.stagingRoot, table.target()).isEmpty(), "the stop left the files");

        rig.injector.disarm();
        deletes(at(Scenarios.T0.plusSeconds(3600)));

        assertEquals(List.of(), EndState.filesLeft(rig.stagingRoot, table.target()));
    }

    private void backfill(Clock clock) {
        new BackfillRunner(rig.context(clock, 10, ExportParallelism.SINGLE))
                .run(rig.planner(clock).plan(table.spec(), BackfillRequest.AUTO));
    }

    private void shards(Clock clock, int shard) {
        new BackfillRunner(rig.context(clock, 10, new ExportParallelism(1, Optional.of(new Shard(shard, 2)))))
                .runShard(table.spec(), BackfillRequest.AUTO);
    }

    private void deletes(Clock clock) {
        new DeletesRunner(rig.context(clock, 10, ExportParallelism.SINGLE), false)
                .run(rig.planner(clock).planDeletes(table.spec(), clock.instant(), false));
    }
}
