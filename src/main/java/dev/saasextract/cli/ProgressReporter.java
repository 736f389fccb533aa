package dev.saasextract.cli;

import static java.util.Objects.requireNonNull;

import dev.saasextract.concurrent.Threads;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A daemon thread that shows the export's progress every {@code period} until closed. Close it at the end of the
 * run, also when the run fails: it stops the thread and leaves the terminal clean.
 */
final class ProgressReporter implements AutoCloseable {
    static final String THREAD_NAME = "extract-progress";
    private static final Logger LOG = LoggerFactory.getLogger(ProgressReporter.class);
    private static final long STOP_WAIT_SECONDS = 5;

    private final Supplier<Optional<ProgressSnapshot>> progress;
    private final ProgressDisplay display;
    private final ScheduledExecutorService timer;

    private ProgressReporter(Supplier<Optional<ProgressSnapshot>> progress, ProgressDisplay display) {
        this.progress = requireNonNull(progress, "progress is null");
        this.display = requireNonNull(display, "display is null");
        this.timer = Executors.newSingleThreadScheduledExecutor(Threads.daemon(THREAD_NAME));
    }

    static ProgressReporter start(Supplier<Optional<ProgressSnapshot>> progress, ProgressDisplay display,
            Duration period) {
        ProgressReporter reporter = new ProgressReporter(progress, display);
        long millis = period.toMillis();
        reporter.timer.scheduleAtFixedRate(reporter::tick, millis, millis, TimeUnit.MILLISECONDS);
        return reporter;
    }

    /** One tick; a failure to show progress is logged and the next tick tries again, the run goes on. */
    private void tick() {
        try {
            progress.get().ifPresentOrElse(display::show, display::idle);
        } catch (RuntimeException e) {
            LOG.warn("cannot show the export's progress: {}", e.toString(), e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            if (!timer.awaitTermination(STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
                LOG.warn("the progress thread did not stop within {} s", STOP_WAIT_SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        display.close();
    }
}
