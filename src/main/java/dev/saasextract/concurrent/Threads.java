package dev.saasextract.concurrent;

/** What the tool's own threads (COPY readers, the warehouse opened ahead) need that {@link Thread} does not offer. */
public final class Threads {

    private Threads() {
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
