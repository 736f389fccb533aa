package dev.saasextract.retry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RetrierTest {
    private static final RetryPolicy POLICY = new RetryPolicy(4, Duration.ofMillis(100), Duration.ofMillis(250));

    private final List<Duration> waits = new ArrayList<>();
    private final Retrier retrier = new Retrier(POLICY, SqlFailures::isTransient, waits::add, new SplittableRandom(7));

    private static RuntimeException failure(String sqlState) {
        return new IllegalStateException("source Postgres: failed\nDETAIL: more", new SQLException("x", sqlState));
    }

    @Test
    void aTransientFailureIsRetriedWithJitteredWaitsWithinTheCaps() {
        List<Integer> attempts = new ArrayList<>();
        String result = retrier.call("reading", attempt -> {
            attempts.add(attempt);
            if (attempt < 3) {
                throw failure("57P01");
            }
            return "done";
        });
        assertEquals("done", result);
        assertEquals(List.of(1, 2, 3), attempts);
        assertEquals(2, waits.size());
        assertTrue(waits.get(0).toMillis() <= 100 && waits.get(1).toMillis() <= 200, waits.toString());
    }

    @Test
    void aPermanentFailureIsRethrownUnchangedAfterOneAttempt() {
        RuntimeException syntax = failure("42601");
        List<Integer> attempts = new ArrayList<>();
        RuntimeException thrown = assertThrows(RuntimeException.class, () -> retrier.call("reading", attempt -> {
            attempts.add(attempt);
            throw syntax;
        }));
        assertSame(syntax, thrown);
        assertEquals(List.of(1), attempts);
        assertEquals(List.of(), waits);
    }

    @Test
    void afterMaxAttemptsTheLastFailureIsReportedOnOneLineWithTheCount() {
        List<Integer> attempts = new ArrayList<>();
        RetriesExhaustedException thrown = assertThrows(RetriesExhaustedException.class,
                () -> retrier.call("reading", attempt -> {
                    attempts.add(attempt);
                    throw failure("57014");
                }));
        assertEquals(List.of(1, 2, 3, 4), attempts);
        assertEquals(3, waits.size());
        waits.forEach(wait -> assertTrue(wait.toMillis() <= 250, waits.toString()));
        assertEquals(4, thrown.attempts());
        assertEquals("source Postgres: failed DETAIL: more (gave up after 4 attempts)", thrown.getMessage());
        assertFalse(thrown.getMessage().contains("\n"));
    }

    @Test
    void underAPolicyOfOneAttemptATransientFailureIsRethrownUnchanged() {
        Retrier once = new Retrier(RetryPolicy.NONE, SqlFailures::isTransient, waits::add, new SplittableRandom(1));
        RuntimeException lost = failure("08006");
        assertSame(lost, assertThrows(RuntimeException.class, () -> once.call("reading", attempt -> {
            throw lost;
        })));
        assertEquals(List.of(), waits);
    }

    @Test
    void anInterruptWhileWaitingEndsTheRetriesWithTheFailure() {
        Retrier interrupted = new Retrier(POLICY, SqlFailures::isTransient, wait -> {
            throw new InterruptedException();
        }, new SplittableRandom(1));
        RuntimeException lost = failure("08006");
        try {
            RuntimeException thrown = assertThrows(RuntimeException.class, () -> interrupted.call("reading", attempt -> {
                throw lost;
            }));
            assertSame(lost, thrown);
            assertTrue(Thread.currentThread().isInterrupted());
        } finally {
            Thread.interrupted();
        }
    }
}
