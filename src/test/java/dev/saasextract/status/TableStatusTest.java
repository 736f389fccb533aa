package dev.saasextract.status;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class TableStatusTest {
    private static final Instant SUCCESS = Instant.parse("2026-11-24T02:00:00Z");
    private static final Instant REPLICA = Instant.parse("2026-11-24T05:30:00Z");

    private static ExportStatus export(String load, String state) {
        return new ExportStatus("GITLAB_DB_ISSUES", load, state, SUCCESS, SUCCESS, null, 10, 10, OptionalLong.of(20),
                OptionalDouble.of(50), 1,
                Optional.empty(), 0, 0, Optional.empty());
    }

    private static TableStatus status(List<ExportStatus> exports) {
        return TableStatus.of("issues", "GITLAB_DB_ISSUES", exports, false, Optional.of(SUCCESS),
                Optional.of(REPLICA));
    }

    @Test
    void aTableWithoutExportsWasNeverLoadedAndHasNoLag() {
        TableStatus never = TableStatus.of("issues", "GITLAB_DB_ISSUES", List.of(), false, Optional.empty(),
                Optional.of(REPLICA));

        assertEquals(TableStatus.NEVER_LOADED, never.state());
        assertEquals(Optional.empty(), never.lag());
    }

    @Test
    void aStaleExportOutranksARunningOneWhichOutranksCompletedOnes() {
        assertEquals(TableStatus.LOADED, status(List.of(export("backfill", "completed"),
                export("incremental", "completed"))).state());
        assertEquals(TableStatus.RUNNING, status(List.of(export("backfill", "completed"),
                export("deletes", "running"))).state());
        assertEquals(TableStatus.STALE, status(List.of(export("backfill", "stale"),
                export("deletes", "running"))).state());
    }

    @Test
    void lagIsHowFarTheSourcesDataReachesBeyondTheLastSuccess() {
        assertEquals(Optional.of(Duration.ofMinutes(210)), status(List.of(export("backfill", "completed"))).lag());
    }

    @Test
    void aLoadFinishedAfterTheReplicaTimeHasNoLagAndAnUnknownReachGivesNone() {
        assertEquals(Optional.of(Duration.ZERO), TableStatus.of("issues", "GITLAB_DB_ISSUES",
                List.of(export("backfill", "completed")), false, Optional.of(REPLICA.plusSeconds(60)),
                Optional.of(REPLICA)).lag());
        assertEquals(Optional.empty(), TableStatus.of("issues", "GITLAB_DB_ISSUES",
                List.of(export("backfill", "completed")), false, Optional.of(SUCCESS), Optional.empty()).lag());
    }
}
