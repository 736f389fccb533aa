package dev.saasextract.load;

/**
 * Hears what a load does, for progress output. Tests also use it to inject failures at step boundaries: an exception
 * thrown here aborts the load exactly as a crash at that point would. During a parallel export ({@code --parallel})
 * {@link #chunkStaged} is called from several threads at once.
 */
public interface LoadListener {
    LoadListener NONE = new LoadListener() {
    };

    default void exportStarting(ExportProgress progress) {
    }

    /** A chunk file is staged and its metadata row written. */
    default void chunkStaged(ExportProgress progress) {
    }

    /** All files of the export are staged; the warehouse load is next. */
    default void exportStaged(ExportProgress progress) {
    }

    default void loaded(String table, long rows) {
    }

    /** The deletes process changed {@code is_deleted} on this many rows. */
    default void flagged(String table, long rows) {
    }
}
