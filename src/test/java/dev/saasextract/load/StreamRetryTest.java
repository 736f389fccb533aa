package dev.saasextract.load;

import static dev.saasextract.load.Pipeline.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saasextract.manifest.TableSpec;
import dev.saasextract.metadata.MetadataRow;
import dev.saasextract.metadata.MetadataTable;
import dev.saasextract.retry.FailureKind;
import dev.saasextract.retry.SqlFailures;
import dev.saasextract.source.PostgresSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A regular load streams its query in key order through one COPY. When the backend reading it is terminated for real
 * half way into the second file, the retry reads on after the last recorded key: the rows of the first file are never
 * read again (the source fails the query if they are), and every row lands in the warehouse once.
 *
 * <p>The source database is set to read in index order without sorting, as a large table's primary key index is read,
 * so the fault functions see the rows in the order the COPY sends them.
 */
class StreamRetryTest {
    private static final Instant DAY1 = Instant.parse("2026-11-24T02:00:00Z");
    private static final Instant DAY2 = Instant.parse("2026-11-25T02:30:00Z");
    private static final String FAULTS = """
            DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET enable_sort = off', current_database()); END $$;
            CREATE TABLE fault (armed boolean NOT NULL, fired boolean NOT NULL);
            INSERT INTO fault VALUES (false, false);
            -- Terminates the backend running the COPY once it reaches the given key, while armed.
            CREATE FUNCTION terminate_at(id bigint, at_id bigint) RETURNS boolean LANGUAGE plpgsql AS $$
            BEGIN
                IF id = at_id AND current_query() LIKE 'COPY%' AND (SELECT armed FROM fault) THEN
                    PERFORM pg_terminate_backend(pg_backend_pid());
                END IF;
                RETURN true;
            END $$;
            -- Fails the COPY if, after the termination, it reads a key up to the given one again.
            CREATE FUNCTION not_read_again(id bigint, up_to bigint) RETURNS boolean LANGUAGE plpgsql AS $$
            BEGIN
                IF id <= up_to AND current_query() LIKE 'COPY%' AND (SELECT fired FROM fault) THEN
                    RAISE EXCEPTION 'key % was read again after the retry', id USING ERRCODE = 'XX000';
                END IF;
                RETURN true;
            END $$;
            """;

    @RegisterExtension
    final Pipeline pipeline = new Pipeline();

    private final List<Duration> waits = new ArrayList<>();
    private PostgresSource source;

    @BeforeEach
    void setUp() throws Exception {
        source = pipeline.faultySource(FAULTS, waits, "UPDATE fault SET armed = false, fired = true");
    }

    @Test
    void aBackendTerminatedMidStreamIsReadOnAfterTheLastRecordedFileOnly() throws Exception {
        pipeline.sourceSql("CREATE TABLE issues (id bigint PRIMARY KEY, project_id integer, title text);"
                + " INSERT INTO issues SELECT g, g % 7, 'issue ' || g FROM generate_series(1, 3000) g; ANALYZE issues");
        TableSpec spec = snapshot("issues", "SELECT id, project_id, title FROM issues"
                + " WHERE terminate_at(id, 1500) AND not_read_again(id, 1000)", "id");

        LoadResult result = snapshotDay2(spec);

        assertEquals(3000, result.rows());
        assertEquals(1, waits.size(), "the stream failed once");
        assertEquals(List.of(1000L, 1000L, 1000L), fileRows(spec));
        assertEquals(List.of(1000L, 2000L, 3000L), fileLastKeys(spec), "each file recorded with its last key");
        assertEquals(3000, pipeline.warehouseLong("SELECT count(*) FROM tap_postgres.\"GITLAB_DB_ISSUES\""
                + " WHERE _uploaded_at = TIMESTAMPTZ '2026-11-25 02:30:00+00'"));
        assertEquals(3000, pipeline.warehouseLong("SELECT count(DISTINCT id) FROM tap_postgres.\"GITLAB_DB_ISSUES\""
                + " WHERE _uploaded_at = TIMESTAMPTZ '2026-11-25 02:30:00+00'"), "no row twice");
    }

