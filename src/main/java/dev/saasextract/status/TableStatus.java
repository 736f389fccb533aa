package dev.saasextract.status;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where one manifest table stands, as {@code extract status} shows it.
 *
 * @param key         the manifest key
 * @param target      the warehouse table
 * @param state       {@code never loaded} (no export recorded), {@code stale} (an unfinished export will start over:
 *                    over 26 h old, left by GitLab's pipeline, or chunked by another key or selecting other rows
 *                    than the manifest's), {@code running} (an unfinished export will resume), else {@code loaded}
 * @param runActive   whether a run holds the table's writer lock (or a shard lock) now: an unfinished export without
 *                    one is waiting for the next run
 * @param lastSuccess when the newest completed backfill or incremental load finished
 * @param lag         how far the warehouse is behind the data the source has: the replica's time (the clock on a
 *                    primary) minus {@link #lastSuccess}; empty when never loaded or the source could not be asked
 * @param exports     the newest export of each kind (backfill, incremental, deletes)
 */
public record TableStatus(String key, String target, String state, boolean runActive,
        Optional<Instant> lastSuccess, Optional<Duration> lag, List<ExportStatus> exports) {
    public static final String NEVER_LOADED = "never loaded";
    public static final String STALE = "stale";
    public static final String RUNNING = "running";
    public static final String LOADED = "loaded";

    public TableStatus {
        requireNonNull(key, "key is null");
        requireNonNull(target, "target is null");
        requireNonNull(state, "state is null");
        requireNonNull(lastSuccess, "lastSuccess is null");
        requireNonNull(lag, "lag is null");
        exports = List.copyOf(exports);
    }

    /**
     * Sums up a table's exports. {@code dataReach} is how far the source's data reaches (empty when unknown); a lag
     * is never negative, as a load may finish after the replica time it was compared with.
     */
    public static TableStatus of(String key, String target, List<ExportStatus> exports, boolean runActive,
            Optional<Instant> lastSuccess, Optional<Instant> dataReach) {
        String state = exports.isEmpty() ? NEVER_LOADED
                : exports.stream().anyMatch(e -> e.state().equals(STALE)) ? STALE
                : exports.stream().anyMatch(e -> e.state().equals(RUNNING)) ? RUNNING
                : LOADED;
        Optional<Duration> lag = lastSuccess.flatMap(success -> dataReach.map(reach ->
                reach.isAfter(success) ? Duration.between(success, reach) : Duration.ZERO));
        return new TableStatus(key, target, state, runActive, lastSuccess, lag, exports);
    }
}
