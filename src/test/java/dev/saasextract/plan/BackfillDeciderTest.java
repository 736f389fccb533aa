package dev.saasextract.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BackfillDeciderTest {
    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00.123456Z");
    private static final Instant FOLDER = Instant.parse("2026-11-24T01:00:00Z");
    private static final List<String> QUERY = List.of("id", "project_id", "created_at");
    private static final Optional<List<String>> TARGET = Optional.of(List.of("id", "project_id", "created_at"));

    private final BackfillDecider decider = new BackfillDecider(Clock.fixed(NOW, ZoneOffset.UTC));

    private static Optional<ExportState> incomplete(Duration age) {
        return Optional.of(new ExportState(FOLDER, NOW.minus(age), 5_000_000L, false, false, false, false));
    }

    private BackfillDecision decide(Optional<ExportState> newest, Optional<List<String>> target, List<String> query) {
        return decider.decide(newest, target, query, List.of(), BackfillRequest.AUTO);
    }

    @Test
    void interruptedExportUploadedExactly26HoursAgoResumesAfterItsLastKeyInTheSameFolder() {
        BackfillDecision d = decide(incomplete(Duration.ofHours(26)), TARGET, QUERY);

        assertEquals(BackfillAction.RESUME, d.action());
        assertEquals(BackfillReason.MID_BACKFILL, d.reason());
        assertEquals(OptionalLong.of(5_000_000L), d.startAfterId());
        assertEquals(Optional.of(FOLDER), d.initialLoadStartDate());
    }

    @Test
    void interruptedExportOneSecondOlderThan26HoursRestartsFromTheBeginningInANewFolder() {
        BackfillDecision d = decide(incomplete(Duration.ofHours(26).plusSeconds(1)), TARGET, QUERY);

        assertEquals(BackfillAction.RESTART, d.action());
        assertEquals(BackfillReason.STALE_BACKFILL, d.reason());
        assertEquals(OptionalLong.empty(), d.startAfterId());
        assertEquals(Optional.of(Instant.parse("2026-11-25T12:00:00.123Z")), d.initialLoadStartDate(),
                "a new folder is named by now, to the millisecond");
        assertTrue(d.startsOver());
    }

    /**
     * GitLab's pipeline staged it, it was chunked by another key than the manifest's now, or it selected other rows;
     * another key outranks other rows in the reason.
     */
    @ParameterizedTest
    @CsvSource({"true, false, false, FOREIGN_BACKFILL", "false, true, false, KEY_CHANGED",
            "false, false, true, ROWS_CHANGED", "false, true, true, KEY_CHANGED"})
    void freshInterruptedExportThatCannotBeResumedRestartsFromTheBeginningInANewFolder(boolean foreign,
            boolean rekeyed, boolean rowsChanged, BackfillReason reason) {
        Optional<ExportState> interrupted = Optional.of(new ExportState(FOLDER, NOW.minusSeconds(60), 5_000_000L,
                false, foreign, rekeyed, rowsChanged));

        BackfillDecision d = decide(interrupted, TARGET, QUERY);

        assertEquals(BackfillAction.RESTART, d.action());
        assertEquals(reason, d.reason());
        assertEquals(OptionalLong.empty(), d.startAfterId());
        assertEquals(Optional.of(Instant.parse("2026-11-25T12:00:00.123Z")), d.initialLoadStartDate());
    }

    @Test
    void aCompletedBackfillChunkedByAnotherKeyDecidesNothing() {
        Optional<ExportState> completed = Optional.of(new ExportState(FOLDER, NOW.minusSeconds(60), 9L, true, false,
                true, false));

        assertEquals(BackfillAction.SKIP, decide(completed, TARGET, QUERY).action());
    }

    @Test
    void freshInterruptedExportWinsOverANewTableAndOverAddedColumns() {
        assertEquals(BackfillAction.RESUME, decide(incomplete(Duration.ofHours(1)), Optional.empty(), QUERY).action());
        assertEquals(BackfillAction.RESUME,
                decide(incomplete(Duration.ofHours(1)), TARGET, List.of("id", "project_id", "created_at", "new_col"))
                        .action());
    }

    @Test
    void completedNewestRowIsNotMidBackfillEvenIfAnEarlierRowWasIncomplete() {
        // The store hands over only the newest row; an older incomplete row must not matter.
        Optional<ExportState> completed = Optional.of(new ExportState(FOLDER, NOW.minusSeconds(60), 9L, true, false,
                false, false));

        BackfillDecision d = decide(completed, TARGET, QUERY);

        assertEquals(BackfillAction.SKIP, d.action());
        assertEquals(BackfillReason.UP_TO_DATE, d.reason());
        assertFalse(d.runs());
    }

    @Test
    void tableAbsentFromTheWarehouseStartsFromTheBeginning() {
        BackfillDecision d = decide(Optional.empty(), Optional.empty(), QUERY);

        assertEquals(BackfillAction.START, d.action());
        assertEquals(BackfillReason.NEW_TABLE, d.reason());
        assertEquals(OptionalLong.empty(), d.startAfterId());
        assertEquals(Optional.of(Instant.parse("2026-11-25T12:00:00.123Z")), d.initialLoadStartDate());
    }

    @Test
    void columnAddedToTheQueryStartsABackfillAndNamesTheColumn() {
        BackfillDecision d = decide(Optional.empty(), TARGET, List.of("id", "project_id", "created_at", "file_sha256"));

        assertEquals(BackfillAction.START, d.action());
        assertEquals(BackfillReason.SCHEMA_ADDITION, d.reason());
        assertEquals(List.of("file_sha256"), d.newColumns());
    }

    @Test
    void columnRemovedFromTheQueryIsIgnored() {
        BackfillDecision d = decide(Optional.empty(), TARGET, List.of("id", "created_at"));

        assertEquals(BackfillAction.SKIP, d.action());
    }

    @Test
    void identifierCaseDifferencesAreNotAnAddition() {
        Optional<List<String>> upperCaseTarget = Optional.of(List.of("ID", "PROJECT_ID", "CREATED_AT"));

        assertEquals(BackfillAction.SKIP, decide(Optional.empty(), upperCaseTarget, QUERY).action());
        assertEquals(BackfillAction.SKIP, decide(Optional.empty(), TARGET, List.of("Id", "Project_ID", "created_AT"))
                .action());
    }

    @Test
    void theToolsOwnColumnsAreIgnoredOnBothSides() {
        Optional<List<String>> targetWithToolColumns = Optional.of(List.of("id", "project_id", "created_at",
                "_uploaded_at", "_TASK_INSTANCE", "is_deleted", "is_deleted_updated_at"));
        List<String> queryWithToolColumn = List.of("id", "project_id", "created_at", "IS_DELETED");

        assertEquals(BackfillAction.SKIP, decide(Optional.empty(), targetWithToolColumns, QUERY).action());
        assertEquals(BackfillAction.SKIP, decide(Optional.empty(), TARGET, queryWithToolColumn).action());
    }

    @Test
    void aColumnTheTargetWouldRoundBackfillsAfterASchemaAdditionAndBeforeAnUnfinishedExportNeverWins() {
        List<String> rounded = List.of("amount (DECIMAL(10,2) in the warehouse, numeric(12,4) in the source)");

        BackfillDecision typeChanged = decider.decide(Optional.empty(), TARGET, QUERY, rounded, BackfillRequest.AUTO);
        BackfillDecision addition = decider.decide(Optional.empty(), TARGET, List.of("id", "project_id", "created_at",
                "title"), rounded, BackfillRequest.AUTO);
        BackfillDecision resume = decider.decide(incomplete(Duration.ofHours(2)), TARGET, QUERY, rounded,
                BackfillRequest.AUTO);

        assertEquals(BackfillAction.START, typeChanged.action());
        assertEquals(BackfillReason.TYPE_CHANGED, typeChanged.reason());
        assertEquals(List.of(), typeChanged.newColumns());
        assertEquals(BackfillReason.SCHEMA_ADDITION, addition.reason());
        assertEquals(BackfillReason.MID_BACKFILL, resume.reason());
    }

    @Test
    void forcedBackfillOfAnUpToDateTableStartsOver() {
        BackfillDecision d = decider.decide(Optional.empty(), TARGET, QUERY, List.of(), BackfillRequest.FORCED);

        assertEquals(BackfillAction.START, d.action());
        assertEquals(BackfillReason.FORCED, d.reason());
    }

    @Test
    void forcedBackfillStillResumesAnInterruptedExport() {
        BackfillDecision d = decider.decide(incomplete(Duration.ofHours(2)), TARGET, QUERY, List.of(), BackfillRequest.FORCED);

        assertEquals(BackfillAction.RESUME, d.action());
    }

    @ParameterizedTest(name = "unfinished {0} h ago")
    @CsvSource({"2", "27"})
    void aRestartAbandonsAnInterruptedExportFreshOrStaleForANewFolder(long hoursAgo) {
        BackfillDecision d = decider.decide(incomplete(Duration.ofHours(hoursAgo)), TARGET, QUERY, List.of(),
                BackfillRequest.RESTART);

        assertEquals(BackfillAction.RESTART, d.action());
        assertEquals(BackfillReason.RESTART_REQUESTED, d.reason());
        assertEquals(OptionalLong.empty(), d.startAfterId());
        assertTrue(d.initialLoadStartDate().orElseThrow().isAfter(FOLDER), "a new folder: " + d);
    }

    @Test
    void aRestartWithNothingInterruptedDecidesAsAForcedBackfill() {
        assertEquals(BackfillReason.FORCED,
                decider.decide(Optional.empty(), TARGET, QUERY, List.of(), BackfillRequest.RESTART).reason());
        assertEquals(BackfillReason.NEW_TABLE,
                decider.decide(Optional.empty(), Optional.empty(), QUERY, List.of(), BackfillRequest.RESTART).reason());
        Optional<ExportState> completed = Optional.of(new ExportState(FOLDER, NOW, 9L, true, false, false, false));
        assertEquals(BackfillReason.FORCED,
                decider.decide(completed, TARGET, QUERY, List.of(), BackfillRequest.RESTART).reason());
    }
}
