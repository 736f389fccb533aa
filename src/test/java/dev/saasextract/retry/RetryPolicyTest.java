package dev.saasextract.retry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    private final RetryPolicy policy = new RetryPolicy(10, Duration.ofMillis(100), Duration.ofSeconds(2));

    @Test
    void theCapDoublesFromTheInitialDelayUpToTheMaximum() {
        assertEquals(Duration.ofMillis(100), policy.delayCap(1));
        assertEquals(Duration.ofMillis(200), policy.delayCap(2));
        assertEquals(Duration.ofMillis(1600), policy.delayCap(5));
        assertEquals(Duration.ofSeconds(2), policy.delayCap(6));
        assertEquals(Duration.ofSeconds(2), policy.delayCap(64));
        assertEquals(Duration.ofSeconds(2), policy.delayCap(Integer.MAX_VALUE));
    }

    @Test
    void fullJitterStaysWithinZeroAndTheCapAndReachesBothEnds() {
        SplittableRandom random = new SplittableRandom(42);
        for (int retry = 1; retry <= 8; retry++) {
            long cap = policy.delayCap(retry).toMillis();
            long min = Long.MAX_VALUE;
            long max = Long.MIN_VALUE;
            for (int draw = 0; draw < 20_000; draw++) {
                long delay = policy.delay(retry, random).toMillis();
                min = Math.min(min, delay);
                max = Math.max(max, delay);
            }
            assertTrue(min >= 0 && max <= cap, "retry " + retry + ": [" + min + ", " + max + "] within [0, " + cap + "]");
            assertTrue(min <= cap / 20 && max >= cap - cap / 20, "retry " + retry + " spreads over [0, " + cap
                    + "]: [" + min + ", " + max + "]");
        }
    }

    @Test
    void aPolicyWithoutDelayNeverWaits() {
        assertEquals(Duration.ZERO, RetryPolicy.NONE.delay(1, new SplittableRandom(1)));
    }

    @Test
    void nonsenseIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO));
        assertThrows(IllegalArgumentException.class,
                () -> new RetryPolicy(3, Duration.ofSeconds(2), Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> policy.delayCap(0));
    }
}
