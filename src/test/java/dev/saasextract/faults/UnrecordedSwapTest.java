package dev.saasextract.faults;

import static dev.saasextract.faults.FaultRig.at;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.saasextract.checkpoint.Checkpoint;
import dev.saasextract.load.BackfillRunner;
import dev.saasextract.load.ExportParallelism;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Regression: a backfill stopped after its swap but before its completion row resumed, loaded its files again and
 * carried the swapped target's rows (uploaded after the backfill started) into the new temp table: every row twice.
 */
class UnrecordedSwapTest {
    @TempDir
    Path dir;

    @Test
    void theRerunOfABackfillWhoseSwapWasNotRecordedLoadsEveryRowOnce() throws Exception {
        SourceTable table = SourceTable.byDate("unrecorded_swap");
        try (FaultRig rig = new FaultRig(dir)) {
            rig.sourceSql(table.createSql(30));
            rig.injector.arm(Checkpoint.SWAPPED.name());
            assertThrows(InjectedFault.class, () -> backfill(rig, table, at(Scenarios.T0)));

            rig.injector.disarm();
            backfill(rig, table, at(Scenarios.T0.plusSeconds(3600)));

            EndState.assertBackfilled("a rerun after an unrecorded swap", rig, table);
        }
    }

    private static void backfill(FaultRig rig, SourceTable table, Clock clock) {
        new BackfillRunner(rig.context(clock, 10, ExportParallelism.SINGLE))
                .run(rig.planner(clock).plan(table.spec(), false));
    }
}
