package dev.saasextract.verify;

import dev.saasextract.sql.SqlIdentifiers;
import java.util.function.UnaryOperator;

/**
 * How an engine spells the two things the comparison queries need besides standard SQL: a quoted identifier and a
 * timestamp as whole microseconds since 1970-01-01 (an exact integer, never a text rendering of the timestamp).
 */
record Spelling(UnaryOperator<String> quoted, UnaryOperator<String> epochMicros) {

    /**
     * Postgres 14 and later return {@code EXTRACT(EPOCH ...)} as an exact numeric with six decimals, so the product
     * is a whole number of microseconds; of a timestamp without time zone it counts from a naive 1970-01-01, as the
     * warehouses do.
     */
    static final Spelling POSTGRES = new Spelling(SqlIdentifiers::quoted,
            expression -> "CAST(EXTRACT(EPOCH FROM " + expression + ") * 1000000 AS bigint)");

    String q(String identifier) {
        return quoted.apply(identifier);
    }
}
