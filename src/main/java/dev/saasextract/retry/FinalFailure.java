package dev.saasextract.retry;

/**
 * Marks a failure that must not be retried even when a transient one caused it: retries already ran out further in,
 * or what the attempt did cannot be undone by doing it again.
 */
public interface FinalFailure {
}
