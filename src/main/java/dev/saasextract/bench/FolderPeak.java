package dev.saasextract.bench;

import dev.saasextract.concurrent.Threads;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The largest total size a folder reaches while watched. The extractor purges its staged files once the warehouse has
 * loaded them, so their size is only visible during the run: sampled every {@value #SAMPLE_MILLIS} ms, which is far
 * shorter than the warehouse load that separates the last staged file from the purge.
 */
final class FolderPeak implements AutoCloseable {
    private static final long SAMPLE_MILLIS = 50;

    private final Path folder;
    private final AtomicLong peak = new AtomicLong();
    private final AtomicLong samples = new AtomicLong();
    private final Thread sampler;
    private volatile boolean running = true;
    private volatile RuntimeException failure;

    FolderPeak(Path folder) {
        this.folder = folder;
        this.sampler = Threads.startDaemon("bench-folder-peak", this::sample);
    }

    private void sample() {
        try {
            while (running) {
                peak.accumulateAndGet(size(folder), Math::max);
                samples.incrementAndGet();
                Thread.sleep(SAMPLE_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            failure = e;
        }
    }

    static long size(Path folder) {
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            return files.mapToLong(FolderPeak::sizeIfPresent).sum();
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof NoSuchFileException) {
                return 0; // purged while walking; the peak was sampled before
            }
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot measure " + folder, e);
        }
    }

    private static long sizeIfPresent(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.size(file) : 0;
        } catch (NoSuchFileException e) {
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot measure " + file, e);
        }
    }

    /** The peak of the samples taken so far, and how many: a test waits on them rather than sleeping. */
    long peakSoFar() {
        return peak.get();
    }

    long samplesTaken() {
        return samples.get();
    }

    /** Stops watching and returns the peak. */
    long peakBytes() throws InterruptedException {
        close();
        if (failure != null) {
            throw failure;
        }
        return peak.get();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        sampler.interrupt();
        sampler.join();
    }
}
