package dev.saasextract.parquet;

import dev.saasextract.errors.InvalidInputException;

/**
 * A source value that Parquet (and so the warehouse) cannot hold exactly, such as a numeric with more digits than its
 * declared scale, or a Postgres {@code infinity} timestamp. Writing it anyway would lose data silently, so the chunk
 * fails; the user fixes it by casting the column in {@code import_query}.
 */
public final class UnrepresentableValueException extends InvalidInputException {

    UnrepresentableValueException(String column, Object value, String why) {
        super("column " + column + ": value " + value + " " + why
                + "; cast the column in import_query (e.g. " + column + "::text) to extract it");
    }
}
