package dev.saasextract.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class StatsTest {
    @Test
    void medianOfAnOddCountIsTheMiddleValueWhateverTheOrder() {
        assertEquals(3.0, Stats.median(List.of(9.0, 1.0, 3.0)));
    }

    @Test
    void medianOfAnEvenCountIsTheMeanOfTheTwoMiddleValues() {
        assertEquals(2.5, Stats.median(List.of(4.0, 1.0, 2.0, 3.0)));
    }

    @Test
    void medianOfNothingIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> Stats.median(List.of()));
    }

    @Test
    void ratioIsFormattedWithTwoDecimalsOrNotAvailable() {
        assertEquals("0.47x", Stats.formatRatio(Stats.ratio(OptionalDouble.of(470), OptionalDouble.of(1000))));
        assertEquals("n/a", Stats.formatRatio(Stats.ratio(OptionalDouble.of(470), OptionalDouble.empty())));
        assertEquals("n/a", Stats.formatRatio(Stats.ratio(OptionalDouble.empty(), OptionalDouble.of(1000))));
        assertEquals("n/a", Stats.formatRatio(Stats.ratio(OptionalDouble.of(470), OptionalDouble.of(0))));
    }
}
