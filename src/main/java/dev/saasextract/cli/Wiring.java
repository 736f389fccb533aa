package dev.saasextract.cli;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool.PoolInitializationException;
import dev.saasextract.concurrent.Threads;
import dev.saasextract.config.DatabaseConfig;
import dev.saasextract.config.ExtractConfig;
import dev.saasextract.config.RetrySettings;
import dev.saasextract.config.WarehouseConfig;
import dev.saasextract.embedded.EmbeddedPostgresServers;
import dev.saasextract.load.LogContext;
import dev.saasextract.metadata.MetadataSchemaState;
import dev.saasextract.metadata.MetadataStore;
import dev.saasextract.retry.Retrier;
import dev.saasextract.retry.RetryPolicy;
import dev.saasextract.retry.Sleeper;
import dev.saasextract.seeds.InternalLists;
import dev.saasextract.seeds.SeedFiles;
import dev.saasextract.source.PostgresSource;
import dev.saasextract.sql.JdbcUrls;
import dev.saasextract.stage.StagingStore;
import dev.saasextract.stage.StagingStores;
import dev.saasextract.warehouse.Warehouse;
import dev.saasextract.warehouse.Warehouses;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * The composition root: turns a configuration into the concrete source, metadata store, staging store and warehouse,
 * each opened on first use and closed together. Only here are concrete backends named.
 */
final class Wiring implements AutoCloseable {
    private final ExtractConfig config;
    private final Map<String, String> env;
    private final int readers;
    private final Deque<AutoCloseable> opened = new ArrayDeque<>();
    private EmbeddedPostgresServers embedded;
    private PostgresSource source;
    private MetadataStore metadata;
    private StagingStore stage;
    private Warehouse warehouse;
    private CompletableFuture<Warehouse> warehouseOpening;
    private Thread warehouseOpener;
    private final Function<WarehouseConfig, CompletableFuture<Void>> driverPreload;
    private CompletableFuture<Void> driverPreloading;
    private boolean readOnly;
    private InternalLists internalLists;

    /** @param env the environment backends read credentials from (e.g. {@code $EXTRACT_GCS_KEY_FILE}) */
    Wiring(ExtractConfig config, Map<String, String> env) {
        this(config, env, 1);
    }

    /** @param readers source connections read at once ({@code --parallel}); the pools are sized for them */
    Wiring(ExtractConfig config, Map<String, String> env, int readers) {
        this(config, env, readers, Warehouses::preloadDriver);
    }

    /** @param driverPreload loads a warehouse driver's native library ahead ({@link Warehouses#preloadDriver}) */
    Wiring(ExtractConfig config, Map<String, String> env, int readers,
            Function<WarehouseConfig, CompletableFuture<Void>> driverPreload) {
        this.config = config;
        this.env = env;
        this.readers = readers;
        this.driverPreload = driverPreload;
    }

    ExtractConfig config() {
        return config;
    }

    /** The seed files behind the {@code {INTERNAL_*}} placeholders, each read when a table first needs it. */
    InternalLists internalLists() {
        if (internalLists == null) {
            SeedFiles files = new SeedFiles(Retrier.of(retryPolicy(), SeedFiles::isTransient, Sleeper.REAL));
            internalLists = new InternalLists(config.internalLists(), files);
        }
        return internalLists;
    }

    PostgresSource source() {
        if (source == null) {
            // one connection per reader, one for the main thread's planning queries
            source = new PostgresSource(pool(config.source(), "source", true, readers + 1),
                    PostgresSource.DEFAULT_FETCH_SIZE, config.sourceStatementTimeout(),
                    Retrier.forSql(retryPolicy(), Sleeper.REAL));
        }
        return source;
    }

    MetadataStore metadata() {
        if (metadata == null) {
            // each reader appends rows while up to three locks (shard, planning, table) hold a connection each
            DataSource pool = pool(config.metadata(), "metadata", readOnly, readers + 3);
            Retrier retrier = Retrier.forSql(retryPolicy(), Sleeper.REAL);
            metadata = readOnly
                    ? MetadataStore.openForReading(pool, config.metadataSchema(), retrier)
                    : MetadataStore.open(pool, config.metadataSchema(), retrier);
        }
        return metadata;
    }

    /**
     * For the commands that change nothing ({@code plan}, {@code status}, {@code verify}): from now on
     * {@link #metadata()} opens the store for reading only, creating and migrating nothing, and {@link #warehouse()}
     * opens the warehouse for reading ({@link Warehouses#openForReading}: a DuckDB file read-only, and not created when
     * absent).
     */
    Wiring changingNothing() {
        if (metadata != null || warehouse != null || warehouseOpening != null) {
            throw new IllegalStateException("the metadata store or the warehouse is open already");
        }
        readOnly = true;
        return this;
    }

    /** What the metadata schema holds, found without changing it ({@code validate --check-connections}). */
    MetadataSchemaState metadataState() {
        return MetadataStore.state(pool(config.metadata(), "metadata", true, 1),
                config.metadataSchema());
    }

    StagingStore stage() {
        if (stage == null) {
            stage = opened(StagingStores.open(config.staging(), env));
        }
        return stage;
    }

    Warehouse warehouse() {
        if (warehouse == null) {
            // taken before it is joined: a failure surfaces here, once, not again from close()
            CompletableFuture<Warehouse> opening = warehouseOpening;
            warehouseOpening = null;
            warehouse = opened(opening == null ? openWarehouse() : joined(opening));
        }
        return warehouse;
    }

