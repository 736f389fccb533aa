package dev.saasextract.concurrent;

import java.util.concurrent.ThreadFactory;

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
}
