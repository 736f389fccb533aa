package dev.saasextract.load;

import static dev.saasextract.load.Pipeline.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saasextract.manifest.TableSpec;
import dev.saasextract.metadata.MetadataRow;
import dev.saasextract.metadata.MetadataTable;
import dev.saasextract.plan.BackfillRequest;
import dev.saasextract.retry.Retrier;
import dev.saasextract.retry.RetryPolicy;
import dev.saasextract.source.PostgresSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The source server stops after the first chunk and comes back while the export waits to retry: the run completes
 * with every row once. The source has its own embedded Postgres, so the shared one (which keeps the metadata) stays up.
 */
class SourceRestartTest {
    private static final Instant T0 = Instant.parse("2026-11-24T01:00:00Z");
    private static final TableSpec ISSUES = new TableSpec("issues", "SELECT id, project_id, title FROM issues",
            "GITLAB_DB", "issues", "id", "gitlab_com", "main", "", "", false, false);

    @TempDir
    Path dir;

    @RegisterExtension
    final Pipeline pipeline = new Pipeline();

    private EmbeddedPostgres server;
    private int port;

    @AfterEach
    void stopServer() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aSourceStoppedAndRestartedMidRunStillGivesEveryRowOnce() throws Exception {
        start();
        port = server.getPort();
        PGSimpleDataSource sourceData = new PGSimpleDataSource();
        sourceData.setServerNames(new String[] {"localhost"});
        sourceData.setPortNumbers(new int[] {port});
        sourceData.setDatabaseName("postgres");
        sourceData.setUser("postgres");
        sourceData.setConnectTimeout(5);
        try (Connection c = sourceData.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE issues (id bigint PRIMARY KEY, project_id integer, title text);"
                    + " INSERT INTO issues SELECT g, g % 7, 'issue ' || g FROM generate_series(1, 3000) g");
        }
        List<Duration> waits = new ArrayList<>();
        PostgresSource source = new PostgresSource(sourceData, 500, Optional.empty(), Retrier.forSql(
                new RetryPolicy(6, Duration.ofMillis(100), Duration.ofSeconds(1)), wait -> {
                    waits.add(wait);
                    if (waits.size() == 2) {
                        start();
                    }
                }));
        AtomicInteger chunks = new AtomicInteger();
        LoadListener stopAfterFirstChunk = new LoadListener() {
            @Override
            public void chunkStaged(ExportProgress progress) {
                if (chunks.incrementAndGet() == 1) {
                    stop();
                }
            }
        };

        LoadContext context = new LoadContext(source, pipeline.stage, pipeline.warehouse, pipeline.metadata,
                at(T0), 1_000, Optional.empty(), stopAfterFirstChunk);
        TablePlan plan = new TablePlanner(source, pipeline.warehouse, pipeline.metadata, at(T0))
                .plan(ISSUES, BackfillRequest.AUTO);
        LoadResult result = new BackfillRunner(context).run(plan);

        assertEquals(3000, result.rows());
        assertEquals(3, result.files());
        assertTrue(waits.size() >= 2, "failed while the server was down: " + waits);
        List<String> files = pipeline.metadata.rowsOfLoad(MetadataTable.BACKFILL, ISSUES.target(), T0).stream()
                .map(MetadataRow::uploadFileName).filter(Objects::nonNull).toList();
        assertEquals(3, Set.copyOf(files).size(), files.toString());
        assertEquals(3, files.size(), "one metadata row per file: " + files);
        assertEquals(3000, SourceWarehouseComparison.assertSame(sourceData, "SELECT * FROM issues",
                pipeline.warehouseFile.toString(), ISSUES.target(), plan.columns(), "id"));
    }

    /** Synchronized with {@link #stop}: chunks are published, and so stopped, on the export's publisher thread. */
    private synchronized void start() {
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dir.resolve("source-pgdata"))
                    .setCleanDataDirectory(false);
            server = (port == 0 ? builder : builder.setPort(port)).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the source Postgres", e);
        }
    }

    private synchronized void stop() {
        try {
            server.close();
            server = null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stop the source Postgres", e);
        }
    }
}
