package dev.saasextract.retry;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * How often and how patiently a transient failure is retried: at most {@code maxAttempts} attempts in all, and before
 * retry {@code n} a wait drawn uniformly from {@code [0, min(maxDelay, initialDelay * 2^(n-1))]} ("full jitter"), so
 * that readers failing together do not come back together.
 */
public record RetryPolicy(int maxAttempts, Duration initialDelay, Duration maxDelay) {

    /** Five attempts over about half a minute: long enough for a failover or a restart, short enough for Airflow. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(5, Duration.ofSeconds(1), Duration.ofSeconds(30));

    /** A single attempt: failures are never retried. */
    public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO, Duration.ZERO);

    public RetryPolicy {
        requireNonNull(initialDelay, "initialDelay is null");
        requireNonNull(maxDelay, "maxDelay is null");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
        }
        if (initialDelay.isNegative() || maxDelay.compareTo(initialDelay) < 0) {
            throw new IllegalArgumentException("need 0 <= initialDelay <= maxDelay, got " + initialDelay + " and "
                    + maxDelay);
        }
    }

    /** The longest wait before retry {@code retry} (1 for the first retry). */
    public Duration delayCap(int retry) {
        if (retry < 1) {
            throw new IllegalArgumentException("retry numbers start at 1, got " + retry);
        }
        // Past 2^62 the doubling overflows; the cap has long been reached by then.
        int doublings = Math.min(retry - 1, 62);
        long millis = initialDelay.toMillis();
        if (millis > maxDelay.toMillis() >> doublings) {
            return maxDelay;
        }
        return Duration.ofMillis(millis << doublings);
    }

    /** The wait before retry {@code retry}, uniformly in {@code [0, delayCap(retry)]}. */
    public Duration delay(int retry, RandomGenerator random) {
        long cap = delayCap(retry).toMillis();
        return Duration.ofMillis(cap == 0 ? 0 : random.nextLong(cap + 1));
    }
}
