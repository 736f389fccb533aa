package dev.saasextract.cli;

import static java.util.Objects.requireNonNull;

import dev.saasextract.load.LoadResult;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * The one line a table run ends with ({@code event=summary}): what it did, how much, how fast.
 *
 * @param action  the steps' actions joined with {@code +} (e.g. {@code incremental+deletes:skip}), {@code failed}
 *                or {@code terminated} (stopped by a signal)
 * @param rows    rows loaded by the steps (for a deletes step: keys); after a failure, rows this run staged
 * @param files   files loaded by the steps; after a failure, files this run staged
 * @param bytes   bytes of the files this run staged
 * @param failure what ended a failed run
 */
record RunSummary(String table, String loadType, String action, long rows, long files, long bytes, Duration duration,
        Optional<RuntimeException> failure) {
    private static final Logger LOG = LoggerFactory.getLogger(RunSummary.class);
    static final String FAILED = "failed";
    static final String TERMINATED = "terminated";

    RunSummary {
        requireNonNull(table, "table is null");
        requireNonNull(loadType, "loadType is null");
        requireNonNull(action, "action is null");
        requireNonNull(duration, "duration is null");
        requireNonNull(failure, "failure is null");
    }

    static RunSummary succeeded(String table, LoadType loadType, List<LoadResult> steps, RunTally tally,
            Duration duration) {
        return new RunSummary(table, loadType.name(),
                steps.stream().map(LoadResult::action).collect(Collectors.joining("+")),
                steps.stream().mapToLong(LoadResult::rows).sum(), steps.stream().mapToLong(LoadResult::files).sum(),
                tally.bytes(), duration, Optional.empty());
    }

    static RunSummary failed(String table, LoadType loadType, RunTally tally, Duration duration,
            RuntimeException failure) {
        return new RunSummary(table, loadType.name(), FAILED, tally.rows(), tally.files(), tally.bytes(), duration,
                Optional.of(failure));
    }

    /** A run stopped by a signal: what it staged stays recorded, and the next run decides from that. */
    static RunSummary terminated(String table, LoadType loadType, RunTally tally, Duration duration) {
        return new RunSummary(table, loadType.name(), TERMINATED, tally.rows(), tally.files(), tally.bytes(),
                duration, Optional.of(new TerminatedBySignal()));
    }

    /** What ends a run stopped by SIGTERM or SIGINT, for its summary line. */
    static final class TerminatedBySignal extends RuntimeException {
        TerminatedBySignal() {
            super("stopped by a signal (SIGTERM or SIGINT) before it finished; the metadata keeps what it staged,"
                    + " and the next run goes on from there as after any failure", null, false, false);
        }
    }

    double rowsPerSecond() {
        return rows / (Math.max(duration.toMillis(), 1) / 1000.0);
    }

    /** At INFO, or at ERROR with the error's class and one-line message; its text starts {@code done: table=...}. */
    void log() {
        LoggingEventBuilder line = (failure.isPresent() ? LOG.atError() : LOG.atInfo()).setMessage("done:")
                .addKeyValue(LogValues.EVENT, "summary")
                .addKeyValue("table", table)
                .addKeyValue("action", action)
                .addKeyValue("rows", rows)
                .addKeyValue("files", files)
                .addKeyValue("bytes", bytes)
                .addKeyValue("duration_s", Seconds.of(duration))
                .addKeyValue("rows_per_s", Math.round(rowsPerSecond()))
                .addKeyValue("load_type", loadType);
        failure.ifPresent(e -> line.addKeyValue("error_class", e.getClass().getSimpleName())
                .addKeyValue("error", ExtractCli.oneLine(e)));
        line.log();
    }
}
