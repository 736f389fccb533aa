package dev.saasextract.cli;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Ends the log of a table run stopped by SIGTERM or SIGINT (a pod evicted or deleted, Ctrl-C) with its summary line,
 * as a failed run's: otherwise the log just stops mid-export and reads like a hang. Whichever comes first, the run's
 * own summary or the signal's, is the one logged.
 */
final class SummaryOnSignal implements AutoCloseable {
    private final AtomicBoolean summarized = new AtomicBoolean();
    private final Thread hook;

    private SummaryOnSignal(Supplier<RunSummary> terminated) {
        this.hook = new Thread(() -> {
            if (claim()) {
                Logging.silenceAllBut(RunSummary.class);
                terminated.get().log();
            }
        }, "saas-extract-signal-summary");
    }

    static SummaryOnSignal register(Supplier<RunSummary> terminated) {
        SummaryOnSignal onSignal = new SummaryOnSignal(terminated);
        Runtime.getRuntime().addShutdownHook(onSignal.hook);
        return onSignal;
    }

    /** True for the first caller only: the run's own summary asks before it logs, and so does the signal's. */
    boolean claim() {
        return summarized.compareAndSet(false, true);
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs, or has run; it logs nothing once the run's summary claimed the line
        }
    }
}
