package dev.saasextract.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReplicaFreshnessTest {
    private static final Instant NOW = Instant.parse("2026-11-27T08:00:00Z");

    @Test
    void onlyAReplicaMoreThanTwelveHoursBehindIsTooStale() {
        assertEquals(Optional.empty(), ReplicaFreshness.excessiveLag(Optional.empty(), NOW), "a primary is current");
        assertEquals(Optional.empty(), ReplicaFreshness.excessiveLag(Optional.of(NOW.minus(Duration.ofHours(12))), NOW));
        assertEquals(Optional.of(Duration.ofHours(12).plusSeconds(1)),
                ReplicaFreshness.excessiveLag(Optional.of(NOW.minus(Duration.ofHours(12)).minusSeconds(1)), NOW));
    }
}
