package dev.saasextract.verify;

import static java.util.Objects.requireNonNull;

import java.util.OptionalLong;

/**
 * One key as a side holds it: how many rows share it (more than one where the chunking key is not unique, as
 * {@code merge_request_diff_id}) and the greatest {@code updated_at} among them in epoch microseconds, empty when
 * the table has no such column or the values are NULL.
 */
public record KeyVersion(long key, long rows, OptionalLong updatedMicros) {

    public KeyVersion {
        requireNonNull(updatedMicros, "updatedMicros is null");
        if (rows < 1) {
            throw new IllegalArgumentException("key " + key + " with " + rows + " rows");
        }
    }

    /** Same rows and same updated_at: the warehouse holds this key as the source does. */
    boolean sameAs(KeyVersion other) {
        return rows == other.rows && updatedMicros.equals(other.updatedMicros);
    }
}
