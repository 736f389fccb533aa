package dev.saasextract.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class RangeBisectionTest {
    private final RangeBisection bisection = new RangeBisection(16, 100);

    private VerifyReport compare(InMemorySide source, InMemorySide warehouse) {
        return bisection.compare("issues", "GITLAB_DB_ISSUES", source, warehouse, true);
    }

    @Test
    void equalSidesCostOneDigestEachAndNoKeyReads() {
        InMemorySide source = new InMemorySide().keys(1, 100_000);
        InMemorySide warehouse = new InMemorySide().keys(1, 100_000);

        VerifyReport report = compare(source, warehouse);

        assertTrue(report.equal());
        assertEquals(1, report.rangesCompared());
        assertEquals(0, report.rangesFetched());
        assertEquals(100_000, report.source().keys());
        assertEquals(report.source(), report.warehouse());
        assertEquals(0, source.versionReads + warehouse.versionReads);
    }

    @Test
    void scatteredDifferencesAreFoundExactlyByReadingOnlyTheirLeaves() {
        InMemorySide source = new InMemorySide().keys(1, 100_000);
        InMemorySide warehouse = new InMemorySide().keys(1, 100_000);
        warehouse.live.remove(12_345L);
        warehouse.put(100_001, 1, 5);
        warehouse.put(77_777, 1, 1);

        VerifyReport report = compare(source, warehouse);

        assertFalse(report.equal());
        assertEquals(new KeysFound(1, List.of(12_345L)), report.found(Difference.MISSING));
        assertEquals(new KeysFound(1, List.of(100_001L)), report.found(Difference.EXTRA));
        assertEquals(new KeysFound(1, List.of(77_777L)), report.found(Difference.STALE));
        assertEquals(KeysFound.NONE, report.found(Difference.WRONGLY_FLAGGED));
        assertEquals(3, report.rangesFetched(), "one leaf per difference");
        assertEquals(3, warehouse.versionReads);
        // 100,001 keys in segments of 16 reach a leaf of <= 100 keys in 3 levels: 1 + 3 paths * 3 levels * 16
        assertTrue(report.rangesCompared() <= 1 + 3 * 3 * 16, "ranges compared: " + report.rangesCompared());
    }

    @Test
    void aKeyFlaggedDeletedIsGoneUnlessTheSourceStillHasIt() {
        InMemorySide source = new InMemorySide().keys(1, 1_000);
        source.live.remove(10L);
        InMemorySide warehouse = new InMemorySide().keys(1, 1_000).flag(10).flag(500);

        VerifyReport report = compare(source, warehouse);

        assertEquals(new KeysFound(1, List.of(500L)), report.found(Difference.WRONGLY_FLAGGED));
        assertEquals(KeysFound.NONE, report.found(Difference.MISSING), "key 10 is deleted at both ends");
        assertEquals(KeysFound.NONE, report.found(Difference.EXTRA));
        assertEquals(998, report.warehouse().keys(), "flagged keys are left out of the warehouse's digest");
    }

    @Test
    void aKeySharedByADifferentNumberOfRowsIsStale() {
        InMemorySide source = new InMemorySide().put(7, 3, 0).put(8, 2, 0);
        InMemorySide warehouse = new InMemorySide().put(7, 2, 0).put(8, 2, 0);

        assertEquals(new KeysFound(1, List.of(7L)), compare(source, warehouse).found(Difference.STALE));
    }

    @Test
    void countsEveryDifferenceButListsOnlyTheFirstKeys() {
        InMemorySide source = new InMemorySide().keys(1, 10_000);
        InMemorySide warehouse = new InMemorySide().keys(1, 10_000);
        LongStream.rangeClosed(1, 25).forEach(i -> warehouse.live.remove(i * 397));

        KeysFound missing = compare(source, warehouse).found(Difference.MISSING);

        assertEquals(25, missing.count());
        assertEquals(LongStream.rangeClosed(1, 10).map(i -> i * 397).boxed().toList(), missing.firstKeys());
    }

    @Test
    void emptySidesAreEqualAndAnEmptySourceMakesEveryWarehouseKeyExtra() {
        assertTrue(compare(new InMemorySide(), new InMemorySide()).equal());
        assertEquals(0, compare(new InMemorySide(), new InMemorySide()).rangesCompared());

        VerifyReport report = compare(new InMemorySide(), new InMemorySide().keys(-5, 300));
        assertEquals(306, report.found(Difference.EXTRA).count());
        assertEquals(List.of(-5L, -4L, -3L, -2L, -1L, 0L, 1L, 2L, 3L, 4L), report.found(Difference.EXTRA).firstKeys());
    }

    @Test
    void splitCoversTheIntervalExactlyEvenAtTheEndsOfLong() {
        KeyInterval all = new KeyInterval(Long.MIN_VALUE, Long.MAX_VALUE);
        List<KeyInterval> parts = all.split(16);
        assertEquals(16, parts.size());
        assertEquals(Long.MIN_VALUE, parts.get(0).first());
        assertEquals(Long.MAX_VALUE, parts.get(15).last());
        for (int i = 1; i < parts.size(); i++) {
            assertEquals(parts.get(i - 1).last() + 1, parts.get(i).first());
        }
        assertEquals(List.of(new KeyInterval(5, 5), new KeyInterval(6, 6), new KeyInterval(7, 7)),
                new KeyInterval(5, 7).split(16), "fewer keys than segments: one key each");
        assertEquals(List.of(new KeyInterval(1, 5), new KeyInterval(6, 10)), new KeyInterval(1, 10).split(2));
    }
}
