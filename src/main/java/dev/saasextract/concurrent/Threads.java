package dev.saasextract.concurrent;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * What the tool's own threads (COPY readers, file publishers, the warehouse opened ahead, …) need that {@link Thread}
 * does not offer. They are all daemons, named for thread dumps and logs, so that none keeps a failed run's JVM alive.
 */
public final class Threads {

    private Threads() {
    }

    /** A factory of daemon threads called {@code name}, for an executor. */
    public static ThreadFactory daemon(String name) {
        return task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Starts {@code task} on a new daemon thread called {@code name}. */
    public static Thread startDaemon(String name, Runnable task) {
        Thread thread = daemon(name).newThread(task);
        thread.start();
        return thread;
    }

    /** Waits for {@code thread} to end, even if the caller is interrupted meanwhile; its interrupt status is kept. */
    public static void joinUninterruptibly(Thread thread) {
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Waits for {@code executor}, already shut down, to run its last task to the end, even if the caller is interrupted
     * meanwhile (a stopped export must not return while one of its files is still being recorded); runs
     * {@code stillWaiting} after every {@code period} it waited in vain. The caller's interrupt status is kept.
     */
    public static void awaitTerminationUninterruptibly(ExecutorService executor, Duration period,
            Runnable stillWaiting) {
        boolean interrupted = false;
        while (true) {
            try {
                if (executor.awaitTermination(period.toNanos(), TimeUnit.NANOSECONDS)) {
                    break;
                }
                stillWaiting.run();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
