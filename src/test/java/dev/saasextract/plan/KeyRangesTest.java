package dev.saasextract.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class KeyRangesTest {

    /** Contiguous, starting right before min, ending at max, none empty, widths within one of each other. */
    private static void assertCovers(long min, long max, List<KeyRange> ranges) {
        BigInteger lower = BigInteger.valueOf(min).subtract(BigInteger.ONE);
        BigInteger smallest = null;
        BigInteger largest = null;
        for (int i = 0; i < ranges.size(); i++) {
            KeyRange range = ranges.get(i);
            assertEquals(i, range.index());
            BigInteger from = range.lowerExclusive().isPresent()
                    ? BigInteger.valueOf(range.lowerExclusive().getAsLong())
                    : BigInteger.valueOf(Long.MIN_VALUE).subtract(BigInteger.ONE);
            assertEquals(lower, from, "range " + i + " starts where the previous one ends");
            BigInteger width = BigInteger.valueOf(range.upperInclusive()).subtract(from);
            assertTrue(width.signum() > 0, "range " + i + " is not empty");
            smallest = smallest == null ? width : smallest.min(width);
            largest = largest == null ? width : largest.max(width);
            lower = BigInteger.valueOf(range.upperInclusive());
        }
        assertEquals(BigInteger.valueOf(max), lower, "the last range ends at max");
        assertTrue(largest.subtract(smallest).compareTo(BigInteger.ONE) <= 0, "equal widths: " + ranges);
    }

    @Test
    void splitsIntoEqualContiguousRanges() {
        List<KeyRange> ranges = KeyRanges.split(1, 100, 4);

        assertEquals(List.of(new KeyRange(0, OptionalLong.of(0), 25), new KeyRange(1, OptionalLong.of(25), 50),
                new KeyRange(2, OptionalLong.of(50), 75), new KeyRange(3, OptionalLong.of(75), 100)), ranges);
    }

    @Test
    void unevenSpansDifferByAtMostOneKey() {
        assertCovers(1, 10, KeyRanges.split(1, 10, 3));
        assertEquals(List.of(3L, 6L, 10L), KeyRanges.split(1, 10, 3).stream().map(KeyRange::upperInclusive).toList());
        assertCovers(-7, 1_000_003, KeyRanges.split(-7, 1_000_003, 64));
    }

    @Test
    void oneRangeIsTheWholeSpan() {
        assertEquals(List.of(new KeyRange(0, OptionalLong.of(41), 99)), KeyRanges.split(42, 99, 1));
    }

    @Test
    void fewerRangesThanAskedWhenThereAreFewerKeyValues() {
        List<KeyRange> ranges = KeyRanges.split(5, 7, 8);

        assertEquals(3, ranges.size());
        assertCovers(5, 7, ranges);
        assertEquals(List.of(new KeyRange(0, OptionalLong.of(4), 5)), KeyRanges.split(5, 5, 4), "a single key");
    }

    @Test
    void negativeKeysAndLongExtremesDoNotOverflow() {
        assertCovers(-100, -1, KeyRanges.split(-100, -1, 7));

        List<KeyRange> all = KeyRanges.split(Long.MIN_VALUE, Long.MAX_VALUE, 4);
        assertCovers(Long.MIN_VALUE, Long.MAX_VALUE, all);
        assertEquals(OptionalLong.empty(), all.get(0).lowerExclusive(), "nothing lies below the smallest bigint");
        assertEquals(List.of(-4611686018427387905L, -1L, 4611686018427387903L, Long.MAX_VALUE),
                all.stream().map(KeyRange::upperInclusive).toList());

        assertCovers(Long.MAX_VALUE - 2, Long.MAX_VALUE, KeyRanges.split(Long.MAX_VALUE - 2, Long.MAX_VALUE, 2));
        assertCovers(Long.MIN_VALUE, Long.MIN_VALUE + 4, KeyRanges.split(Long.MIN_VALUE, Long.MIN_VALUE + 4, 64));
    }

    @Test
    void refusesAnInvertedSpanOrNoRanges() {
        assertThrows(IllegalArgumentException.class, () -> KeyRanges.split(10, 9, 2));
        assertThrows(IllegalArgumentException.class, () -> KeyRanges.split(1, 9, 0));
    }

    @Test
    void aRangeResumesAfterItsLastKeyAndIsFinishedAtItsUpperBound() {
        KeyRange range = new KeyRange(2, OptionalLong.of(100), 200);

        assertEquals(OptionalLong.of(100), range.resumeAfter(OptionalLong.empty()));
        assertEquals(OptionalLong.of(150), range.resumeAfter(OptionalLong.of(150)));
        assertEquals(false, range.isFinished(OptionalLong.of(199)));
        assertEquals(true, range.isFinished(OptionalLong.of(200)));
        assertEquals(0.5, range.fractionDone(OptionalLong.of(150)));
    }

    @Test
    void progressWeighsRangesByWidthAndListsTheUnfinished() {
        List<KeyRange> ranges = KeyRanges.split(1, 400, 4);
        RangeProgress progress = new RangeProgress(ranges, java.util.Map.of(0, 100L, 1, 150L, 3, 310L));

        assertEquals(List.of(ranges.get(1), ranges.get(2), ranges.get(3)), progress.unfinished());
        assertEquals(OptionalLong.of(200), progress.resumeAfter(ranges.get(2)), "not started: from its lower bound");
        assertEquals(OptionalLong.of(310), progress.resumeAfter(ranges.get(3)));
        assertEquals((100 + 50 + 0 + 10) / 400.0, progress.fractionDone(), 1e-9);
    }

    @Test
    void shardsTakeRangesInTurn() {
        List<KeyRange> ranges = KeyRanges.split(1, 60, 6);
        Shard second = new Shard(1, 3);

        assertEquals(List.of(1, 4), ranges.stream().filter(second::owns).map(KeyRange::index).toList());
        assertEquals(2, Shard.ownerOf(ranges.get(5), 3));
        assertThrows(IllegalArgumentException.class, () -> new Shard(3, 3));
        assertThrows(IllegalArgumentException.class, () -> new Shard(-1, 3));
    }
}
