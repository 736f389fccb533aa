package dev.saasextract.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saasextract.load.ExportProgress;
import dev.saasextract.load.LoadListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Progress from the listener's events alone: rows, share done, rate and ETA, on a clock the test moves. */
class ExportTrackerTest {
    private static final String TABLE = "GITLAB_DB_CI_BUILDS";

    private final AtomicLong nanos = new AtomicLong();
    private final RunTally tally = new RunTally();
    private final List<String> passedOn = new ArrayList<>();

    private ExportTracker tracker(boolean singleRange) {
        LoadListener next = new LoadListener() {
            @Override
            public void chunkStaged(ExportProgress progress) {
                passedOn.add(progress.file());
            }
        };
        return new ExportTracker(next, tally, singleRange, nanos::get);
    }

    private static ExportProgress starting(OptionalLong after, OptionalLong max, boolean keyed) {
        return new ExportProgress(TABLE, null, 0, 0, after, max, Duration.ZERO, keyed);
    }

    private static ExportProgress staged(String file, long rows, OptionalLong lastKey) {
        return new ExportProgress(TABLE, file, rows, 0, lastKey, OptionalLong.empty(), Duration.ZERO, true);
    }

    @Test
    void aKeyedExportIsAsFarAsItsHighestKeyInTheRangeItCovers() {
        ExportTracker tracker = tracker(true);
        assertEquals(Optional.empty(), tracker.snapshot(), "no export yet");

        tracker.exportStarting(starting(OptionalLong.of(1_000), OptionalLong.of(5_000), true));
        nanos.addAndGet(Duration.ofSeconds(10).toNanos());
        tracker.chunkStaged(staged("a.parquet", 500, OptionalLong.of(2_000)));

        ProgressSnapshot p = tracker.snapshot().orElseThrow();
        assertEquals(500, p.rows());
        assertEquals(0.25, p.fraction().getAsDouble(), 1e-9, "keys 1000..2000 of 1000..5000 after a resume");
        assertEquals(50.0, p.rowsPerSecond(), 1e-9);
        assertEquals(Optional.of(Duration.ofSeconds(30)), p.eta(), "a quarter in 10 s: 30 s to go");
        assertEquals(List.of("a.parquet"), passedOn, "every event is passed on");
        assertEquals(500, tally.rows());
        assertEquals(1, tally.files());

        tracker.exportStaged(staged(null, 0, OptionalLong.of(5_000)));
        assertEquals(Optional.empty(), tracker.snapshot(), "the export is over; the tally stays");
        assertEquals(500, tally.rows());
    }

    @Test
    void aParallelExportShowsRowsButNoShareOfTheKeyRange() {
        ExportTracker tracker = tracker(false);
        tracker.exportStarting(starting(OptionalLong.empty(), OptionalLong.of(4_000), true));
        tracker.chunkStaged(staged("range-3.parquet", 100, OptionalLong.of(3_500)));

        ProgressSnapshot p = tracker.snapshot().orElseThrow();
        assertEquals(100, p.rows());
        assertEquals(OptionalDouble.empty(), p.fraction(), "the last range's key says nothing of the others");
        assertEquals(Optional.empty(), p.eta());
    }

    @Test
    void aStreamedExportIsMeasuredAgainstThePlannersEstimateForThatExportOnly() {
        ExportTracker tracker = tracker(true);
        tracker.rowsExpected(TABLE, 400);
        tracker.exportStarting(starting(OptionalLong.empty(), OptionalLong.empty(), false));
        tracker.chunkStaged(staged("part-0.parquet", 100, OptionalLong.empty()));
        assertEquals(0.25, tracker.snapshot().orElseThrow().fraction().getAsDouble(), 1e-9);

        tracker.chunkStaged(staged("part-1.parquet", 400, OptionalLong.empty()));
        assertEquals(1.0, tracker.snapshot().orElseThrow().fraction().getAsDouble(), 1e-9,
                "an estimate below the truth caps at done");

        tracker.exportStaged(staged(null, 0, OptionalLong.empty()));
        tracker.exportStarting(starting(OptionalLong.empty(), OptionalLong.empty(), false));
        assertTrue(tracker.snapshot().orElseThrow().fraction().isEmpty(), "the estimate was for the previous export");
    }
}
