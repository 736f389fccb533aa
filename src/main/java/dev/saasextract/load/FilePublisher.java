package dev.saasextract.load;

import static java.util.Objects.requireNonNull;

import dev.saasextract.concurrent.Threads;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the chunk files of one key range (the Parquet footer, the upload, the metadata row) on a thread of its
 * own, so that the upload of chunk k overlaps the read of chunk k+1. At most one file is publishing at a time and
 * each waits for the one before, so files are recorded in key order: a run killed at any point resumes after the last
 * recorded chunk, and a file whose publishing failed is never followed by a recorded later one.
 *
 * <p>Used by the one thread that exports the range.
 */
final class FilePublisher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FilePublisher.class);
    private static final Duration WAIT_LOG_PERIOD = Duration.ofSeconds(10);

    private final String target;
    private final ExecutorService thread;
    private Future<?> publishing = CompletableFuture.completedFuture(null);

    FilePublisher(String target, String threadName) {
        this.target = requireNonNull(target, "target is null");
        this.thread = Executors.newSingleThreadExecutor(Threads.daemon(threadName));
    }

    /**
     * Waits until the previous file is published, then starts {@code publishing} the next; if the previous one
     * failed, runs {@code discard} instead (the next file is not to be published after a gap) and throws that failure.
     */
    void publish(Runnable publishing, Runnable discard) {
        try {
            awaitPrevious();
        } catch (RuntimeException | Error e) {
            discard.run();
            throw e;
        }
        this.publishing = thread.submit(LogContext.carried(publishing));
    }

    /** Waits until the file being published, if any, is recorded; rethrows its failure as it was thrown. */
    void awaitPrevious() {
        try {
            publishing.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("table " + target + ": interrupted while a chunk file was publishing");
        } catch (ExecutionException e) {
            publishing = CompletableFuture.completedFuture(null); // thrown here, so not logged again by close()
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException("table " + target + ": publishing a chunk file failed", e.getCause());
        }
    }

    /**
     * Lets a file that is publishing finish (once uploaded it is worth recording, also when the export stops for
     * another reason), then ends the thread; also when the caller was interrupted, so that no file is recorded after
     * the export returned. A failure nobody awaited any more, because the export already stopped for another, is
     * logged: its chunk is read again by the next run.
     */
    @Override
    public void close() {
        thread.shutdown();
        Threads.awaitTerminationUninterruptibly(thread, WAIT_LOG_PERIOD,
                () -> LOG.info("table {}: waiting for a chunk file to finish uploading", target));
        try {
            publishing.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            LOG.warn("table {}: a chunk file was not published: {}", target, e.getCause().toString());
        }
    }
}
