package dev.saasextract.load;

import static java.util.Objects.requireNonNull;

import dev.saasextract.plan.BackfillDecision;

/** Passes every event on to the next listener; a subclass overrides only the events it adds something to. */
public abstract class ForwardingLoadListener implements LoadListener {
    private final LoadListener next;

    protected ForwardingLoadListener(LoadListener next) {
        this.next = requireNonNull(next, "next is null");
    }

    @Override
    public void rowsExpected(String table, long rows) {
        next.rowsExpected(table, rows);
    }

    @Override
    public void shardDecided(String table, BackfillDecision decision) {
        next.shardDecided(table, decision);
    }

    @Override
    public void exportStarting(ExportProgress progress) {
        next.exportStarting(progress);
    }

    @Override
    public void chunkStaged(ExportProgress progress) {
        next.chunkStaged(progress);
    }

    @Override
    public void exportStaged(ExportProgress progress) {
        next.exportStaged(progress);
    }

    @Override
    public void loaded(String table, long rows) {
        next.loaded(table, rows);
    }

    @Override
    public void flagged(String table, long rows) {
        next.flagged(table, rows);
    }
}
