package dev.saasextract.load;

import static dev.saasextract.load.Pipeline.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saasextract.checkpoint.Checkpoints;
import dev.saasextract.manifest.TableSpec;
import dev.saasextract.metadata.MetadataRow;
import dev.saasextract.metadata.MetadataTable;
import dev.saasextract.parquet.ParquetChunkWriter;
import dev.saasextract.plan.BackfillRequest;
import dev.saasextract.retry.SqlFailures;
import dev.saasextract.retry.FailureKind;
import dev.saasextract.schema.UploadedAtForm;
import dev.saasextract.source.PostgresSource;
import dev.saasextract.stage.LoadKind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A chunk that fails for real on the embedded Postgres is read again, alone, into the same file: the backend reading
 * it terminated mid-chunk, a serialization failure, a chunk too big for the server; and a permanent failure is not
 * retried. The faults fire only inside a chunk's COPY, and the sleeper between attempts (which never sleeps) counts
 * the retries and disarms them.
 */
class ChunkRetryTest {
    private static final Instant T0 = Instant.parse("2026-11-24T01:00:00Z");
    private static final String FAULTS = """
            -- Read in index order without sorting, as a large table's primary key is: a chunk's query then evaluates
            -- the fault functions only on the rows it returns, not on the whole small table before a sort.
            DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET enable_sort = off', current_database()); END $$;
            CREATE TABLE issues (id bigint PRIMARY KEY, project_id integer, title text);
            INSERT INTO issues SELECT g, g % 7, 'issue ' || g FROM generate_series(1, 3000) g;
            CREATE TABLE fault (armed boolean NOT NULL);
            INSERT INTO fault VALUES (true);
            -- Terminates the backend running the chunk's COPY once it reaches row 1500, half way into the second chunk.
            CREATE FUNCTION terminate_at_1500(id bigint) RETURNS boolean LANGUAGE plpgsql AS $$
            BEGIN
                IF id = 1500 AND current_query() LIKE 'COPY%' AND (SELECT armed FROM fault) THEN
                    PERFORM pg_terminate_backend(pg_backend_pid());
                END IF;
                RETURN true;
            END $$;
            -- Fails a COPY as soon as it has produced more than 1001 rows, as a timeout on an oversized chunk would: a
            -- chunk of 1,000 rows passes (it reads one row more, to see where the key changes).
            CREATE FUNCTION at_most_1001_per_copy(id bigint) RETURNS boolean LANGUAGE plpgsql AS $$
            DECLARE
                seen integer := coalesce(nullif(current_setting('test.seen', true), ''), '0')::integer + 1;
            BEGIN
                IF current_query() LIKE 'COPY%' THEN
                    PERFORM set_config('test.seen', seen::text, true);
                    IF seen > 1001 THEN
                        RAISE EXCEPTION 'canceling statement due to conflict with recovery' USING ERRCODE = '40001';
                    END IF;
                END IF;
                RETURN true;
            END $$;
            -- A row the chunk's COPY cannot produce: a permanent failure.
            CREATE FUNCTION broken_at_1500(id bigint) RETURNS boolean LANGUAGE plpgsql AS $$
            BEGIN
                RETURN current_query() NOT LIKE 'COPY%' OR id <> 1500 OR id / (id - 1500) = 0;
            END $$;
            """;

    @RegisterExtension
    final Pipeline pipeline = new Pipeline();

    private final List<Duration> waits = new ArrayList<>();
    private PostgresSource source;

    @BeforeEach
    void setUp() throws Exception {
        source = pipeline.faultySource(FAULTS, waits, "UPDATE fault SET armed = false");
    }

    private static TableSpec issues(String condition) {
        return new TableSpec("issues", "SELECT id, project_id, title FROM issues WHERE " + condition, "GITLAB_DB",
                "issues", "id", "gitlab_com", "main", "", "", false, false);
    }

    private LoadResult backfill(TableSpec spec, int readers) {
        LoadContext context = new LoadContext(source, pipeline.stage, pipeline.warehouse, pipeline.metadata, at(T0),
                1_000, Optional.empty(), LoadListener.NONE, new ExportParallelism(readers, Optional.empty()));
        return new BackfillRunner(context).run(new TablePlanner(source, pipeline.warehouse, pipeline.metadata, at(T0))
                .plan(spec, BackfillRequest.AUTO));
    }

