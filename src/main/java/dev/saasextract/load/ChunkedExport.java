package dev.saasextract.load;

import dev.saasextract.concurrent.Threads;
import dev.saasextract.errors.InvalidInputException;
import dev.saasextract.plan.KeyRange;
import dev.saasextract.plan.RangeProgress;
import java.io.InterruptedIOException;
import java.nio.channels.ClosedByInterruptException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Streams a source query into Parquet files of about {@code chunkRows} rows each, cut on key order at key-value
 * boundaries, and writes one metadata row after every staged file, so an interrupted export resumes after the last
 * recorded key. Used by backfills, incremental-by-id loads and the deletes key export.
 *
 * <p>A ranged load runs one such chunk loop per key range, several at once, each resuming on its own.
 */
final class ChunkedExport {
    private static final Logger LOG = LoggerFactory.getLogger(ChunkedExport.class);

    private final ExportParts parts;

    ChunkedExport(ExportParts parts) {
        this.parts = parts;
    }

    /** Exports the keys after the request's start up to the source's current max key as one range. */
    StagedExport run(ExportRequest request) {
        Instant started = parts.clock().instant();
        OptionalLong max = parts.source().maxKey(request.baseQuery(), request.spec().primaryKey());
        OptionalLong after = request.startAfter();
        AtomicLong rows = new AtomicLong();
        parts.listener().exportStarting(new ExportProgress(request.spec().target(), null, 0, 0, after, max,
                Duration.ZERO, true));
        if (max.isPresent()) {
            after = chunkLoop(request, after, max.getAsLong(), max.getAsLong(), OptionalInt.empty(), started, rows);
        }
        StagedExport staged = parts.files().recorded(request, max.orElse(0));
        parts.listener().exportStaged(new ExportProgress(request.spec().target(), null, 0, rows.get(), after, max,
                Duration.between(started, parts.clock().instant()), true));
        return staged;
    }

