package dev.saasextract.source;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** SQL text with {@code ?} markers and the values to bind to them, in order. Values never appear in the text. */
public record PreparedQuery(String sql, List<Object> parameters) {
    public PreparedQuery {
        requireNonNull(sql, "sql is null");
        parameters = List.copyOf(requireNonNull(parameters, "parameters is null"));
    }
}
