package dev.saasextract.retry;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an action again after a transient failure, waiting as its {@link RetryPolicy} says; a permanent failure is
 * rethrown at once and unchanged. When the attempts run out, the last failure is rethrown inside a
 * {@link RetriesExhaustedException} that says how many attempts were made.
 */
public final class Retrier {
    private static final Logger LOG = LoggerFactory.getLogger(Retrier.class);
    /** Key ranges retry on several threads at once; each draws from its own thread's generator. */
    private static final RandomGenerator THREAD_LOCAL_RANDOM = () -> ThreadLocalRandom.current().nextLong();

    /** One attempt; {@code attempt} counts from 1, so an action can adapt (e.g. read less) on later attempts. */
    @FunctionalInterface
    public interface Attempt<T> {
        T run(int attempt);
    }

    private final RetryPolicy policy;
    private final Predicate<Throwable> isTransient;
    private final Sleeper sleeper;
    private final RandomGenerator random;

    public Retrier(RetryPolicy policy, Predicate<Throwable> isTransient, Sleeper sleeper, RandomGenerator random) {
        this.policy = requireNonNull(policy, "policy is null");
        this.isTransient = requireNonNull(isTransient, "isTransient is null");
        this.sleeper = requireNonNull(sleeper, "sleeper is null");
        this.random = requireNonNull(random, "random is null");
    }

    /** Database calls under {@link RetryPolicy#DEFAULT}, classified by {@link SqlFailures}, really sleeping. */
    public static Retrier forSql() {
        return forSql(RetryPolicy.DEFAULT, Sleeper.REAL);
    }

    public static Retrier forSql(RetryPolicy policy, Sleeper sleeper) {
        return new Retrier(policy, SqlFailures::isTransient, sleeper, THREAD_LOCAL_RANDOM);
    }

    /** Warehouse calls, classified by {@link WarehouseFailures} (Snowflake's driver codes, then the SQLSTATE). */
    public static Retrier forWarehouse(RetryPolicy policy, Sleeper sleeper) {
        return new Retrier(policy, WarehouseFailures::isTransient, sleeper, THREAD_LOCAL_RANDOM);
    }

    /** Any other calls, whose {@code isTransient} says which failures are worth another attempt. */
    public static Retrier of(RetryPolicy policy, Predicate<Throwable> isTransient, Sleeper sleeper) {
        return new Retrier(policy, isTransient, sleeper, THREAD_LOCAL_RANDOM);
    }

    public RetryPolicy policy() {
        return policy;
    }

    /**
     * Runs {@code action} until it succeeds, fails permanently or has failed {@code maxAttempts} times.
     *
     * @param what names what is retried in the log line, which goes on with the failure's own message
     * @throws RetriesExhaustedException when every attempt failed transiently (the failure itself under a policy of
     *                                   one attempt)
     */
    public <T> T call(String what, Attempt<T> action) {
        for (int attempt = 1; ; attempt++) {
            try {
                return action.run(attempt);
            } catch (RuntimeException failure) {
                if (!isTransient.test(failure)) {
                    throw failure;
                }
                if (attempt == policy.maxAttempts()) {
                    throw attempt == 1 ? failure : new RetriesExhaustedException(attempt, failure);
                }
                Duration delay = policy.delay(attempt, random);
                LOG.warn("{}: attempt {} of {} failed, retrying in {} ms: {}", what, attempt, policy.maxAttempts(),
                        delay.toMillis(), RetriesExhaustedException.oneLine(failure));
                pause(delay, failure);
            }
        }
    }

    /** An interrupt while waiting (another range failed, the run is stopping) ends the retries with the failure. */
    private void pause(Duration delay, RuntimeException failure) {
        try {
            sleeper.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure.addSuppressed(e);
            throw failure;
        }
    }
}
