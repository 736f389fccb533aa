package dev.saasextract.load;

import static dev.saasextract.load.Pipeline.at;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.saasextract.checkpoint.Checkpoints;
import dev.saasextract.manifest.TableSpec;
import dev.saasextract.metadata.MetadataTable;
import dev.saasextract.parquet.ParquetChunkWriter;
import dev.saasextract.schema.UploadedAtForm;
import dev.saasextract.stage.LoadKind;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Where a chunk ends, read as one query of {@code chunkRows + 1} rows: after exactly {@code chunkRows} rows of a
 * unique key; before the key group the limit cut, for a key that is not unique; and, when one key's rows fill the
 * whole read or are too big to hold back, at the end of that key, found by a boundary query.
 */
class ChunkCutTest {
    private static final Instant T0 = Instant.parse("2026-11-24T01:00:00Z");

    @RegisterExtension
    final Pipeline pipeline = new Pipeline();

    @Test
    void aUniqueKeyGivesChunksOfExactlyTheChunkRows() throws Exception {
        pipeline.sourceSql("CREATE TABLE t (k bigint PRIMARY KEY, v text);"
                + " INSERT INTO t SELECT g * 2, 'v' || g FROM generate_series(1, 2500) g");

        ChunkAttempts.Chunk first = read("SELECT k, v FROM t", 1000, OptionalLong.empty(), 5000);
        ChunkAttempts.Chunk last = read("SELECT k, v FROM t", 1000, OptionalLong.of(4000), 5000);

        assertEquals(1000, first.file().rows());
        assertEquals(2000, first.upper(), "the 1,000th key");
        assertEquals(500, last.file().rows());
        assertEquals(5000, last.upper(), "fewer rows than the limit: the chunk reaches the range's end");
    }

    @Test
    void aKeyGroupCutByTheLimitStartsTheNextChunk() throws Exception {
        pipeline.sourceSql("CREATE TABLE t (k bigint, v integer);"
                + " INSERT INTO t SELECT g / 3, g FROM generate_series(0, 2999) g");

        ChunkAttempts.Chunk first = read("SELECT k, v FROM t", 1000, OptionalLong.empty(), 999);
        ChunkAttempts.Chunk second = read("SELECT k, v FROM t", 1000, OptionalLong.of(first.upper()), 999);

        assertEquals(332, first.upper(), "rows 1,000 to 1,002 share key 333, which the 1,001-row read cut");
        assertEquals(999, first.file().rows());
        assertEquals(665, second.upper());
        assertEquals(999, second.file().rows());
    }

    @Test
    void oneKeyFillingTheWholeReadEndsWhereThatKeyEnds() throws Exception {
        pipeline.sourceSql("CREATE TABLE t (k bigint, v integer);"
                + " INSERT INTO t SELECT CASE WHEN g <= 2500 THEN 7 ELSE g END, g FROM generate_series(1, 3000) g");

        ChunkAttempts.Chunk chunk = read("SELECT k, v FROM t", 1000, OptionalLong.empty(), 3000);

        assertEquals(7, chunk.upper());
        assertEquals(2500, chunk.file().rows(), "all of key 7 in one file");
    }

    @Test
    void aKeyGroupTooBigToHoldBackEndsWhereThatKeyEnds() throws Exception {
        long rowBytes = 2 << 20;
        long rows = ChunkAttempts.MAX_HELD_BYTES / rowBytes + 2;
        pipeline.sourceSql("CREATE TABLE t (k bigint, v text);"
                + " INSERT INTO t SELECT 1, 'a' FROM generate_series(1, 5);"
                + " INSERT INTO t SELECT 2, repeat('x', " + rowBytes + ") FROM generate_series(1, " + rows + ");"
                + " INSERT INTO t SELECT 3, 'b' FROM generate_series(1, 5)");

        ChunkAttempts.Chunk chunk = read("SELECT k, v FROM t", 10, OptionalLong.empty(), 3);

        assertEquals(2, chunk.upper(), "the boundary query's 10th key");
        assertEquals(5 + rows, chunk.file().rows(), "key 1, then all of key 2");
    }

    private ChunkAttempts.Chunk read(String query, long chunkRows, OptionalLong after, long upper) {
        TableSpec spec = new TableSpec("t", query, "GITLAB_DB", "t", "k", "gitlab_com", "main", "", "", false, false);
        StagedFiles files = new StagedFiles(pipeline.stage, pipeline.metadata, at(T0),
                new ToolColumnValues(false, Optional.empty()), ParquetChunkWriter.rowGroupBytes(1), Checkpoints.NONE);
        ExportRequest request = new ExportRequest(spec, query, pipeline.source.describe(query), LoadKind.BACKFILL,
                MetadataTable.BACKFILL, T0, OptionalLong.empty(), UploadedAtForm.TIMESTAMP);
        ChunkAttempts.Chunk chunk = new ChunkAttempts(pipeline.source, files, chunkRows, 1)
                .read(request, after, upper, OptionalInt.empty());
        chunk.file().abort();
        return chunk;
    }
}
