package dev.saasextract.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backfill stopped by SIGTERM, as Kubernetes stops a pod it evicts: the log ends with the run's summary saying so,
 * the JVM exits 143, and the next run resumes the backfill to a warehouse equal to the source.
 */
class TerminatedRunTest {
    @TempDir
    Path dir;

    @Test
    void aRunStoppedBySigtermEndsItsLogWithTheSummaryAndTheNextRunResumes() throws Exception {
        SourceTable table = SourceTable.byDate("terminated_backfill");
        ChildRig rig = new ChildRig(dir, table);
        rig.sourceSql(table.createSql(400));
        List<String> args = List.of("--table", table.spec().key(), "--chunk-rows", "50", "--now",
                "2026-11-24T01:00:00Z");

        ChildExtract.Outcome stopped = ChildExtract.run(rig.config, rig.manifest, args, 12, ChildExtract.Stop.TERM);

        String log = String.join("\n", stopped.output());
        assertEquals(143, stopped.exitCode(), log);
        assertTrue(stopped.lastLine().contains("[summary] done: table=" + table.target() + " action=terminated"),
                stopped.lastLine());
        assertTrue(stopped.lastLine().contains("error_class=TerminatedBySignal"), stopped.lastLine());
        assertEquals(1, stopped.output().stream().filter(line -> line.contains("[summary]")).count(), log);

        ChildExtract.Outcome next = ChildExtract.run(rig.config, rig.manifest, List.of("--table",
                table.spec().key(), "--chunk-rows", "50", "--now", "2026-11-24T01:10:00Z"), 0);

        String nextLog = String.join("\n", next.output());
        assertEquals(0, next.exitCode(), nextLog);
        assertTrue(nextLog.contains("decided step=backfill action=resume reason=mid_backfill"), nextLog);
        EndState.assertConsistent("after SIGTERM", new FaultTally(), rig.sourceAdmin, rig.metadataAdmin,
                rig.warehouseFile, rig.stagingRoot, table.target(),
                new Scenario.Expected(table.sourceRows(), table.warehouseRows(), Optional.empty()));
    }
}
