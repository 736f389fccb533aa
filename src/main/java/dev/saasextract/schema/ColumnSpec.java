package dev.saasextract.schema;

import static java.util.Objects.requireNonNull;

/** A column of the query result, named as Postgres returns it (lower case unless the query quoted it). */
public record ColumnSpec(String name, ColumnType type) {
    public ColumnSpec {
        requireNonNull(name, "name is null");
        requireNonNull(type, "type is null");
    }
}
