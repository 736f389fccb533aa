package dev.saasextract.warehouse.dialect;

import static java.util.Objects.requireNonNull;

/** A table in the warehouse, named as the caller or the catalog gives it (never quoted, never case-folded here). */
public record TableName(String schema, String table) {

    public TableName {
        requireNonNull(schema, "schema is null");
        requireNonNull(table, "table is null");
        if (schema.isEmpty() || table.isEmpty()) {
            throw new IllegalArgumentException("empty schema or table name: '" + schema + "'.'" + table + "'");
        }
    }

    /** For messages: {@code tap_postgres.GITLAB_DB_ISSUES}. */
    @Override
    public String toString() {
        return schema + "." + table;
    }
}
