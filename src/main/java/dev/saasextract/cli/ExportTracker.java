package dev.saasextract.cli;

import static java.util.Objects.requireNonNull;

import dev.saasextract.load.ExportProgress;
import dev.saasextract.load.ForwardingLoadListener;
import dev.saasextract.load.LoadListener;
import dev.saasextract.load.LogContext;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Follows the run's exports for the progress display and the run's tally, then passes every event on. Counters move
 * once per staged file (the export's hot path never calls in per row) and are read by the progress thread.
 */
final class ExportTracker extends ForwardingLoadListener {
    private final RunTally tally;
    private final boolean singleRange;
    private final LongSupplier nanoTime;
    private volatile Export current;
    private volatile long expectedRows;

    /**
     * @param singleRange the run exports each key range as one, in key order ({@code --parallel 1}, no shard), so the
     *                    highest key staged tells how far it is; a parallel export shows no share of the key range
     * @param nanoTime    the monotonic clock of rates and ETAs ({@code System::nanoTime}): {@code --now} fixes the
     *                    run's clock, not its speed
     */
    ExportTracker(LoadListener next, RunTally tally, boolean singleRange, LongSupplier nanoTime) {
        super(next);
        this.tally = requireNonNull(tally, "tally is null");
        this.singleRange = singleRange;
        this.nanoTime = requireNonNull(nanoTime, "nanoTime is null");
    }

    /** The running export, or empty between exports (planning, loading the warehouse). */
    Optional<ProgressSnapshot> snapshot() {
        Export export = current;
        if (export == null) {
            return Optional.empty();
        }
        long rows = export.rows.get();
        Duration elapsed = Duration.ofNanos(nanoTime.getAsLong() - export.startedNanos);
        return Optional.of(new ProgressSnapshot(export.table, rows, elapsed, export.fraction(rows),
                export.logContext));
    }

    @Override
    public void rowsExpected(String table, long rows) {
        expectedRows = rows;
        super.rowsExpected(table, rows);
    }

    @Override
    public void exportStarting(ExportProgress p) {
        OptionalLong keyRange = singleRange && p.keyed() ? p.maxKey() : OptionalLong.empty();
        current = new Export(p.table(), nanoTime.getAsLong(), p.lastKey().orElse(0), keyRange,
                p.keyed() ? 0 : expectedRows, LogContext.ofThisThread());
        super.exportStarting(p);
    }

    @Override
    public void chunkStaged(ExportProgress p) {
        Export export = current;
        if (export != null) {
            export.rows.addAndGet(p.chunkRows());
            p.lastKey().ifPresent(key -> export.highestKey.accumulateAndGet(key, Math::max));
        }
        tally.fileStaged(p.chunkRows());
        super.chunkStaged(p);
    }

    @Override
    public void exportStaged(ExportProgress p) {
        current = null;
        expectedRows = 0;
        super.exportStaged(p);
    }

    /** One export in progress: keys in {@code (startKey, maxKey]}, or {@code expectedRows} rows when streamed. */
    private static final class Export {
        private final String table;
        private final long startedNanos;
        private final long startKey;
        private final OptionalLong maxKey;
        private final long expectedRows;
        private final AtomicLong rows = new AtomicLong();
        private final AtomicLong highestKey;
        /** The log context of the step that started the export, for the progress lines logged by the timer. */
        private final Map<String, String> logContext;

        Export(String table, long startedNanos, long startKey, OptionalLong maxKey, long expectedRows,
                Map<String, String> logContext) {
            this.logContext = logContext;
            this.table = table;
            this.startedNanos = startedNanos;
            this.startKey = startKey;
            this.maxKey = maxKey;
            this.expectedRows = expectedRows;
            this.highestKey = new AtomicLong(startKey);
        }

        OptionalDouble fraction(long rowsSoFar) {
            if (maxKey.isPresent() && maxKey.getAsLong() > startKey) {
                double done = (double) (highestKey.get() - startKey) / (maxKey.getAsLong() - startKey);
                return OptionalDouble.of(Math.min(1, Math.max(0, done)));
            }
            if (expectedRows > 0) {
                return OptionalDouble.of(Math.min(1, (double) rowsSoFar / expectedRows));
            }
            return OptionalDouble.empty();
        }
    }
}
