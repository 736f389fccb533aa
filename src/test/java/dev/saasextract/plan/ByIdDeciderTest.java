package dev.saasextract.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ByIdDeciderTest {
    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    private static final Instant FOLDER = Instant.parse("2026-11-25T02:00:00Z");

    private final ByIdDecider decider = new ByIdDecider(Clock.fixed(NOW, ZoneOffset.UTC));

    private static Optional<ExportState> row(long lastId, boolean completed, Duration age) {
        return Optional.of(new ExportState(FOLDER, NOW.minus(age), lastId, completed, false, false, false));
    }

    @Test
    void completedExportStartsAfterTheWarehouseMaxInANewFolder() {
        ByIdDecision d = decider.decide(row(10, true, Duration.ofMinutes(20)), OptionalLong.of(0));

        assertEquals(BackfillAction.START, d.action());
        assertEquals(OptionalLong.of(0), d.startAfter());
        assertEquals(NOW, d.initialLoadStartDate());
    }

    @Test
    void interruptedExportEqualToTheWarehouseMaxLetsTheWarehouseWin() {
        ByIdDecision d = decider.decide(row(3, false, Duration.ofMinutes(20)), OptionalLong.of(3));

        assertEquals(BackfillAction.START, d.action());
        assertEquals(OptionalLong.of(3), d.startAfter());
    }

    @Test
    void interruptedExportAheadOfTheWarehouseResumesInItsFolder() {
        ByIdDecision d = decider.decide(row(100_000, false, Duration.ofHours(26)), OptionalLong.empty());

        assertEquals(BackfillAction.RESUME, d.action());
        assertEquals(OptionalLong.of(100_000), d.startAfter());
        assertEquals(FOLDER, d.initialLoadStartDate());
    }

    /** GitLab's pipeline staged it, or it was chunked by another key or selected other rows than the manifest now. */
    @ParameterizedTest
    @CsvSource({"true, false, false", "false, true, false", "false, false, true"})
    void interruptedExportThatCannotBeResumedIsAbandonedAndTheKeysAboveTheWarehouseReadAgain(boolean foreign,
            boolean rekeyed, boolean rowsChanged) {
        Optional<ExportState> interrupted = Optional.of(new ExportState(FOLDER, NOW.minusSeconds(60), 100_000, false,
                foreign, rekeyed, rowsChanged));

        ByIdDecision d = decider.decide(interrupted, OptionalLong.of(5));

        assertEquals(BackfillAction.START, d.action());
        assertEquals(OptionalLong.of(5), d.startAfter());
        assertEquals(NOW, d.initialLoadStartDate());
    }

    @Test
    void interruptedExportOlderThan26HoursIsAbandoned() {
        ByIdDecision d = decider.decide(row(100_000, false, Duration.ofHours(26).plusSeconds(1)), OptionalLong.of(5));

        assertEquals(BackfillAction.START, d.action());
        assertEquals(OptionalLong.of(5), d.startAfter());
    }

    @Test
    void emptyTargetWithoutHistoryStartsFromTheFirstKey() {
        ByIdDecision d = decider.decide(Optional.empty(), OptionalLong.empty());

        assertEquals(BackfillAction.START, d.action());
        assertEquals(OptionalLong.empty(), d.startAfter());
    }
}
