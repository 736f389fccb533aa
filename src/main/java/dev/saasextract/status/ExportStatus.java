package dev.saasextract.status;

import dev.saasextract.plan.ResumeObstacle;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * Where one table's newest export stands, as {@code extract status} shows it.
 *
 * @param state        {@code running} (unfinished, resumable), {@code stale} (unfinished, will start over: over 26 h
 *                     old, left by GitLab's pipeline, or chunked by another key or selecting other rows than the
 *                     manifest's) or {@code completed}
 * @param rows         rows staged by the newest load so far
 * @param maxId        the load's max key; empty for a load that streams one query and knows no max key (a regular
 *                     load by date or a snapshot, which records 0)
 * @param percentOfMax how far the last extracted key is towards the load's max key; for a load split into key
 *                     ranges, the share of the key span its ranges have covered; empty without a max key
 * @param rowsPerSecond rows staged per second of the load's wall time so far
 * @param eta          estimated time to finish from the key progress, when running
 * @param ranges       how many key ranges the load is split into ({@code --parallel}, {@code --shard}); 0 when it
 *                     is exported as a single range
 * @param rangesDone   how many of them are finished
 * @param staleBecause why a {@code stale} export starts over; empty for the other states
 */
public record ExportStatus(String table, String load, String state, Instant initialLoadStartDate, Instant lastUpload,
        String lastFile, long rows, long lastExtractedId, OptionalLong maxId, OptionalDouble percentOfMax,
        double rowsPerSecond, Optional<Duration> eta, int ranges, int rangesDone, Optional<ResumeObstacle> staleBecause) {
}
