package dev.saasextract.load;

import java.util.Map;
import org.slf4j.MDC;

/**
 * The log context (slf4j's MDC: the run's table and load type) of the thread that starts work, carried to the threads
 * that do it — range readers, publishers, the progress timer — so that their JSON log lines name the same table and
 * load type.
 */
public final class LogContext {

    private LogContext() {
    }

    /** The current thread's context; empty when it has none. */
    public static Map<String, String> ofThisThread() {
        Map<String, String> context = MDC.getCopyOfContextMap();
        return context == null ? Map.of() : Map.copyOf(context);
    }

    /** Runs {@code task} with {@code context} as this thread's log context, and clears it afterwards. */
    public static void runWith(Map<String, String> context, Runnable task) {
        MDC.setContextMap(context);
        try {
            task.run();
        } finally {
            MDC.clear();
        }
    }

    /** {@code task}, to run on another thread with the log context this thread has now. */
    static Runnable carried(Runnable task) {
        Map<String, String> context = ofThisThread();
        return () -> runWith(context, task);
    }
}
