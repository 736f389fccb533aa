package dev.saasextract.faults;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.saasextract.checkpoint.Checkpoints;
import dev.saasextract.load.ExportParallelism;
import dev.saasextract.load.LoadContext;
import dev.saasextract.load.LoadListener;
import dev.saasextract.load.TablePlanner;
import dev.saasextract.metadata.MetadataStore;
import dev.saasextract.source.PostgresSource;
import dev.saasextract.stage.StagingStore;
import dev.saasextract.stage.StagingStores;
import dev.saasextract.testing.TestPostgres;
import dev.saasextract.warehouse.JdbcWarehouse;
import dev.saasextract.warehouse.Warehouse;
import dev.saasextract.warehouse.dialect.DuckDbDialect;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import javax.sql.DataSource;

/**
 * The real parts of a load, every one reporting its checkpoints to one {@link FaultInjector}: source and metadata
 * databases on the test's embedded Postgres, a local staging folder, a DuckDB warehouse file.
 */
final class FaultRig implements AutoCloseable {
    static final String METADATA_SCHEMA = "saas_db_metadata";

    final FaultInjector injector = new FaultInjector();
    final HikariDataSource sourceAdmin;
    final HikariDataSource metadataAdmin;
    final PostgresSource source;
    final MetadataStore metadata;
    final Path stagingRoot;
    final StagingStore stage;
    final Path warehouseFile;
    final Warehouse warehouse;

    /** Opens the rig's warehouse on its DuckDB file, reporting to its checkpoints. */
    @FunctionalInterface
    interface WarehouseOpener {
        Warehouse open(String jdbcUrl, Checkpoints checkpoints) throws SQLException;
    }

    FaultRig(Path dir) throws SQLException, IOException {
        this(dir, MetadataStore::open, (url, checkpoints) -> JdbcWarehouse.open(DriverManager.getConnection(url),
                new DuckDbDialect(), checkpoints));
    }

    /** With the metadata store and the warehouse opened as the caller says, e.g. with their own retries. */
    FaultRig(Path dir, BiFunction<DataSource, String, MetadataStore> openMetadata, WarehouseOpener openWarehouse)
            throws SQLException, IOException {
        Files.createDirectories(dir);
        this.sourceAdmin = pool(TestPostgres.newDatabase());
        this.source = new PostgresSource(sourceAdmin);
        this.metadataAdmin = pool(TestPostgres.newDatabase());
        this.metadata = openMetadata.apply(metadataAdmin, METADATA_SCHEMA);
        this.stagingRoot = dir.resolve("staging-root");
        this.stage = new PurgeReportingStore(StagingStores.open(stagingRoot.toUri(), Map.of()), injector);
        this.warehouseFile = dir.resolve("warehouse.duckdb");
        this.warehouse = openWarehouse.open("jdbc:duckdb:" + warehouseFile, injector);
    }

    /** Pooled as the CLI's connections are: a new Postgres connection per query would dominate the run time. */
    private static HikariDataSource pool(String database) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(TestPostgres.jdbcUrl(database));
        config.setMaximumPoolSize(8);
        config.setMinimumIdle(0);
        return new HikariDataSource(config);
    }

    static Clock at(Instant instant) {
        return Clock.fixed(instant, ZoneOffset.UTC);
    }

    void sourceSql(String sql) throws SQLException {
        try (Connection c = sourceAdmin.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    Connection warehouseConnection() throws SQLException {
        return DriverManager.getConnection("jdbc:duckdb:" + warehouseFile);
    }

    TablePlanner planner(Clock clock) {
        return new TablePlanner(source, warehouse, metadata, clock);
    }

    LoadContext context(Clock clock, long chunkRows, ExportParallelism parallelism) {
        return new LoadContext(source, stage, warehouse, metadata, clock, chunkRows, Optional.of("dag__task__1"),
                LoadListener.NONE, parallelism, injector);
    }

    @Override
    public void close() throws Exception {
        warehouse.close();
        stage.close();
        sourceAdmin.close();
        metadataAdmin.close();
    }
}
