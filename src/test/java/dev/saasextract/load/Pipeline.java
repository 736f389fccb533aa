package dev.saasextract.load;

import dev.saasextract.manifest.TableSpec;
import dev.saasextract.metadata.MetadataStore;
import dev.saasextract.plan.AirflowInputs;
import dev.saasextract.plan.BackfillRequest;
import dev.saasextract.plan.Shard;
import dev.saasextract.retry.Retrier;
import dev.saasextract.retry.RetryPolicy;
import dev.saasextract.retry.Sleeper;
import dev.saasextract.source.PostgresSource;
import dev.saasextract.stage.StagingStore;
import dev.saasextract.stage.StagingStores;
import dev.saasextract.testing.TempDirFixture;
import dev.saasextract.testing.TestPostgres;
import dev.saasextract.warehouse.Warehouse;
import dev.saasextract.warehouse.Warehouses;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * The real parts of a load on one machine: a source and a metadata database on the test's embedded Postgres, a
 * local staging folder and a DuckDB warehouse file in a temp dir. A test class registers it with
 * {@code @RegisterExtension}: new parts for each test.
 */
final class Pipeline extends TempDirFixture {
    DataSource sourceAdmin;
    DataSource metadataAdmin;
    PostgresSource source;
    MetadataStore metadata;
    StagingStore stage;
    Warehouse warehouse;
    Path warehouseFile;

    @Override
    protected void open(Path dir) {
        this.sourceAdmin = TestPostgres.dataSource(TestPostgres.newDatabase());
        this.source = new PostgresSource(sourceAdmin);
        this.metadataAdmin = TestPostgres.dataSource(TestPostgres.newDatabase());
        this.metadata = MetadataStore.open(metadataAdmin, "saas_db_metadata");
        this.stage = StagingStores.open(dir.resolve("staging").toUri(), Map.of());
        this.warehouseFile = dir.resolve("warehouse.duckdb");
        this.warehouse = Warehouses.open("jdbc:duckdb:" + warehouseFile);
    }

    /**
     * The source, read in chunks of 500 fetched rows and retried up to five times, as the fault tests read it:
     * {@code sleeper} hears each wait instead of sleeping, so a test can count the retries and disarm its fault.
     */
    PostgresSource retryingSource(Sleeper sleeper) {
        return new PostgresSource(sourceAdmin, 500, Optional.empty(), Retrier.forSql(
                new RetryPolicy(5, Duration.ofMillis(100), Duration.ofSeconds(1)), sleeper));
    }

    /**
     * A fault test's source: creates its fault functions ({@code faults}), then returns the {@link #retryingSource}
     * whose every wait is added to {@code waits} and runs {@code onWait}, the SQL that disarms the fault.
     */
    PostgresSource faultySource(String faults, List<Duration> waits, String onWait) throws SQLException {
        sourceSql(faults);
        return retryingSource(wait -> {
            waits.add(wait);
            fault(onWait);
        });
    }

    /** Arms or disarms a fault from inside a callback that cannot throw SQLException. */
    void fault(String sql) {
        try {
            sourceSql(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot set the fault: " + sql, e);
        }
    }

    void sourceSql(String sql) throws SQLException {
        try (Connection c = sourceAdmin.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    TablePlan plan(TableSpec spec, Clock clock) {
        return new TablePlanner(source, warehouse, metadata, clock).plan(spec, BackfillRequest.AUTO);
    }

    LoadContext context(Clock clock, long chunkRows, LoadListener listener) {
        return context(clock, chunkRows, listener, ExportParallelism.SINGLE);
    }

    LoadContext context(Clock clock, long chunkRows, LoadListener listener, ExportParallelism parallelism) {
        return new LoadContext(source, stage, warehouse, metadata, clock, chunkRows, Optional.of("dag__task__2026"),
                listener, parallelism);
    }

    LoadResult backfill(TableSpec spec, Clock clock, long chunkRows, LoadListener listener) {
        return new BackfillRunner(context(clock, chunkRows, listener)).run(plan(spec, clock));
    }

    /** A backfill as {@code extract --parallel N} runs it, under the table's lock like the CLI. */
    @SuppressWarnings("try")
    LoadResult backfill(TableSpec spec, Clock clock, long chunkRows, LoadListener listener, int readers) {
        try (var lock = metadata.lock(spec.target())) {
            return new BackfillRunner(context(clock, chunkRows, listener,
                    new ExportParallelism(readers, Optional.empty()))).run(plan(spec, clock));
        }
    }

    /** One shard's run, as {@code extract --shard index/count --parallel readers --load-type auto} runs it. */
    LoadResult shard(TableSpec spec, Clock clock, long chunkRows, int index, int count, int readers) {
        return shard(spec, clock, chunkRows, index, count, readers, LoadListener.NONE);
    }

    /** As the CLI runs a shard: checking at every step boundary that the run's locks are still held. */
    LoadResult shard(TableSpec spec, Clock clock, long chunkRows, int index, int count, int readers,
            LoadListener listener) {
        return new BackfillRunner(new LoadContext(source, stage, warehouse, metadata, clock, chunkRows,
                Optional.of("dag__task__2026"), listener, new ExportParallelism(readers,
                Optional.of(new Shard(index, count))), point -> metadata.ensureLocksHeld()))
                .runShard(spec, BackfillRequest.AUTO);
    }

    RegularPlan planRegular(TableSpec spec, Clock clock, Map<String, String> airflowEnv) {
        return new TablePlanner(source, warehouse, metadata, clock).planRegular(spec, AirflowInputs.from(airflowEnv));
    }

    LoadResult regular(TableSpec spec, Clock clock, long chunkRows, Map<String, String> airflowEnv,
            LoadListener listener) {
        return new RegularLoadRunner(context(clock, chunkRows, listener)).run(planRegular(spec, clock, airflowEnv));
    }

    DeletesPlan planDeletes(TableSpec spec, Clock clock, Instant logicalDate, boolean forced) {
        return new TablePlanner(source, warehouse, metadata, clock).planDeletes(spec, logicalDate, forced);
    }

    LoadResult deletes(TableSpec spec, Clock clock, long chunkRows, boolean forced, boolean force,
            LoadListener listener) {
        return new DeletesRunner(context(clock, chunkRows, listener), force)
                .run(planDeletes(spec, clock, clock.instant(), forced));
    }

    long warehouseLong(String sql) throws SQLException {
        try (Connection duck = java.sql.DriverManager.getConnection("jdbc:duckdb:" + warehouseFile);
                Statement s = duck.createStatement(); java.sql.ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static Clock at(Instant instant) {
        return Clock.fixed(instant, java.time.ZoneOffset.UTC);
    }

    /** A listener that fails the load right after its {@code n}-th staged file, as a crash at that point would. */
    static LoadListener crashAfterChunk(int n) {
        return new LoadListener() {
            private final AtomicInteger chunks = new AtomicInteger();

            @Override
            public void chunkStaged(ExportProgress progress) {
                if (chunks.incrementAndGet() == n) {
                    throw new IllegalStateException("injected crash");
                }
            }
        };
    }

    @Override
    protected void close() throws Exception {
        closeOpened(warehouse, stage);
    }
}
