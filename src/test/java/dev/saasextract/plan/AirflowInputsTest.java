package dev.saasextract.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saasextract.errors.InvalidInputException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class AirflowInputsTest {
    private static final Instant HALF_PAST_TWO = Instant.parse("2024-01-02T02:30:00Z");

    @Test
    void readsAllThreeVariables() {
        AirflowInputs in = AirflowInputs.from(Map.of("EXECUTION_DATE", "2024-01-02T02:30:00+00:00", "HOURS", "96",
                "LAST_LOADED", "2024-01-01T10:00:00+0000"));

        assertEquals(new AirflowInputs(Optional.of(HALF_PAST_TWO), OptionalInt.of(96),
                Optional.of(Instant.parse("2024-01-01T10:00:00Z"))), in);
    }

    @Test
    void acceptsAirflowStrftimeAndZuluOffsets() {
        for (String value : new String[] {"2024-01-02T02:30:00+00:00", "2024-01-02T02:30:00+0000", "2024-01-02T02:30:00Z"}) {
            assertEquals(Optional.of(HALF_PAST_TWO), AirflowInputs.from(Map.of("EXECUTION_DATE", value)).executionDate(), value);
        }
    }

    @Test
    void convertsOtherOffsetsToUtc() {
        assertEquals(Optional.of(HALF_PAST_TWO),
                AirflowInputs.from(Map.of("EXECUTION_DATE", "2024-01-02T04:30:00+0200")).executionDate());
        assertEquals(Optional.of(HALF_PAST_TWO),
                AirflowInputs.from(Map.of("LAST_LOADED", "2024-01-01T21:30:00-05:00")).lastLoaded());
    }

    @Test
    void keepsFractionalSeconds() {
        assertEquals(Optional.of(Instant.parse("2024-01-02T02:30:00.123456Z")),
                AirflowInputs.from(Map.of("EXECUTION_DATE", "2024-01-02T02:30:00.123456+00:00")).executionDate());
        assertEquals(Optional.of(Instant.parse("2024-01-02T02:30:00.5Z")),
                AirflowInputs.from(Map.of("LAST_LOADED", "2024-01-02T02:30:00.5+0000")).lastLoaded());
    }

    @Test
    void unsetVariablesStayEmpty() {
        assertEquals(new AirflowInputs(Optional.empty(), OptionalInt.empty(), Optional.empty()),
                AirflowInputs.from(Map.of()));
    }

    @Test
    void emptyLastLoadedMeansNoPreviousLoad() {
        assertEquals(Optional.empty(), AirflowInputs.from(Map.of("LAST_LOADED", "")).lastLoaded());
    }

    @Test
    void requiringAnUnsetVariableNamesIt() {
        AirflowInputs none = AirflowInputs.from(Map.of());

        assertMessage("environment variable EXECUTION_DATE is not set; expected ISO-8601 with offset", none::requireExecutionDate);
        assertMessage("environment variable HOURS is not set; expected a positive whole number of hours", none::requireHours);
    }

    @Test
    void rejectsTimestampsWithoutOffsetOrInOtherShapes() {
        for (String bad : new String[] {"2024-01-02T02:30:00", "2024-01-02", "2024-01-02 02:30:00+00:00",
                "2024-02-30T02:30:00+00:00", "2024-01-02T02:30:00+00:00 ", "", "yesterday"}) {
            assertMessage("environment variable EXECUTION_DATE is '" + bad + "'; expected ISO-8601 with offset",
                    () -> AirflowInputs.from(Map.of("EXECUTION_DATE", bad)));
        }
        assertMessage("environment variable LAST_LOADED is 'None'; expected ISO-8601 with offset",
                () -> AirflowInputs.from(Map.of("LAST_LOADED", "None")));
    }

    @Test
    void rejectsTimestampsBeforeTheEpochOrAfterYear9999() {
        assertMessage("environment variable EXECUTION_DATE is '0024-01-02T02:30:00+00:00'; expected an instant between"
                + " 1970-01-01T00:00:00Z and 9999-12-31T23:59:59Z",
                () -> AirflowInputs.from(Map.of("EXECUTION_DATE", "0024-01-02T02:30:00+00:00")));
        assertMessage("environment variable LAST_LOADED is '+10000-01-02T02:30:00Z'; expected an instant between",
                () -> AirflowInputs.from(Map.of("LAST_LOADED", "+10000-01-02T02:30:00Z")));
        assertEquals(Optional.of(Instant.EPOCH),
                AirflowInputs.from(Map.of("LAST_LOADED", "1970-01-01T00:00:00+00:00")).lastLoaded());
    }

    @Test
    void rejectsHoursThatAreNotAPositiveWholeNumber() {
        for (String bad : new String[] {"0", "-4", "96.0", " 96", "", "ninety", "9999999999", "876001", "999999999"}) {
            assertMessage("environment variable HOURS is '" + bad + "'; expected a positive whole number of hours up to"
                    + " 876000, e.g. 96",
                    () -> AirflowInputs.from(Map.of("HOURS", bad)));
        }
    }

    @Test
    void echoesAtMostSixtyCharactersOfABadValueOnOneLine() {
        String bad = "2024-01-02T02:30:00+00:00\n" + "x".repeat(500);

        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> AirflowInputs.from(Map.of("EXECUTION_DATE", bad)));

        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        assertTrue(e.getMessage().contains("'2024-01-02T02:30:00+00:00?" + "x".repeat(34) + "...'"), e.getMessage());
        assertTrue(e.getMessage().length() < 250, e.getMessage());
    }

    private static void assertMessage(String expectedStart, Runnable call) {
        InvalidInputException e = assertThrows(InvalidInputException.class, call::run);
        assertTrue(e.getMessage().startsWith(expectedStart), () -> "message was: " + e.getMessage());
    }
}
