package dev.saasextract.warehouse.dialect;

import static java.util.Objects.requireNonNull;

/** A table with the integer key column the deletes process compares, both as the catalog spells them. */
public record KeyedTable(TableName table, String keyColumn) {

    public KeyedTable {
        requireNonNull(table, "table is null");
        requireNonNull(keyColumn, "keyColumn is null");
    }
}