    /**
     * Exports the unfinished ones of {@code ranges} (each from where its recorded progress ends) on up to
     * {@code threads} threads, then returns every file the load has recorded, of all its ranges. The first range to
     * fail stops the others after their current chunk and is rethrown.
     */
    StagedExport runRanges(ExportRequest request, RangedLoad load, List<KeyRange> ranges, RangeProgress progress,
            int threads) {
        String target = request.spec().target();
        Instant started = parts.clock().instant();
        OptionalLong max = OptionalLong.of(load.maxKey());
        List<KeyRange> todo = ranges.stream().filter(range -> !progress.isFinished(range)).toList();
        AtomicLong rows = new AtomicLong();
        parts.listener().exportStarting(new ExportProgress(target, null, 0, 0, OptionalLong.empty(), max,
                Duration.ZERO, true));
        if (!todo.isEmpty()) {
            ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, todo.size()),
                    Threads.daemon(target.toLowerCase(Locale.ROOT) + "-range"));
            List<Future<KeyRange>> submitted = new ArrayList<>();
            try {
                CompletionService<KeyRange> done = new ExecutorCompletionService<>(pool);
                Map<String, String> logContext = LogContext.ofThisThread();
                for (KeyRange range : todo) {
                    submitted.add(done.submit(() -> {
                        MDC.setContextMap(logContext);
                        Thread.currentThread().setName(target.toLowerCase(Locale.ROOT) + "-range-" + range.index());
                        try {
                            chunkLoop(request, progress.resumeAfter(range), range.upperInclusive(), load.maxKey(),
                                    OptionalInt.of(range.index()), started, rows);
                        } catch (InvalidInputException | CancellationException e) {
                            throw e;
                        } catch (RuntimeException e) {
                            throw new RangeExportException(target, range, e);
                        }
                        return range;
                    }));
                }
                for (int i = 0; i < todo.size(); i++) {
                    awaitNext(done, target);
                }
            } catch (RuntimeException | Error first) {
                stop(pool, target);
                logOtherFailures(submitted, first, target);
                throw first;
            } finally {
                stop(pool, target);
            }
        }
        StagedExport staged = parts.files().recorded(request, load.maxKey());
        parts.listener().exportStaged(new ExportProgress(target, null, 0, rows.get(), OptionalLong.of(staged.lastKey()),
                max, Duration.between(started, parts.clock().instant()), true));
        return staged;
    }

    /**
     * Stages the keys in {@code (after, upper]} chunk by chunk, each read again after a transient failure
     * ({@link ChunkAttempts}) and published while the next one is read ({@link FilePublisher}); returns the last key
     * staged. A chunk without rows
     * (a range whose keys are all gone or filtered) leaves no file, only a progress row, so the range reads as done.
     */
    private OptionalLong chunkLoop(ExportRequest request, OptionalLong after, long upper, long maxKey,
            OptionalInt range, Instant started, AtomicLong rows) {
        String target = request.spec().target();
        ChunkAttempts attempts = new ChunkAttempts(parts.source(), parts.files(), parts.chunkRows());
        String publisherName = target.toLowerCase(Locale.ROOT) + "-publish"
                + (range.isPresent() ? "-" + range.getAsInt() : "");
        try (FilePublisher publisher = new FilePublisher(target, publisherName)) {
            while (after.isEmpty() || after.getAsLong() < upper) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new CancellationException("table " + target + ": export stopped after another range failed");
                }
                ChunkAttempts.Chunk chunk = attempts.read(request, after, upper, range);
                StagedFiles.File file = chunk.file();
                long chunkUpper = chunk.upper();
                after = OptionalLong.of(chunkUpper);
                if (file.rows() == 0 && range.isPresent()) {
                    file.abort();
                    publisher.awaitPrevious();
                    parts.files().recordProgress(request, range, chunkUpper, maxKey);
                    continue;
                }
                OptionalLong staged = after;
                // a range's progress must reach its upper bound to read as finished; a single range's names its rows
                long recordedKey = range.isPresent() ? chunkUpper : chunk.lastKey();
                publisher.publish(() -> {
                    file.finish(recordedKey, maxKey);
                    long total = rows.addAndGet(file.rows());
                    parts.listener().chunkStaged(new ExportProgress(target, file.key(), file.rows(), total, staged,
                            OptionalLong.of(maxKey), Duration.between(started, parts.clock().instant()), true));
                }, file::abort);
            }
            publisher.awaitPrevious();
        }
        return after;
    }

    /** Waits for the next range to end and rethrows its failure as it was thrown. */
    private static void awaitNext(CompletionService<KeyRange> done, String target) {
        try {
            done.take().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("table " + target + ": interrupted while exporting key ranges");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException("table " + target + ": a key range failed", e.getCause());
        }
    }

    /**
     * Logs what made other ranges fail while the first failure stopped them, unless it was that stop: two ranges can
     * fail for different reasons, and the run's one error line names only the first.
     */
    static void logOtherFailures(List<Future<KeyRange>> ranges, Throwable first, String target) {
        for (Future<KeyRange> range : ranges) {
            if (!range.isDone() || range.isCancelled()) {
                continue; // never started: shutdownNow took it off the queue
            }
            try {
                range.get();
            } catch (ExecutionException e) {
                Throwable failure = e.getCause();
                if (failure != first && !causedByTheStop(failure)) {
                    LOG.warn("table {}: another key range failed too: {}", target, failure.getMessage());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static boolean causedByTheStop(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof CancellationException || t instanceof InterruptedException
                    || t instanceof InterruptedIOException || t instanceof ClosedByInterruptException) {
                return true;
            }
        }
        return false;
    }

    /** Interrupts the other ranges and waits until none writes any more. */
    private static void stop(ExecutorService pool, String target) {
        pool.shutdownNow();
        Threads.awaitTerminationUninterruptibly(pool, Duration.ofSeconds(10),
                () -> LOG.info("table {}: waiting for the other key ranges to finish their current chunk", target));
    }
}
