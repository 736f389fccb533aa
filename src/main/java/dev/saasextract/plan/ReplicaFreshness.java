package dev.saasextract.plan;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * GitLab's {@code check_replica_snapshot}: a source replica whose data is more than 12 hours old is not read for a
 * snapshot, which would append it as the table's current state. (Loads by date need no such check: their window ends
 * where the replica's data does.)
 */
public final class ReplicaFreshness {
    public static final Duration MAX_LAG = Duration.ofHours(12);

    private ReplicaFreshness() {
    }

    /**
     * How far behind {@code now} a source whose data reaches {@code replicaTime} is, when that is more than
     * {@link #MAX_LAG}; empty for a primary (no replica time) or a replica close enough.
     */
    public static Optional<Duration> excessiveLag(Optional<Instant> replicaTime, Instant now) {
        requireNonNull(now, "now is null");
        return replicaTime.map(time -> Duration.between(time, now)).filter(lag -> lag.compareTo(MAX_LAG) > 0);
    }
}
