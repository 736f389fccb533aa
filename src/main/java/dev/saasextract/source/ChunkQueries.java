package dev.saasextract.source;

import static dev.saasextract.sql.SqlIdentifiers.quoted;

import dev.saasextract.schema.ColumnSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Keyset statements over a base query (from {@link SourceQueries#fullRangeQuery}) wrapped as a derived table, so the
 * manifest's SQL is never edited. A chunk is the key range {@code (after, upper]}: it ends at a key value, so rows
 * sharing one key value always land in the same chunk even when the key is not unique.
 */
public final class ChunkQueries {

    private ChunkQueries() {
    }

    /** {@code SELECT max("key") FROM (<base>) AS src}; NULL when the base query returns no rows. */
    public static PreparedQuery maxKey(String base, String key) {
        return new PreparedQuery("SELECT max(" + quoted(key) + ") FROM (" + base + ") AS src", List.of());
    }

    /** {@code SELECT min("key") FROM (<base>) AS src}; NULL when the base query returns no rows. */
    public static PreparedQuery minKey(String base, String key) {
        return new PreparedQuery("SELECT min(" + quoted(key) + ") FROM (" + base + ") AS src", List.of());
    }

    /**
     * The key value of the {@code chunkRows}-th row in key order among keys in {@code (after, max]}. No row means the
     * rest up to {@code max} is the last chunk.
     */
    public static PreparedQuery nextBoundary(String base, String key, OptionalLong after, long max, long chunkRows) {
        if (chunkRows < 1) {
            throw new IllegalArgumentException("chunkRows must be at least 1, got " + chunkRows);
        }
        KeyRange range = KeyRange.of(key, after, max);
        List<Object> parameters = new ArrayList<>(range.parameters());
        parameters.add(chunkRows - 1);
        return new PreparedQuery("SELECT " + quoted(key) + " FROM (" + base + ") AS src WHERE " + range.condition()
                + " ORDER BY " + quoted(key) + " OFFSET ? LIMIT 1", parameters);
    }

    /** Every row with a key in {@code (after, upper]} (no lower bound when {@code after} is empty), in key order. */
    public static PreparedQuery chunk(String base, String key, OptionalLong after, long upper) {
        KeyRange range = KeyRange.of(key, after, upper);
        return new PreparedQuery("SELECT * FROM (" + base + ") AS src WHERE " + range.condition()
                + " ORDER BY " + quoted(key), range.parameters());
    }

    /**
     * The first {@code limit} rows of {@link #chunk} in key order, as a binary COPY of {@code columns}. The limit is
     * what makes the planner read the key's index from {@code after} on and stop, as the boundary query does.
     */
    public static String copyFirstRows(String base, String key, OptionalLong after, long upper, long limit,
            List<ColumnSpec> columns) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, got " + limit);
        }
        return CopySelectList.copyStatement(columns, "(" + base + ") AS src WHERE "
                + KeyRange.of(key, after, upper).literalCondition() + " ORDER BY " + quoted(key) + " LIMIT " + limit);
    }

    /** The rows of {@link #chunk} as a binary COPY of {@code columns}, see {@link CopySelectList}. */
    public static String copyChunk(String base, String key, OptionalLong after, long upper, List<ColumnSpec> columns) {
        return CopySelectList.copyStatement(columns, "(" + base + ") AS src WHERE "
                + KeyRange.of(key, after, upper).literalCondition() + " ORDER BY " + quoted(key));
    }

    /**
     * Every row of the base query with a key after {@code after} (every row with a key when empty), in key order, as a
     * binary COPY of {@code columns}: a streamed read that can be resumed after the last key it delivered.
     */
    public static String copyInKeyOrder(String base, String key, OptionalLong after, List<ColumnSpec> columns) {
        String column = quoted(key);
        String condition = after.isPresent() ? column + " > " + after.getAsLong() : column + " IS NOT NULL";
        return CopySelectList.copyStatement(columns, "(" + base + ") AS src WHERE " + condition
                + " ORDER BY " + column);
    }

    private record KeyRange(String key, OptionalLong after, long upper) {
        static KeyRange of(String key, OptionalLong after, long upper) {
            return new KeyRange(key, after, upper);
        }

        /** With a {@code ?} marker for each of {@link #parameters()}. */
        String condition() {
            return condition("?", "?");
        }

        /**
         * COPY takes no bind parameters, so here, and only here, the bounds are written into the SQL text: they are
         * longs the tool computed from key values, never text from a user or the manifest.
         */
        String literalCondition() {
            return condition(after.isEmpty() ? "" : Long.toString(after.getAsLong()), Long.toString(upper));
        }

        List<Object> parameters() {
            return after.isEmpty() ? List.of(upper) : List.of(after.getAsLong(), upper);
        }

        private String condition(String lowerBound, String upperBound) {
            String column = quoted(key);
            if (after.isEmpty()) {
                return column + " <= " + upperBound;
            }
            return column + " > " + lowerBound + " AND " + column + " <= " + upperBound;
        }
    }
}
