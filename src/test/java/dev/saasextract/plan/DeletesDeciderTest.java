package dev.saasextract.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DeletesDeciderTest {
    private static final Instant NOW = Instant.parse("2024-01-10T12:00:00.123456Z");
    private static final Optional<Instant> NEW_FOLDER = Optional.of(Instant.parse("2024-01-10T12:00:00.123Z"));
    private static final Instant INTERRUPTED_FOLDER = Instant.parse("2024-01-09T01:00:00Z");
    private static final Instant OLD_EXPORT = Instant.parse("2023-12-10T00:00:00Z");
    private static final Instant JAN_6 = Instant.parse("2024-01-06T00:00:00Z");

    private final DeletesDecider decider = new DeletesDecider(Clock.fixed(NOW, ZoneOffset.UTC));

    /** A deletes-enabled table with is_deleted, whose newest export completed and started at {@code exportStart}. */
    private static DeletesInputs completedExport(Instant exportStart, Instant logicalDate) {
        return new DeletesInputs(true, false, true,
                Optional.of(new ExportState(exportStart, exportStart, 42L, true, false, false, false)),
                Optional.of(exportStart), Optional.empty(), logicalDate, false);
    }

    /** A deletes-enabled table whose newest export was interrupted, its last file staged {@code age} ago. */
    private static DeletesInputs interrupted(Duration age, boolean targetHasIsDeleted) {
        return new DeletesInputs(true, false, targetHasIsDeleted,
                Optional.of(new ExportState(INTERRUPTED_FOLDER, NOW.minus(age), 5_000_000L, false, false, false,
                        false)),
                Optional.of(OLD_EXPORT), Optional.empty(), JAN_6, false);
    }

    private DeletesDecision decide(Instant exportStart, Instant logicalDate) {
        return decider.decide(completedExport(exportStart, logicalDate));
    }

    private static void assertNotDue(DeletesDecision d) {
        assertEquals(BackfillAction.SKIP, d.action());
        assertEquals(DeletesReason.NOT_DUE, d.reason());
        assertFalse(d.runs());
        assertEquals(Optional.empty(), d.initialLoadStartDate());
    }

    private static void assertMonthlyRefresh(DeletesDecision d) {
        assertEquals(BackfillAction.START, d.action());
        assertEquals(DeletesReason.MONTHLY_REFRESH, d.reason());
        assertEquals(OptionalLong.empty(), d.startAfterId());
        assertEquals(NEW_FOLDER, d.initialLoadStartDate(), "a new folder is named by now, to the millisecond");
    }

    @Test
    void theNextWindowIsThisMonthsBeforeItOpensAndNextMonthsOnceItHas() {
        assertEquals(Instant.parse("2024-01-05T08:45:00Z"),
                DeletesDecider.nextRefreshWindowStart(Instant.parse("2024-01-02T00:00:00Z")));
        assertEquals(Instant.parse("2024-02-02T08:45:00Z"),
                DeletesDecider.nextRefreshWindowStart(Instant.parse("2024-01-05T08:45:00Z")),
                "the window opening now is not the next one");
        assertEquals(Instant.parse("2024-02-02T08:45:00Z"),
                DeletesDecider.nextRefreshWindowStart(Instant.parse("2024-01-06T00:00:00Z")));
        assertEquals(Instant.parse("2024-02-02T08:45:00Z"),
                DeletesDecider.nextRefreshWindowStart(Instant.parse("2024-01-20T00:00:00Z")));
    }

    @Test
    void newYearsDayIsBeforeTheWindowSoARecentCompleteExportIsNotDue() {
        Instant logical = Instant.parse("2024-01-01T00:00:00Z");

        assertEquals(Instant.parse("2024-01-05T08:45:00Z"), DeletesDecider.refreshWindowStart(logical));
        assertNotDue(decide(Instant.parse("2023-12-31T23:00:00Z"), logical));
    }

    @Test
    void insideTheWindowAnExportFromLastMonthIsDue() {
        assertMonthlyRefresh(decide(OLD_EXPORT, JAN_6));
    }

    @Test
    void insideTheWindowAnExportStartedAfterTheWindowOpenedIsNotDue() {
        assertNotDue(decide(Instant.parse("2024-01-05T10:00:00Z"), JAN_6));
    }

    @Test
    void exportStartedExactlyAsTheWindowOpenedAlreadyServesThisRefresh() {
        assertNotDue(decide(Instant.parse("2024-01-05T08:45:00Z"), JAN_6));
    }

    @Test
    void afterTheRefreshTheWindowIsNextMonths() {
        Instant logical = Instant.parse("2024-01-07T09:00:00Z");

        assertEquals(Instant.parse("2024-02-04T08:45:00Z"), DeletesDecider.nextMonthlyRefresh(logical));
        assertNotDue(decide(OLD_EXPORT, logical));
    }

    @Test
    void logicalDateExactlyAtTheWindowStartIsNotDue() {
        assertNotDue(decide(OLD_EXPORT, Instant.parse("2024-01-05T08:45:00Z")));
    }

    @Test
    void logicalDateOneSecondIntoTheWindowIsDue() {
        assertMonthlyRefresh(decide(OLD_EXPORT, Instant.parse("2024-01-05T08:45:01Z")));
    }

    @Test
    void logicalDateExactlyAtTheRefreshIsPastTheWindow() {
        Instant refresh = Instant.parse("2024-01-07T08:45:00Z");

        assertEquals(Instant.parse("2024-02-04T08:45:00Z"), DeletesDecider.nextMonthlyRefresh(refresh),
                "the next refresh is strictly after the logical date");
        assertNotDue(decide(OLD_EXPORT, refresh));
    }

    @Test
    void monthStartingOnASundayRefreshesOnTheFirstWithAWindowFromTheThirtiethOfTheMonthBefore() {
        assertEquals(Instant.parse("2024-09-01T08:45:00Z"),
                DeletesDecider.nextMonthlyRefresh(Instant.parse("2024-08-04T08:45:00Z")));
        assertEquals(Instant.parse("2024-08-30T08:45:00Z"),
                DeletesDecider.refreshWindowStart(Instant.parse("2024-08-31T00:00:00Z")));
        assertMonthlyRefresh(decide(Instant.parse("2024-08-04T00:00:00Z"), Instant.parse("2024-09-01T08:00:00Z")));
    }

    @Test
    void decemberRollsOverToTheFirstSundayOfJanuary() {
        assertEquals(Instant.parse("2024-01-07T08:45:00Z"),
                DeletesDecider.nextMonthlyRefresh(Instant.parse("2023-12-03T08:45:00Z")));
        // 2023-01-01 is a Sunday: its window opens on 2022-12-30, in the year before.
        Instant newYearsEve = Instant.parse("2022-12-31T12:00:00Z");
        assertEquals(Instant.parse("2022-12-30T08:45:00Z"), DeletesDecider.refreshWindowStart(newYearsEve));
        assertMonthlyRefresh(decide(Instant.parse("2022-12-04T00:00:00Z"), newYearsEve));
    }

    @Test
    void targetWithoutIsDeletedStartsAnExportEvenWhenNotDue() {
        DeletesDecision d = decider.decide(new DeletesInputs(true, false, false,
                Optional.of(new ExportState(JAN_6, JAN_6, 42L, true, false, false, false)),
                Optional.of(JAN_6), Optional.empty(), JAN_6,
                false));

        assertEquals(BackfillAction.START, d.action());
        assertEquals(DeletesReason.NO_IS_DELETED_COLUMN, d.reason());
        assertEquals(NEW_FOLDER, d.initialLoadStartDate());
    }

    @Test
    void tableWithoutAnyDeletesMetadataStartsAnExport() {
        DeletesDecision d = decider.decide(new DeletesInputs(true, false, true, Optional.empty(), Optional.empty(),
                Optional.empty(), Instant.parse("2024-01-01T00:00:00Z"), false));

        assertEquals(BackfillAction.START, d.action());
        assertEquals(DeletesReason.NO_COMPLETED_EXPORT, d.reason());
        assertEquals(NEW_FOLDER, d.initialLoadStartDate());
        assertTrue(d.startsOver());
    }

    @Test
    void backfillFinishedAfterTheLastExportStartedMeansItsFlagsAreGone() {
        Instant exportStart = Instant.parse("2024-01-02T00:00:00Z");
        DeletesDecision d = decider.decide(new DeletesInputs(true, false, true,
                Optional.of(new ExportState(exportStart, exportStart.plusSeconds(600), 42L, true, false, false, false)),
                Optional.of(exportStart), Optional.of(exportStart.plusSeconds(1)), JAN_6, false));

        assertEquals(BackfillAction.START, d.action());
        assertEquals(DeletesReason.NO_COMPLETED_EXPORT, d.reason());
    }

    @Test
    void backfillFinishedBeforeTheLastExportStartedLeavesTheExportValid() {
        Instant exportStart = Instant.parse("2024-01-02T00:00:00Z");
        DeletesDecision d = decider.decide(new DeletesInputs(true, false, true,
                Optional.of(new ExportState(exportStart, exportStart.plusSeconds(600), 42L, true, false, false, false)),
                Optional.of(exportStart), Optional.of(exportStart.minusSeconds(1)), Instant.parse("2024-01-03T00:00:00Z"),
                false));

        assertNotDue(d);
    }

    @Test
    void interruptedExportUploadedExactly26HoursAgoResumesAfterItsLastKeyInTheSameFolder() {
        DeletesDecision d = decider.decide(interrupted(Duration.ofHours(26), true));

        assertEquals(BackfillAction.RESUME, d.action());
        assertEquals(DeletesReason.MID_DELETES, d.reason());
        assertEquals(OptionalLong.of(5_000_000L), d.startAfterId());
        assertEquals(Optional.of(INTERRUPTED_FOLDER), d.initialLoadStartDate());
        assertFalse(d.startsOver());
    }

    @Test
    void interruptedExportOneSecondOlderThan26HoursRestartsFromTheFirstKeyInANewFolder() {
        DeletesDecision d = decider.decide(interrupted(Duration.ofHours(26).plusSeconds(1), true));

        assertEquals(BackfillAction.RESTART, d.action());
        assertEquals(DeletesReason.STALE_DELETES, d.reason());
        assertEquals(OptionalLong.empty(), d.startAfterId());
        assertEquals(NEW_FOLDER, d.initialLoadStartDate());
        assertTrue(d.startsOver());
    }

    /**
     * GitLab's pipeline staged it (forced, or old enough that no GitLab task still writes it), or it was chunked by
     * another key or selected other rows than the manifest now.
     */
    @ParameterizedTest
    @CsvSource({"true, false, false, true, 1, FOREIGN_DELETES", "true, false, false, false, 27, FOREIGN_DELETES",
            "false, true, false, false, 1, KEY_CHANGED", "false, false, true, false, 1, ROWS_CHANGED"})
    void interruptedExportThatCannotBeResumedRestartsFromTheFirstKeyInANewFolder(boolean foreign,
            boolean rekeyed, boolean rowsChanged, boolean forced, long hoursOld, DeletesReason reason) {
        DeletesDecision d = decider.decide(new DeletesInputs(true, false, true,
                Optional.of(new ExportState(INTERRUPTED_FOLDER, NOW.minus(Duration.ofHours(hoursOld)), 5_000_000L,
                        false, foreign, rekeyed, rowsChanged)), Optional.of(OLD_EXPORT), Optional.empty(), JAN_6, forced));

        assertEquals(BackfillAction.RESTART, d.action());
        assertEquals(reason, d.reason());
        assertEquals(OptionalLong.empty(), d.startAfterId());
        assertEquals(NEW_FOLDER, d.initialLoadStartDate());
    }

    /**
     * A load that completed since the interrupted export started may have appended a row committed after its key
     * range was read; the pass takes the keys of rows loaded since the export started as present (DeletesRunner), so
     * the export still resumes, as CONTRACT §6 says.
     */
    @ParameterizedTest
    @CsvSource({"1", "-1", "0"})
    void aLoadCompletedSinceTheInterruptedExportStartedDoesNotStopItsResume(long secondsAfterStart) {
        DeletesDecision d = decider.decide(new DeletesInputs(true, false, true,
                Optional.of(new ExportState(INTERRUPTED_FOLDER, NOW.minusSeconds(3600), 5_000_000L, false, false,
                        false, false)), Optional.of(OLD_EXPORT),
                Optional.of(INTERRUPTED_FOLDER.plusSeconds(secondsAfterStart)), JAN_6, false));

        assertEquals(BackfillAction.RESUME, d.action());
        assertEquals(DeletesReason.MID_DELETES, d.reason());
    }

    @Test
    void aForcedPassStartsAForeignExportOverWhateverItsAge() {
        DeletesDecision d = decider.decide(new DeletesInputs(true, false, true,
                Optional.of(new ExportState(INTERRUPTED_FOLDER, NOW.minusSeconds(3600), 5_000_000L, false, true,
                        false, false)), Optional.of(OLD_EXPORT), Optional.empty(), JAN_6, true));

        assertEquals(DeletesReason.FOREIGN_DELETES, d.reason());
    }

    /**
     * GitLab's pipeline resumes its own exports for 26 h after their last file, so until then one of its tasks may
     * still be writing the files a restart would remove: the pass waits, however due it is.
     */
    @ParameterizedTest
    @CsvSource({"1, false", "26, false", "1, true"})
    void anExportGitlabsTaskMayStillBeWritingIsLeftAlone(long hoursOld, boolean targetHasIsDeleted) {
        DeletesDecision d = decider.decide(new DeletesInputs(true, false, targetHasIsDeleted,
                Optional.of(new ExportState(INTERRUPTED_FOLDER, NOW.minus(Duration.ofHours(hoursOld)), 5_000_000L,
                        false, true, false, false)), Optional.empty(), Optional.empty(), JAN_6,
                false));

        assertEquals(BackfillAction.SKIP, d.action());
        assertEquals(DeletesReason.GITLAB_TASK_MAY_RUN, d.reason());
        assertFalse(d.runs());
    }

    @Test
    void freshInterruptedExportWinsOverAMissingIsDeletedColumn() {
        assertEquals(BackfillAction.RESUME, decider.decide(interrupted(Duration.ofHours(1), false)).action());
    }

    @Test
    void exemptTableNeverRunsEvenWhenForcedOrMissingItsFlags() {
        DeletesDecision d = decider.decide(new DeletesInputs(true, true, false, Optional.empty(), Optional.empty(),
                Optional.empty(), JAN_6, true));

        assertEquals(BackfillAction.SKIP, d.action());
        assertEquals(DeletesReason.EXEMPT, d.reason());
        assertEquals(Optional.empty(), d.initialLoadStartDate());
    }

    @Test
    void nonIncrementalTableNeverRunsEvenWithAnInterruptedExport() {
        DeletesDecision d = decider.decide(new DeletesInputs(false, false, true,
                Optional.of(new ExportState(INTERRUPTED_FOLDER, NOW.minusSeconds(60), 7L, false, false, false, false)),
                Optional.empty(),
                Optional.empty(), JAN_6, false));

        assertEquals(BackfillAction.SKIP, d.action());
        assertEquals(DeletesReason.EXEMPT, d.reason());
    }

    @Test
    void forcedExportOfATableThatIsNotDueStartsOver() {
        Instant recent = Instant.parse("2024-01-05T10:00:00Z");
        DeletesDecision d = decider.decide(new DeletesInputs(true, false, true,
                Optional.of(new ExportState(recent, recent, 42L, true, false, false, false)),
                Optional.of(recent), Optional.empty(), JAN_6,
                true));

        assertEquals(BackfillAction.START, d.action());
        assertEquals(DeletesReason.FORCED, d.reason());
        assertEquals(NEW_FOLDER, d.initialLoadStartDate());
    }

    @Test
    void forcedExportStillResumesAnInterruptedOne() {
        DeletesInputs forced = new DeletesInputs(true, false, true,
                Optional.of(new ExportState(INTERRUPTED_FOLDER, NOW.minusSeconds(60), 7L, false, false, false, false)),
                Optional.empty(),
                Optional.empty(), JAN_6, true);

        assertEquals(BackfillAction.RESUME, decider.decide(forced).action());
    }

    @Test
    void reasonsSerialiseInLowerCase() {
        assertEquals("no_is_deleted_column", DeletesReason.NO_IS_DELETED_COLUMN.json());
        assertEquals("monthly_refresh", DeletesReason.MONTHLY_REFRESH.json());
    }

    @Test
    void decisionRefusesAFolderWithoutARunAndAStartKeyWithoutAResume() {
        Optional<Instant> folder = Optional.of(JAN_6);

        assertThrows(IllegalArgumentException.class, () -> new DeletesDecision(BackfillAction.SKIP,
                DeletesReason.NOT_DUE, OptionalLong.empty(), folder));
        assertThrows(IllegalArgumentException.class, () -> new DeletesDecision(BackfillAction.START,
                DeletesReason.FORCED, OptionalLong.of(5L), folder));
        assertThrows(IllegalArgumentException.class, () -> new DeletesDecision(BackfillAction.RESUME,
                DeletesReason.MID_DELETES, OptionalLong.empty(), folder));
    }

    @Test
    void inputsRefuseACompletedNewestExportWithoutAnyCompletedExport() {
        Optional<ExportState> completed = Optional.of(new ExportState(JAN_6, JAN_6, 1L, true, false, false, false));

        assertThrows(IllegalArgumentException.class, () -> new DeletesInputs(true, false, true, completed,
                Optional.empty(), Optional.empty(), JAN_6, false));
    }
}
