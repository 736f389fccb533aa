package dev.saasextract.load;

import dev.saasextract.plan.BackfillDecision;

/**
 * Hears what a load does, for progress output and the run's tallies. Tests also use it to inject failures at step
 * boundaries: an exception thrown here aborts the load exactly as a crash at that point would. During a parallel export
 * ({@code --parallel}) {@link #chunkStaged} is called from several threads at once.
 *
 * <p>It is called once per staged file, never per row: counting rows here costs the export nothing.
 */
public interface LoadListener {
    LoadListener NONE = new LoadListener() {
    };

    /**
     * The source's planner expects about {@code rows} rows from the table's next export; the only measure of how far a
     * streamed export (which has no key range) has come.
     */
    default void rowsExpected(String table, long rows) {
    }

    /**
     * A shard ({@code --shard}) decided its backfill under the planning lock, where it may find a load another shard
     * started: the decision it acts on.
     */
    default void shardDecided(String table, BackfillDecision decision) {
    }

    default void exportStarting(ExportProgress progress) {
    }

    /** A chunk file is staged and its metadata row written. */
    default void chunkStaged(ExportProgress progress) {
    }

    /** All files of the export are staged; the warehouse load is next. */
    default void exportStaged(ExportProgress progress) {
    }

    /** The staged rows are in the warehouse (for a backfill: swapped into the target). */
    default void loaded(String table, long rows) {
    }

    /** The deletes process changed {@code is_deleted} on this many rows. */
    default void flagged(String table, long rows) {
    }
}
