package dev.saasextract.faults;

import static dev.saasextract.faults.FaultRig.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saasextract.checkpoint.Checkpoint;
import dev.saasextract.load.BackfillRunner;
import dev.saasextract.load.ExportParallelism;
import dev.saasextract.plan.BackfillRequest;
import dev.saasextract.stage.LoadKind;
import dev.saasextract.stage.StagingLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Regressions of backfills rerun in the same JVM an hour after a fault, each checked like the exhaustive suite's
 * scenarios (rows, metadata, staging leftovers).
 */
class BackfillRerunRegressionsTest {
    private static final long CHUNK_ROWS = 10;
    private static final long PUBLISH_STEP_MILLIS = 500;

    @TempDir
    Path dir;

    /**
     * A backfill stopped after its swap but before its completion row resumed, loaded its files again and carried
     * the swapped target's rows (uploaded after the backfill started) into the new temp table: every row twice.
     */
    @Test
    void theRerunOfABackfillWhoseSwapWasNotRecordedLoadsEveryRowOnce() throws Exception {
        failThenRerun("unrecorded_swap", Checkpoint.SWAPPED, ExportParallelism.SINGLE, 0);
    }

    /**
     * Seen once in CI: when one range of a {@code --parallel} backfill failed, the others were interrupted and their
     * file publishers gave up waiting for the file they were uploading. The export returned while those files were
     * still being recorded, so the rerun exported the same chunks again: each file recorded twice. Slow file
     * publishing holds the other ranges waiting on their publishers when the failure stops them; before the fix this
     * test failed in five runs of five.
     */
    @Test
    void aRangeStoppedWhileItsFileUploadsRecordsTheFileBeforeTheExportReturns() throws Exception {
        failThenRerun("interrupted_upload", Checkpoint.CHUNK_READ, new ExportParallelism(3, Optional.empty()),
                PUBLISH_STEP_MILLIS);
    }

    /**
     * A run that stops where a file's rows are all read (its lock lost, say) ends that file too: no half-written temp
     * file stays in the staging folder, which nothing but the next load's purge would remove.
     */
    @Test
    void aRunStoppedOnceAFilesRowsAreReadLeavesNoTempFile() throws Exception {
        SourceTable table = SourceTable.byDate("stopped_at_chunk_read");
        try (FaultRig rig = new FaultRig(dir)) {
            rig.sourceSql(table.createSql(40));
            rig.injector.arm(Checkpoint.CHUNK_READ.name());

            RuntimeException failed = assertThrows(RuntimeException.class,
                    () -> backfill(rig, table, at(Scenarios.T0), new ExportParallelism(1, Optional.empty())));

            assertTrue(InjectedFault.causedIt(failed), () -> "failed otherwise: " + failed);
            try (Stream<Path> files = Files.walk(rig.stagingRoot)) {
                assertEquals(List.of(), files.filter(Files::isRegularFile)
                        .map(file -> rig.stagingRoot.relativize(file).toString())
                        .filter(name -> name.contains(".inprogress-")).toList());
            }
        }
    }

    /**
     * A --restart stopped before its first file: it has removed the staged files of earlier loads, but writes no
     * metadata row before its first file, so the interrupted load it meant to abandon is still the newest and the next
     * run resumes it. Its files must still be there (they go once the new load completes); they used to be removed at
     * the restart's start, and every later run failed on them until 26 h had passed.
     */
    @Test
    void aRestartStoppedBeforeItsFirstFileLeavesTheLoadItAbandonsResumable() throws Exception {
        SourceTable table = SourceTable.byDate("restart_stopped_early");
        try (FaultRig rig = new FaultRig(dir)) {
            rig.sourceSql(table.createSql(40));
            rig.injector.arm(Checkpoint.FILE_RECORDED.name());
            RuntimeException first = assertThrows(RuntimeException.class,
                    () -> backfill(rig, table, at(Scenarios.T0), ExportParallelism.SINGLE));
            assertTrue(InjectedFault.causedIt(first), () -> "failed otherwise: " + first);

            rig.injector.arm(Checkpoint.CHUNK_BOUNDARY_FOUND.name());
            Clock restartAt = at(Scenarios.T0.plusSeconds(600));
            RuntimeException restart = assertThrows(RuntimeException.class,
                    () -> new BackfillRunner(rig.context(restartAt, CHUNK_ROWS, ExportParallelism.SINGLE))
                            .run(rig.planner(restartAt).plan(table.spec(), BackfillRequest.RESTART)));
            assertTrue(InjectedFault.causedIt(restart), () -> "failed otherwise: " + restart);

            rig.injector.disarm();
            backfill(rig, table, at(Scenarios.T0.plusSeconds(3600)), ExportParallelism.SINGLE);
            EndState.assertBackfilled("restart_stopped_early: the run after a restart stopped before its first file",
                    rig, table);
        }
    }

    /**
     * A run that finds the newest backfill completed purges that load's files only: a newer load writes no metadata
     * row before its first file, and a shard that decides to skip holds no writer lock, so another folder may belong to
     * a load a run without {@code --shard} is exporting right then.
     */
    @Test
    void aSkippingRunLeavesTheFilesOfALoadWithNoMetadataRowYet() throws Exception {
        SourceTable table = SourceTable.byDate("purge_race");
        try (FaultRig rig = new FaultRig(dir)) {
            rig.sourceSql(table.createSql(40));
            backfill(rig, table, at(Scenarios.T0), ExportParallelism.SINGLE);
            Path inFlight = rig.stagingRoot.resolve(StagingLayout.chunkFile(LoadKind.BACKFILL, table.target(),
                    Scenarios.T0.plusSeconds(3600), OptionalLong.empty()));
            Files.createDirectories(inFlight.getParent());
            Files.writeString(inFlight, "the first file of a load that has not recorded it yet");

            backfill(rig, table, at(Scenarios.T0.plusSeconds(3601)), ExportParallelism.SINGLE);

            assertTrue(Files.exists(inFlight), "the in-flight load's file stays");
        }
    }

    /**
     * Fails the backfill at {@code fault}, with each file's footer and its upload taking {@code publishStepMillis}
     * more, then reruns it and checks the end state.
     */
    private void failThenRerun(String name, Checkpoint fault, ExportParallelism parallelism, long publishStepMillis)
            throws Exception {
        SourceTable table = SourceTable.byDate(name);
        try (FaultRig rig = new FaultRig(dir)) {
            rig.sourceSql(table.createSql(40));
            rig.injector.arm(fault.name());
            rig.injector.slowDown(publishStepMillis, Checkpoint.CHUNK_READ.name(), Checkpoint.FILE_PUBLISHED.name());
            RuntimeException failed = assertThrows(RuntimeException.class,
                    () -> backfill(rig, table, at(Scenarios.T0), parallelism));
            assertTrue(InjectedFault.causedIt(failed), () -> "failed otherwise: " + failed);

            rig.injector.disarm();
            backfill(rig, table, at(Scenarios.T0.plusSeconds(3600)), parallelism);
            EndState.assertBackfilled(name + ": a rerun after a fault at " + fault, rig, table);
        }
    }

    private static void backfill(FaultRig rig, SourceTable table, Clock clock, ExportParallelism parallelism) {
        new BackfillRunner(rig.context(clock, CHUNK_ROWS, parallelism))
                .run(rig.planner(clock).plan(table.spec(), BackfillRequest.AUTO));
    }
}
