package dev.saasextract.faults;

import dev.saasextract.checkpoint.Checkpoint;
import dev.saasextract.checkpoint.Checkpoints;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the checkpoints a run passes and, when armed, throws {@link InjectedFault} at the k-th one, once. One injector
 * serves every part of a rig (load, warehouse, staging), re-armed before each run; safe for a parallel export's threads.
 */
final class FaultInjector implements Checkpoints {
    /** Not a {@link Checkpoint}: the staging decorator of the rig reports it after each deleted file. */
    static final String FILE_PURGED = "FILE_PURGED";

    private final AtomicInteger hits = new AtomicInteger();
    private final Map<String, AtomicInteger> hitsByPoint = new ConcurrentHashMap<>();
    private volatile int failAt;
    private volatile String failAtPoint;
    private volatile String firedAt;
    private volatile Set<String> slowPoints = Set.of();
    private volatile long slowMillis;

    /** Counts from zero and throws at the {@code hit}-th checkpoint of the next run. */
    void arm(int hit) {
        reset();
        failAt = hit;
    }

    /** Counts from zero and throws at the first time the next run passes {@code point}. */
    void arm(String point) {
        reset();
        failAtPoint = point;
    }

    /**
     * From now until the next arm or disarm, every pass of one of {@code points} first takes {@code millis} (a slow
     * upload, say), which widens the windows races hide in.
     */
    void slowDown(long millis, String... points) {
        slowPoints = Set.of(points);
        slowMillis = millis;
    }

    /** Counts from zero and never throws. */
    void disarm() {
        reset();
    }

    private void reset() {
        hits.set(0);
        hitsByPoint.clear();
        failAt = 0;
        failAtPoint = null;
        firedAt = null;
        slowPoints = Set.of();
    }

    @Override
    public void reached(Checkpoint point) {
        hit(point.name());
    }

    void hit(String point) {
        if (slowPoints.contains(point)) {
            pause(slowMillis);
        }
        hitsByPoint.computeIfAbsent(point, p -> new AtomicInteger()).incrementAndGet();
        int hit = hits.incrementAndGet();
        if (hit == failAt || point.equals(failAtPoint)) {
            failAtPoint = null;
            firedAt = point;
            throw new InjectedFault(point, hit);
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    int hits() {
        return hits.get();
    }

    /** Where the armed fault fired, or null when the run passed fewer checkpoints. */
    String firedAt() {
        return firedAt;
    }

    /** How often each checkpoint was passed since the last arm or disarm, by name. */
    Map<String, Integer> hitsByPoint() {
        Map<String, Integer> counts = new TreeMap<>();
        hitsByPoint.forEach((point, count) -> counts.put(point, count.get()));
        return counts;
    }
}
