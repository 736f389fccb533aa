package dev.saasextract.status;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Where one table's newest export stands, as {@code extract status} shows it.
 *
 * @param state        {@code running} (unfinished, resumable), {@code stale} (unfinished, over 26 h old) or {@code completed}
 * @param rows         rows staged by the newest load so far
 * @param percentOfMax how far the last extracted key is towards the load's max key
 * @param rowsPerSecond rows staged per second of the load's wall time so far
 * @param eta          estimated time to finish from the key progress, when running
 */
public record ExportStatus(String table, String load, String state, Instant initialLoadStartDate, Instant lastUpload,
        String lastFile, long rows, long lastExtractedId, long maxId, double percentOfMax, double rowsPerSecond,
        Optional<Duration> eta) {
}
