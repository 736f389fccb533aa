package dev.saasextract.faults;

import java.util.concurrent.atomic.AtomicLong;

/** What the suite survived, summed over its scenarios; losses and duplicates come from the comparisons. */
final class FaultTally {
    private final AtomicLong scenarios = new AtomicLong();
    private final AtomicLong kills = new AtomicLong();
    private final AtomicLong injected = new AtomicLong();
    private final AtomicLong rowsCompared = new AtomicLong();
    private final AtomicLong losses = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();

    void scenario() {
        scenarios.incrementAndGet();
    }

    void killed() {
        kills.incrementAndGet();
    }

    void injected() {
        injected.incrementAndGet();
    }

    /** Losses are keys missing or holding other values; duplicates are extra rows of a key or keys not in the source. */
    void compared(Reconciliation reconciliation) {
        rowsCompared.addAndGet(reconciliation.source().rows());
        losses.addAndGet(reconciliation.losses() + reconciliation.mismatches());
        duplicates.addAndGet(reconciliation.duplicates() + reconciliation.extras());
    }

    long losses() {
        return losses.get();
    }

    long duplicates() {
        return duplicates.get();
    }

    String summary() {
        return "fault-injection: scenarios=" + scenarios + " kills=" + kills + " injected=" + injected
                + " rows_compared=" + rowsCompared + " losses=" + losses + " duplicates=" + duplicates;
    }
}
