package dev.saasextract.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saasextract.errors.InvalidInputException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IncrementalWindowTest {
    private static final Instant REPLICA = Instant.parse("2024-01-02T01:00:00Z");

    private static AirflowInputs inputs(String executionDate, String hours, String lastLoaded) {
        Map<String, String> env = new HashMap<>();
        env.put("EXECUTION_DATE", executionDate);
        env.put("HOURS", hours);
        if (lastLoaded != null) {
            env.put("LAST_LOADED", lastLoaded);
        }
        return AirflowInputs.from(env);
    }

    @Test
    void gitlabReferenceExampleBeginsHalfAnHourBeforeLastLoadedAndEndsAtTheReplica() {
        AirflowInputs in = inputs("2024-01-02T02:30:00+0000", "96", "2024-01-01T10:00:00+0000");

        IncrementalWindow window = IncrementalWindow.compute(in, REPLICA);

        assertEquals(new IncrementalWindow(Instant.parse("2024-01-01T09:30:00Z"), REPLICA), window);
        assertEquals("2024-01-02T01:00:00+0000", window.maxDataAvailable());
        assertEquals(Map.of("BEGIN_TIMESTAMP", "2024-01-01T09:30:00", "END_TIMESTAMP", "2024-01-02T01:00:00",
                "EXECUTION_DATE", "2024-01-02T01:00:00", "HOURS", "16"), window.placeholderValues(),
                "the EXECUTION_DATE/HOURS form reads the same window, from a whole hour before its begin");
    }

    @Test
    void aBackfillNoRegularLoadHasFollowedPullsTheBeginBackToHalfAnHourBeforeItsStart() {
        Instant replica = Instant.parse("2024-01-05T01:00:00Z");
        AirflowInputs fallback = inputs("2024-01-05T02:30:00+0000", "96", "2024-01-02T23:00:00+0000");

        IncrementalWindow window = IncrementalWindow.compute(fallback, replica,
                Optional.of(Instant.parse("2024-01-02T00:00:00Z")));

        assertEquals(new IncrementalWindow(Instant.parse("2024-01-01T23:30:00Z"), replica), window);
    }

    @Test
    void aBackfillStartedAfterLastLoadedChangesNothing() {
        Instant replica = Instant.parse("2024-01-05T01:00:00Z");
        AirflowInputs in = inputs("2024-01-05T02:30:00+0000", "96", "2024-01-04T01:00:00+0000");

        assertEquals(IncrementalWindow.compute(in, replica),
                IncrementalWindow.compute(in, replica, Optional.of(Instant.parse("2024-01-04T01:30:00Z"))));
    }

    @Test
    void lastLoadedAfterTheExecutionDateIsBadInputEvenWhenABackfillWouldOpenTheWindow() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> IncrementalWindow.compute(
                inputs("2024-01-05T02:30:00+0000", "96", "2024-01-06T00:00:00+0000"),
                Instant.parse("2024-01-05T01:00:00Z"), Optional.of(Instant.parse("2024-01-02T00:00:00Z"))));
        assertTrue(e.getMessage().startsWith("LAST_LOADED 2024-01-06T00:00:00Z is more than 30 minutes after"),
                e.getMessage());
    }

    @Test
    void theWindowFromAnOldBackfillStillSpansAtMostHoursAndTheNextRunGoesOnFromItsEnd() {
        Instant replica = Instant.parse("2024-01-20T01:00:00Z");

        IncrementalWindow window = IncrementalWindow.compute(inputs("2024-01-20T02:30:00+0000", "96", null), replica,
                Optional.of(Instant.parse("2024-01-02T00:30:00Z")));

        assertEquals(new IncrementalWindow(Instant.parse("2024-01-02T00:00:00Z"),
                Instant.parse("2024-01-06T00:00:00Z")), window);
        assertEquals("2024-01-06T00:00:00+0000", window.maxDataAvailable());
    }

    @Test
    void withoutLastLoadedReadsHoursBackFromTheOlderOfReplicaAndExecutionDate() {
        IncrementalWindow window = IncrementalWindow.compute(inputs("2024-01-02T02:30:00+00:00", "96", ""), REPLICA);

        assertEquals(new IncrementalWindow(Instant.parse("2023-12-29T01:00:00Z"), REPLICA), window);
    }

    @Test
    void executionDateBoundsTheEndWhenTheReplicaIsAhead() {
        Instant replicaAhead = Instant.parse("2024-01-02T05:00:00Z");

        IncrementalWindow window = IncrementalWindow.compute(
                inputs("2024-01-02T02:30:00+00:00", "96", "2024-01-01T10:00:00+0000"), replicaAhead);

        assertEquals(new IncrementalWindow(Instant.parse("2024-01-01T09:30:00Z"),
                Instant.parse("2024-01-02T02:30:00Z")), window);
    }

    @Test
    void replicaBehindTheExecutionDateBoundsTheEndAndTheBeginWithoutLastLoaded() {
        Instant replicaBehind = Instant.parse("2024-01-01T20:00:00Z");

        IncrementalWindow window = IncrementalWindow.compute(inputs("2024-01-02T02:30:00+00:00", "12", null), replicaBehind);

        assertEquals(new IncrementalWindow(Instant.parse("2024-01-01T08:00:00Z"), replicaBehind), window);
    }

    @Test
    void hoursCapTheWindowAfterALongPause() {
        IncrementalWindow window = IncrementalWindow.compute(
                inputs("2024-01-10T00:00:00+00:00", "48", "2024-01-01T10:00:00+0000"), Instant.parse("2024-01-09T23:00:00Z"));

        assertEquals(new IncrementalWindow(Instant.parse("2024-01-01T09:30:00Z"), Instant.parse("2024-01-03T09:30:00Z")),
                window);
        assertEquals("2024-01-03T09:30:00+0000", window.maxDataAvailable());
    }

    @Test
    void lastLoadedExactlyHalfAnHourAheadOfTheReplicaGivesAnEmptyWindow() {
        IncrementalWindow window = IncrementalWindow.compute(
                inputs("2024-01-02T02:30:00+00:00", "96", "2024-01-02T01:30:00+0000"), REPLICA);

        assertEquals(new IncrementalWindow(REPLICA, REPLICA), window);
    }

    @Test
    void lastLoadedAheadOfTheAvailableDataIsAStateError() {
        AirflowInputs in = inputs("2024-01-02T02:30:00+00:00", "96", "2024-01-02T01:30:01+0000");

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> IncrementalWindow.compute(in, REPLICA));

        assertEquals("incremental window begins at 2024-01-02T01:00:01Z, after its end 2024-01-02T01:00:00Z "
                + "(LAST_LOADED=2024-01-02T01:30:01Z, EXECUTION_DATE=2024-01-02T02:30:00Z, HOURS=96, "
                + "replica time=2024-01-02T01:00:00Z); the previous load reached data this source does not have yet",
                e.getMessage());
    }

    @Test
    void lastLoadedAheadOfTheExecutionDateIsBadInputThatNoRetryMends() {
        AirflowInputs in = inputs("2024-01-02T02:30:00+00:00", "96", "2024-01-02T03:00:01+0000");

        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> IncrementalWindow.compute(in, Instant.parse("2024-01-03T00:00:00Z")));

        assertEquals("LAST_LOADED 2024-01-02T03:00:01Z is more than 30 minutes after EXECUTION_DATE"
                + " 2024-01-02T02:30:00Z: the window would begin after the run's logical date", e.getMessage());
        IncrementalWindow atTheEdge = IncrementalWindow.compute(inputs("2024-01-02T02:30:00+00:00", "96",
                "2024-01-02T03:00:00+0000"), Instant.parse("2024-01-03T00:00:00Z"));
        assertEquals(Instant.parse("2024-01-02T02:30:00Z"), atTheEdge.begin(), "30 minutes after is an empty window");
    }

    @Test
    void hoursAreTheWindowsLengthRoundedUpAndAtLeastOne() {
        Instant begin = Instant.parse("2024-01-01T10:00:00Z");
        assertEquals("12", new IncrementalWindow(begin, begin.plus(Duration.ofHours(12))).placeholderValues()
                .get("HOURS"));
        assertEquals("13", new IncrementalWindow(begin, begin.plus(Duration.ofHours(12)).plusNanos(1_000))
                .placeholderValues().get("HOURS"));
        assertEquals("12", new IncrementalWindow(begin, begin.plus(Duration.ofHours(12)).plusNanos(999))
                .placeholderValues().get("HOURS"), "below a microsecond, as the placeholders are truncated");
        assertEquals("1", new IncrementalWindow(begin, begin).placeholderValues().get("HOURS"));
    }

    @Test
    void aCenturyOfHoursStillGivesFourDigitYearsInOrder() {
        AirflowInputs in = inputs("2024-01-02T02:30:00+00:00", String.valueOf(AirflowInputs.MAX_HOURS), null);

        Map<String, String> values = IncrementalWindow.compute(in, REPLICA).placeholderValues();

        assertEquals("1924-01-27T01:00:00", values.get("BEGIN_TIMESTAMP"));
        assertEquals("2024-01-02T01:00:00", values.get("END_TIMESTAMP"));
    }

    @Test
    void placeholdersCarryMicrosecondsOnlyWhenThereAreAny() {
        Instant replica = Instant.parse("2024-01-02T01:00:00.123456789Z");
        AirflowInputs in = inputs("2024-01-02T02:30:00.5+00:00", "96", "2024-01-01T10:00:00+0000");

        IncrementalWindow window = IncrementalWindow.compute(in, replica);

        assertEquals(Map.of("BEGIN_TIMESTAMP", "2024-01-01T09:30:00", "END_TIMESTAMP", "2024-01-02T01:00:00.123456",
                "EXECUTION_DATE", "2024-01-02T01:00:00.123456", "HOURS", "16"), window.placeholderValues());
        assertEquals("2024-01-02T01:00:00+0000", window.maxDataAvailable());
    }

    @Test
    void maxDataAvailableIsWhatTheNextRunParsesBackAsLastLoaded() {
        AirflowInputs first = inputs("2024-01-02T02:30:00+00:00", "96", "2024-01-01T10:00:00+0000");
        IncrementalWindow window = IncrementalWindow.compute(first, REPLICA);

        AirflowInputs next = inputs("2024-01-02T08:30:00+00:00", "96", window.maxDataAvailable());

        assertEquals(Instant.parse("2024-01-02T00:30:00Z"),
                IncrementalWindow.compute(next, Instant.parse("2024-01-02T07:00:00Z")).begin());
    }

    @Test
    void executionDateAndHoursAreRequired() {
        InvalidInputException noDate = assertThrows(InvalidInputException.class,
                () -> IncrementalWindow.compute(AirflowInputs.from(Map.of("HOURS", "96")), REPLICA));
        assertTrue(noDate.getMessage().startsWith("environment variable EXECUTION_DATE is not set"), noDate.getMessage());

        InvalidInputException noHours = assertThrows(InvalidInputException.class, () -> IncrementalWindow.compute(
                AirflowInputs.from(Map.of("EXECUTION_DATE", "2024-01-02T02:30:00+00:00")), REPLICA));
        assertTrue(noHours.getMessage().startsWith("environment variable HOURS is not set"), noHours.getMessage());
    }
}