    @Test
    void filesEndWhereTheKeyChangesSoARetryNeverSplitsAKeyGroup() throws Exception {
        pipeline.sourceSql("CREATE TABLE trace_chunks (build_id bigint, chunk_index integer);"
                + " CREATE INDEX ON trace_chunks (build_id);"
                + " INSERT INTO trace_chunks SELECT g / 3, g % 3 FROM generate_series(0, 2999) g; ANALYZE trace_chunks");
        TableSpec spec = snapshot("trace_chunks", "SELECT build_id, chunk_index FROM trace_chunks"
                + " WHERE terminate_at(build_id, 500) AND not_read_again(build_id, 333)", "build_id");

        LoadResult result = snapshotDay2(spec);

        assertEquals(3000, result.rows());
        assertEquals(1, waits.size());
        assertEquals(List.of(1002L, 1002L, 996L), fileRows(spec), "1,000 rows, then on to the end of the key");
        assertEquals(List.of(333L, 667L, 999L), fileLastKeys(spec));
        assertEquals(0, pipeline.warehouseLong("SELECT count(*) FROM (SELECT build_id FROM tap_postgres."
                + "\"GITLAB_DB_TRACE_CHUNKS\" WHERE _uploaded_at = TIMESTAMPTZ '2026-11-25 02:30:00+00'"
                + " GROUP BY build_id HAVING count(*) <> 3 OR count(DISTINCT chunk_index) <> 3)"));
    }

    @Test
    void aPermanentFailureMidStreamIsNotRetriedAndLeavesTheTargetAsItWas() throws Exception {
        pipeline.sourceSql("CREATE TABLE issues (id bigint PRIMARY KEY, project_id integer, title text);"
                + " INSERT INTO issues SELECT g, g % 7, 'issue ' || g FROM generate_series(1, 3000) g; ANALYZE issues");
        TableSpec spec = snapshot("issues", "SELECT id, project_id, title FROM issues"
                + " WHERE not_read_again(id, 1000)", "id");
        pipeline.backfill(spec, at(DAY1), 1000, LoadListener.NONE);
        pipeline.fault("UPDATE fault SET fired = true"); // every key up to 1000 now fails the query

        RuntimeException e = assertThrows(RuntimeException.class, () -> new RegularLoadRunner(context())
                .run(pipeline.planRegular(spec, at(DAY2), Map.of())));

        assertEquals(FailureKind.PERMANENT, SqlFailures.classify(e));
        assertTrue(e.getMessage().contains("key 1 was read again"), e.getMessage());
        assertEquals(List.of(), waits);
        assertEquals(3000, pipeline.warehouseLong("SELECT count(*) FROM tap_postgres.\"GITLAB_DB_ISSUES\""));
    }

    private static TableSpec snapshot(String table, String query, String key) {
        return new TableSpec(table, query, "GITLAB_DB", table, key, "gitlab_com", "main", "", "", false, false);
    }

    /** Day 1 a backfill without faults, day 2 the snapshot load with the termination armed. */
    private LoadResult snapshotDay2(TableSpec spec) {
        pipeline.backfill(spec, at(DAY1), 1000, LoadListener.NONE);
        pipeline.fault("UPDATE fault SET armed = true");
        RegularPlan plan = pipeline.planRegular(spec, at(DAY2), Map.of());
        assertEquals(RegularKind.SNAPSHOT, plan.kind());
        return new RegularLoadRunner(context()).run(plan);
    }

    private LoadContext context() {
        return new LoadContext(source, pipeline.stage, pipeline.warehouse, pipeline.metadata, at(DAY2), 1_000,
                Optional.empty(), LoadListener.NONE);
    }

    private List<MetadataRow> recordedFiles(TableSpec spec) {
        return pipeline.metadata.rowsOfLoad(MetadataTable.INCREMENTAL, spec.target(), DAY2).stream()
                .filter(row -> row.uploadFileName() != null && !row.exportCompleted()).toList();
    }

    private List<Long> fileRows(TableSpec spec) {
        List<MetadataRow> files = recordedFiles(spec);
        assertEquals(files.size(), files.stream().map(MetadataRow::uploadFileName).filter(Objects::nonNull).distinct()
                .count(), "one metadata row per file");
        return files.stream().map(MetadataRow::chunkRowCount).toList();
    }

    private List<Long> fileLastKeys(TableSpec spec) {
        return recordedFiles(spec).stream().map(MetadataRow::lastExtractedId).toList();
    }
}
