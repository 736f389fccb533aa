package dev.saasextract.retry;

import java.time.Duration;

/** Waits between attempts; tests pass one that does not sleep (or that heals the fault it waits for). */
@FunctionalInterface
public interface Sleeper {
    Sleeper REAL = duration -> Thread.sleep(duration.toMillis());

    void sleep(Duration duration) throws InterruptedException;
}
