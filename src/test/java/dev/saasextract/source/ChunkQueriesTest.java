package dev.saasextract.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ChunkQueriesTest {
    private static final String BASE = "SELECT id, sha FROM merge_request_diff_commits WHERE sha IS NOT NULL";

    @Test
    void maxKeyWrapsTheBaseQuery() {
        assertEquals(new PreparedQuery("SELECT max(\"merge_request_diff_id\") FROM (" + BASE + ") AS src", List.of()),
                ChunkQueries.maxKey(BASE, "merge_request_diff_id"));
    }

    @Test
    void firstBoundaryHasOnlyTheUpperBound() {
        PreparedQuery query = ChunkQueries.nextBoundary(BASE, "id", OptionalLong.empty(), 9_000L, 1_000L);

        assertEquals("SELECT \"id\" FROM (" + BASE + ") AS src WHERE \"id\" <= ? ORDER BY \"id\" OFFSET ? LIMIT 1",
                query.sql());
        assertEquals(List.of(9_000L, 999L), query.parameters());
    }

    @Test
    void laterBoundaryStartsAfterThePreviousChunk() {
        PreparedQuery query = ChunkQueries.nextBoundary(BASE, "id", OptionalLong.of(4_200L), 9_000L, 1_000L);

        assertEquals("SELECT \"id\" FROM (" + BASE + ") AS src WHERE \"id\" > ? AND \"id\" <= ? ORDER BY \"id\" "
                + "OFFSET ? LIMIT 1", query.sql());
        assertEquals(List.of(4_200L, 9_000L, 999L), query.parameters());
    }

    @Test
    void chunkIsAnInclusiveUpperRangeInKeyOrder() {
        PreparedQuery query = ChunkQueries.chunk(BASE, "id", OptionalLong.of(4_200L), 5_300L);

        assertEquals("SELECT * FROM (" + BASE + ") AS src WHERE \"id\" > ? AND \"id\" <= ? ORDER BY \"id\"", query.sql());
        assertEquals(List.of(4_200L, 5_300L), query.parameters());
    }

    @Test
    void firstChunkHasNoLowerBound() {
        PreparedQuery query = ChunkQueries.chunk(BASE, "id", OptionalLong.empty(), 5_300L);

        assertEquals("SELECT * FROM (" + BASE + ") AS src WHERE \"id\" <= ? ORDER BY \"id\"", query.sql());
        assertEquals(List.of(5_300L), query.parameters());
    }

    @Test
    void quotesTheKeyAndDoublesEmbeddedQuotes() {
        assertEquals("SELECT max(\"Odd\"\"Key\") FROM (" + BASE + ") AS src",
                ChunkQueries.maxKey(BASE, "Odd\"Key").sql());
    }

    @Test
    void rejectsAnEmptyChunkSize() {
        assertThrows(IllegalArgumentException.class,
                () -> ChunkQueries.nextBoundary(BASE, "id", OptionalLong.empty(), 10L, 0L));
    }
}
