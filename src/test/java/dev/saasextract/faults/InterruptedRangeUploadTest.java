package dev.saasextract.faults;

import static dev.saasextract.faults.FaultRig.at;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.saasextract.checkpoint.Checkpoint;
import dev.saasextract.load.BackfillRunner;
import dev.saasextract.load.ExportParallelism;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Regression (seen once in CI): when one range of a {@code --parallel} backfill failed, the others were interrupted,
 * and their file publishers gave up waiting for the file they were uploading. The export returned while those files
 * were still being recorded, so a rerun in the same JVM exported the same chunks again: each file recorded twice.
 * Slow uploads make the window wide enough to hit every time.
 */
class InterruptedRangeUploadTest {
    private static final long UPLOAD_MILLIS = 200;

    @TempDir
    Path dir;

    @Test
    void aRangeStoppedWhileItsFileUploadsRecordsTheFileBeforeTheExportReturns() throws Exception {
        SourceTable table = SourceTable.byDate("interrupted_upload");
        try (FaultRig rig = new FaultRig(dir)) {
            rig.sourceSql(table.createSql(40));
            rig.injector.arm(Checkpoint.CHUNK_READ.name());
            rig.injector.slowDown(Checkpoint.FILE_PUBLISHED.name(), UPLOAD_MILLIS);
            assertThrows(RuntimeException.class, () -> backfill(rig, table, at(Scenarios.T0)));

            rig.injector.disarm();
            backfill(rig, table, at(Scenarios.T0.plusSeconds(3600)));

            EndState.assertBackfilled("a rerun after a range stopped mid-upload", rig, table);
        }
    }

    private static void backfill(FaultRig rig, SourceTable table, Clock clock) {
        new BackfillRunner(rig.context(clock, 10, new ExportParallelism(3, Optional.empty())))
                .run(rig.planner(clock).plan(table.spec(), false));
    }
}
