package dev.saasextract.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.saasextract.schema.ColumnSpec;
import dev.saasextract.schema.ColumnType;
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
    void copyChunkWritesTheBoundsAsLiteralsAndCastsTypesWithoutATextBinaryForm() {
        List<ColumnSpec> columns = List.of(new ColumnSpec("id", ColumnType.of(ColumnType.Kind.BIGINT, "int8")),
                new ColumnSpec("sha", ColumnType.of(ColumnType.Kind.TEXT, "varchar")),
                new ColumnSpec("took", ColumnType.of(ColumnType.Kind.TEXT, "interval")),
                new ColumnSpec("ip", ColumnType.of(ColumnType.Kind.TEXT, "inet")),
                new ColumnSpec("pauses", ColumnType.array(ColumnType.of(ColumnType.Kind.TEXT, "interval"), "_interval")),
                new ColumnSpec("tags", ColumnType.array(ColumnType.of(ColumnType.Kind.TEXT, "text"), "_text")));

        assertEquals("COPY (SELECT src.\"id\", src.\"sha\", src.\"took\"::text, abbrev(src.\"ip\"), "
                + "src.\"pauses\"::text[], src.\"tags\" FROM ("
                + BASE + ") AS src WHERE \"id\" > -4200 AND \"id\" <= 5300 ORDER BY \"id\") TO STDOUT (FORMAT binary)",
                ChunkQueries.copyChunk(BASE, "id", OptionalLong.of(-4_200L), 5_300L, columns));
        assertEquals("COPY (SELECT src.\"id\" FROM (" + BASE + ") AS src WHERE \"id\" <= 5300 ORDER BY \"id\") TO STDOUT"
                + " (FORMAT binary)", ChunkQueries.copyChunk(BASE, "id", OptionalLong.empty(), 5_300L, columns.subList(0, 1)));
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