    /**
     * Starts connecting to the warehouse on another thread, so that it overlaps the metadata store's opening and the
     * table lock that come first (a DuckDB file takes ~0.3 s to open, a Snowflake login longer). Any failure surfaces
     * from {@link #warehouse()}, as if it had connected there.
     */
    void openWarehouseAhead() {
        if (warehouse == null && warehouseOpening == null) {
            Map<String, String> logContext = LogContext.ofThisThread();
            warehouseOpening = CompletableFuture.supplyAsync(this::openWarehouse, task -> warehouseOpener =
                    Threads.startDaemon("saas-extract-warehouse-open", () -> LogContext.runWith(logContext, task)));
        }
    }

    /**
     * Loads the warehouse driver's native library in the background (DuckDB's), which touches no warehouse and so may
     * start before the checks that decide whether the run touches anything. {@link #close} waits for it: the driver
     * only marks its extracted copy for deletion once it is written, so a run that exited during the copy would
     * leave a partial 60 MB file in the temp dir.
     */
    void preloadWarehouseDriver() {
        if (driverPreloading == null) {
            driverPreloading = driverPreload.apply(config.warehouse());
        }
    }

    private Warehouse openWarehouse() {
        Retrier retrier = Retrier.forWarehouse(retryPolicy(), Sleeper.REAL);
        return readOnly ? Warehouses.openForReading(config.warehouse(), retrier)
                : Warehouses.open(config.warehouse(), retrier);
    }

    private static Warehouse joined(CompletableFuture<Warehouse> opening) {
        try {
            return opening.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    /** extract.yaml's {@code retry} section, for the source, the metadata store and the warehouse alike. */
    private RetryPolicy retryPolicy() {
        RetrySettings retry = config.retry();
        return new RetryPolicy(retry.maxAttempts(), retry.initialBackoff(), retry.maxBackoff());
    }

    /** A writable connection to an embedded database, for the demo's own source changes. */
    DataSource embeddedAdmin(DatabaseConfig db) {
        if (db.embeddedDataDir() == null) {
            throw new IllegalStateException("not an embedded database: " + JdbcUrls.forLogs(db.url()));
        }
        return embedded().database(db.embeddedDataDir(), db.database());
    }

    /** A pool for the database of the config's {@code section} ("source" or "metadata"), connected once. */
    private HikariDataSource pool(DatabaseConfig db, String section, boolean readOnly, int connections) {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("saas-extract-" + section);
        hikari.setMaximumPoolSize(Math.max(3, connections));
        hikari.setMinimumIdle(0);
        hikari.setReadOnly(readOnly);
        hikari.addDataSourceProperty("ApplicationName", "saas-extract");
        // Binary transfer is much cheaper to decode; timetz stays text so its original offset is kept (pgjdbc's
        // binary decoding renders it in UTC) — it is carried as text.
        hikari.addDataSourceProperty("prepareThreshold", "-1");
        hikari.addDataSourceProperty("binaryTransferDisable", "TIMETZ");
        // A server that vanished without a reset (failover, a dropped NAT entry) would otherwise leave a COPY read,
        // or the table lock's session, blocked for ever; keepalive lets the kernel notice and fail the read.
        hikari.addDataSourceProperty("tcpKeepAlive", "true");
        if (db.embeddedDataDir() != null) {
            hikari.setJdbcUrl(embedded().jdbcUrl(db.embeddedDataDir(), db.database()));
        } else {
            hikari.setJdbcUrl(db.url());
            if (db.user() != null) {
                hikari.setUsername(db.user());
            }
            if (db.password() != null) {
                hikari.setPassword(db.password().reveal());
            }
        }
        return opened(firstConnection(section, hikari));
    }

    /**
     * Opens the pool, which connects once to fail fast. A refused or lost connection is retried as {@code retry}
     * says: in a pod, a database proxy beside the extractor may not be listening yet when it starts.
     */
    private HikariDataSource firstConnection(String section, HikariConfig hikari) {
        String url = JdbcUrls.forLogs(hikari.getJdbcUrl());
        return Retrier.forSql(retryPolicy(), Sleeper.REAL).call(section + " database " + url, attempt -> {
            try {
                return new HikariDataSource(hikari);
            } catch (PoolInitializationException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                throw new DatabaseConnectException(section + ": cannot connect to " + url + ": "
                        + String.valueOf(cause.getMessage()).lines().findFirst().orElse("")
                        + PostgresSource.loginHint(section, cause), cause);
            }
        });
    }

    private EmbeddedPostgresServers embedded() {
        if (embedded == null) {
            embedded = opened(new EmbeddedPostgresServers());
        }
        return embedded;
    }

    private <T extends AutoCloseable> T opened(T resource) {
        opened.push(resource);
        return resource;
    }

    @Override
    public void close() {
        if (driverPreloading != null) {
            driverPreloading.handle((loaded, failure) -> null).join(); // a failure was logged; opening reports it
            driverPreloading = null;
        }
        if (warehouseOpening != null) {
            // Opened ahead but never asked for (the run failed first). Interrupted, a connection retry gives up at its
            // next pause instead of keeping a failed run waiting; a connection made is closed with the rest.
            warehouseOpener.interrupt();
            try {
                opened(joined(warehouseOpening));
            } catch (RuntimeException neverAskedFor) {
                // nothing to close; the run did not get far enough to need the warehouse
            }
            warehouseOpening = null;
            Threads.joinUninterruptibly(warehouseOpener);
        }
        RuntimeException failure = null;
        while (!opened.isEmpty()) {
            try {
                opened.pop().close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("cannot close " + e.getMessage(), e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
