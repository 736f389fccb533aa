package dev.saasextract.load;

import java.time.Duration;

/**
 * What a load did, for the run's summary line.
 *
 * @param action what ran, e.g. {@code backfill:start} or {@code skip}
 * @param rows   rows loaded into the warehouse
 * @param files  files loaded
 * @param took   how long the step took, once its caller has timed it ({@link #took(Duration)}); zero before
 */
public record LoadResult(String table, String action, long rows, int files, Duration took) {
    public LoadResult(String table, String action, long rows, int files) {
        this(table, action, rows, files, Duration.ZERO);
    }

    public LoadResult took(Duration duration) {
        return new LoadResult(table, action, rows, files, duration);
    }
}
