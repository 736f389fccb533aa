package dev.saasextract.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * extract.yaml's {@code retry} section: how often a transient source, metadata or warehouse failure is attempted in
 * all, and the backoff before retry n, drawn from {@code [0, min(maxBackoff, initialBackoff * 2^(n-1))]}.
 */
public record RetrySettings(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {

    static final int MAX_ATTEMPTS = 100;
    static final Duration MAX_BACKOFF = Duration.ofHours(1);

    /** Five attempts over about half a minute, as {@code RetryPolicy.DEFAULT}. */
    public static final RetrySettings DEFAULT = new RetrySettings(5, Duration.ofSeconds(1), Duration.ofSeconds(30));

    public RetrySettings {
        requireNonNull(initialBackoff, "initialBackoff is null");
        requireNonNull(maxBackoff, "maxBackoff is null");
        if (maxAttempts < 1 || maxAttempts > MAX_ATTEMPTS) {
            throw new IllegalArgumentException("maxAttempts must be 1 to " + MAX_ATTEMPTS + ", got " + maxAttempts);
        }
        if (initialBackoff.isNegative() || initialBackoff.compareTo(maxBackoff) > 0
                || maxBackoff.compareTo(MAX_BACKOFF) > 0) {
            throw new IllegalArgumentException("need 0 <= initialBackoff <= maxBackoff <= " + MAX_BACKOFF + ", got "
                    + initialBackoff + " and " + maxBackoff);
        }
    }
}
