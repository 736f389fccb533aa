package dev.saasextract.stage;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A staged object being written. Nothing is visible under its key until {@link #close()} succeeds, which
 * publishes it (replacing any object of the same key: chunk names are deterministic, so a retried chunk must
 * overwrite its earlier attempt). {@link #abort()} discards what was written; close after abort does nothing.
 */
public abstract class StagedOutputStream extends OutputStream {

    /** Bytes written so far; Parquet needs it for its footer offsets. */
    public abstract long position() throws IOException;

    /** Discards the partial object. Never throws. */
    public abstract void abort();
}
