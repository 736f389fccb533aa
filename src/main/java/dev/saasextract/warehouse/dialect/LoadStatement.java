package dev.saasextract.warehouse.dialect;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One statement of a load and the staged files it reads. It either reports the rows it appended as its update count
 * or returns one result row per file ({@code file, status, rows_loaded, first_error}), as Snowflake's COPY does.
 */
public record LoadStatement(String sql, List<String> fileUris) {

    public LoadStatement {
        requireNonNull(sql, "sql is null");
        fileUris = List.copyOf(fileUris);
        if (fileUris.isEmpty()) {
            throw new IllegalArgumentException("a load statement reads at least one file: " + sql);
        }
    }
}
