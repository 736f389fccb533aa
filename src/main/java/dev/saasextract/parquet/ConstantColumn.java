package dev.saasextract.parquet;

import static java.util.Objects.requireNonNull;

import dev.saasextract.schema.ColumnSpec;

/**
 * A column the tool appends with the same value on every row of a chunk, e.g. {@code _uploaded_at} (TIMESTAMPTZ, a
 * {@link java.time.Instant}) or {@code _task_instance} (TEXT, a String). The Java types each kind accepts are listed
 * in {@link ConstantValues}; a column that has no value is left out rather than given null.
 */
public record ConstantColumn(ColumnSpec column, Object value) {
    public ConstantColumn {
        requireNonNull(column, "column is null");
        requireNonNull(value, "value of constant column " + column.name() + " is null");
    }
}
