package dev.saasextract.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ResumeWindowTest {
    private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");
    private static final Instant FOLDER = Instant.parse("2026-11-26T00:00:00Z");

    private final ResumeWindow window = new ResumeWindow(Clock.fixed(NOW, ZoneOffset.UTC));

    private static ExportState unfinished(Duration age, boolean foreign, boolean completed) {
        return new ExportState(FOLDER, NOW.minus(age), 1_500L, completed, foreign, false, false);
    }

    @Test
    void gitlabsTaskMayRunUntilItsExportsLastFileIs26HoursOldAsGitlabResumesItsOwnUntilThen() {
        ExportState hourOld = unfinished(Duration.ofHours(1), true, false);
        assertEquals(Optional.of(NOW.plus(Duration.ofHours(25))), window.foreignTaskMayRunUntil(hourOld));

        ExportState justInside = unfinished(ResumeWindow.MAX_AGE, true, false);
        assertEquals(Optional.of(NOW), window.foreignTaskMayRunUntil(justInside), "26 h is still resumable");

        ExportState justOutside = unfinished(ResumeWindow.MAX_AGE.plusMillis(1), true, false);
        assertEquals(Optional.empty(), window.foreignTaskMayRunUntil(justOutside));
    }

    @Test
    void onlyAnUnfinishedExportOfGitlabsPipelineCanHaveATaskOfItsStillRunning() {
        assertEquals(Optional.empty(), window.foreignTaskMayRunUntil(unfinished(Duration.ofHours(1), false, false)),
                "this tool's own: the writer lock covers it");
        assertEquals(Optional.empty(), window.foreignTaskMayRunUntil(unfinished(Duration.ofHours(1), true, true)),
                "finished");
    }
}
