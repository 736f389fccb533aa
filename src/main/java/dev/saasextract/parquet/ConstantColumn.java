package dev.saasextract.parquet;

import static java.util.Objects.requireNonNull;

import dev.saasextract.schema.ColumnSpec;

/**
 * A column the tool appends with the same value on every row of a chunk. Kinds and values accepted: TEXT as a String
 * ({@code _task_instance}), TIMESTAMPTZ as a {@link java.time.Instant} in whole microseconds ({@code _uploaded_at}),
 * DOUBLE as a Double ({@code _uploaded_at} as epoch seconds, see {@link dev.saasextract.schema.UploadedAtForm}),
 * BOOLEAN as a Boolean. A column that has no value is left out rather than given null.
 */
public record ConstantColumn(ColumnSpec column, Object value) {
    public ConstantColumn {
        requireNonNull(column, "column is null");
        requireNonNull(value, "value of constant column " + column.name() + " is null");
    }
}