    @ParameterizedTest(name = "{0} reader(s)")
    @ValueSource(ints = {1, 2})
    void aBackendTerminatedMidChunkIsReadAgainIntoTheSameFileAndRecordedOnce(int readers) throws Exception {
        TableSpec spec = issues("terminate_at_1500(id)");
        LoadResult result = backfill(spec, readers);

        assertEquals(3000, result.rows());
        assertEquals(1, waits.size(), "one chunk read twice, every other chunk once");
        List<MetadataRow> rows = pipeline.metadata.rowsOfLoad(MetadataTable.BACKFILL, spec.target(), T0);
        List<String> files = rows.stream().map(MetadataRow::uploadFileName).filter(Objects::nonNull).toList();
        assertEquals(Set.copyOf(files).size(), files.size(), "one metadata row per file: " + files);
        assertEquals(3000, rows.stream().mapToLong(MetadataRow::chunkRowCount).sum());
        assertEquals(3000, SourceWarehouseComparison.assertSame(pipeline.sourceAdmin,
                "SELECT id, project_id, title FROM issues", pipeline.warehouseFile.toString(), spec.target(),
                source.describe("SELECT id, project_id, title FROM issues"), "id"));
    }

    @Test
    void aChunkThatKeepsFailingIsReadInHalvesDownToTheFloor() {
        TableSpec spec = issues("at_most_1001_per_copy(id)");
        StagedFiles files = new StagedFiles(pipeline.stage, pipeline.metadata, at(T0),
                new ToolColumnValues(false, Optional.empty()), ParquetChunkWriter.rowGroupBytes(1), Checkpoints.NONE);
        ExportRequest request = new ExportRequest(spec, spec.importQuery(), source.describe(spec.importQuery()),
                LoadKind.BACKFILL, MetadataTable.BACKFILL, T0, OptionalLong.empty(), UploadedAtForm.TIMESTAMP);
        ChunkAttempts attempts = new ChunkAttempts(source, files, 4_000, 500);

        ChunkAttempts.Chunk first = attempts.read(request, OptionalLong.empty(), 3000, OptionalInt.empty());
        assertEquals(1000, first.upper(), "4,000 rows failed twice, then 2,000 twice, then 1,000 passed");
        assertEquals(1000, first.file().rows());
        assertEquals(4, waits.size());
        assertEquals(1000, attempts.chunkRows(), "the smaller size holds for the rest of the range");
        first.file().finish(first.upper(), 3000);

        ChunkAttempts.Chunk second = attempts.read(request, OptionalLong.of(1000), 3000, OptionalInt.empty());
        assertEquals(2000, second.upper());
        assertEquals(4, waits.size(), "the next chunk passes at once");
        second.file().abort();
        assertEquals(List.of(first.file().key()), pipeline.metadata.rowsOfLoad(MetadataTable.BACKFILL, spec.target(),
                T0).stream().map(MetadataRow::uploadFileName).toList(), "failed attempts record nothing");
    }

    @Test
    void aPermanentFailureInAChunkIsNotRetriedAndLeavesOnlyTheChunksBefore() throws Exception {
        TableSpec spec = issues("broken_at_1500(id)");
        RuntimeException e = assertThrows(RuntimeException.class, () -> backfill(spec, 1));

        assertEquals(FailureKind.PERMANENT, SqlFailures.classify(e));
        assertEquals(Optional.of("22012"), SqlFailures.sqlState(e));
        assertTrue(e.getMessage().contains("division by zero"), e.getMessage());
        assertEquals(List.of(), waits);
        List<MetadataRow> rows = pipeline.metadata.rowsOfLoad(MetadataTable.BACKFILL, spec.target(), T0);
        assertEquals(List.of(1000L), rows.stream().map(MetadataRow::chunkRowCount).toList());
        assertEquals(List.of(rows.get(0).uploadFileName()), stagedFiles());
    }

    private List<String> stagedFiles() throws java.io.IOException {
        return pipeline.stage.list("staging/").stream().sorted().toList();
    }
}
