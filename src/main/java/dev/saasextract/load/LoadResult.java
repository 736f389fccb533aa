package dev.saasextract.load;

/**
 * What a load did, for the run's summary line.
 *
 * @param action what ran, e.g. {@code backfill:start} or {@code skip}
 * @param rows   rows loaded into the warehouse
 * @param files  files loaded
 */
public record LoadResult(String table, String action, long rows, int files) {
}
