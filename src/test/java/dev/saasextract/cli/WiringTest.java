package dev.saasextract.cli;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saasextract.errors.ConfigException;
import dev.saasextract.config.ExtractConfig;
import dev.saasextract.config.WarehouseConfig;
import dev.saasextract.schema.ColumnSpec;
import dev.saasextract.schema.ColumnType;
import dev.saasextract.schema.ColumnType.Kind;
import dev.saasextract.warehouse.Warehouse;
import dev.saasextract.warehouse.Warehouses;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The warehouse opened ahead, on its own thread, while a run checks its source and migrates its metadata store. */
class WiringTest {

    @TempDir
    Path dir;

    @Test
    void aWarehouseOpenedAheadIsTheOneTheRunGets() {
        Path file = dir.resolve("warehouse.duckdb");
        try (Wiring wiring = new Wiring(configWith(WarehouseConfig.duckDb(file)), Map.of())) {
            wiring.openWarehouseAhead();
            Warehouse warehouse = wiring.warehouse();
            warehouse.createTable("tap_postgres", "GITLAB_DB_ISSUES",
                    List.of(new ColumnSpec("id", ColumnType.of(Kind.BIGINT, "int8"))));

            wiring.openWarehouseAhead(); // already open: nothing more is opened
            assertSame(warehouse, wiring.warehouse());
        }
        try (Warehouse reopened = Warehouses.open("jdbc:duckdb:" + file)) {
            assertEquals(Optional.of(List.of("id")), reopened.columns("tap_postgres", "GITLAB_DB_ISSUES"));
        }
    }

    @Test
    void aWarehouseThatCannotOpenFailsWhereTheRunAsksForIt() {
        WarehouseConfig unsupported = new WarehouseConfig("jdbc:postgresql://host/db", null, null, null, null);
        try (Wiring wiring = new Wiring(configWith(unsupported), Map.of())) {
            wiring.openWarehouseAhead();

            ConfigException failure = assertThrows(ConfigException.class, wiring::warehouse);

            assertEquals("warehouse.url: unsupported warehouse jdbc:postgresql://host/db (supported: jdbc:duckdb:,"
                    + " jdbc:snowflake:)", failure.getMessage());
        }
    }

    @Test
    void closeWaitsForTheDriversNativeLibraryToFinishLoading() throws InterruptedException {
        CompletableFuture<Void> preload = new CompletableFuture<>();
        Wiring wiring = new Wiring(configWith(WarehouseConfig.duckDb(dir.resolve("warehouse.duckdb"))), Map.of(), 1,
                config -> preload);
        wiring.preloadWarehouseDriver();
        Thread closing = new Thread(wiring::close);
        closing.start();

        closing.join(300);
        assertTrue(closing.isAlive(), "close() returned while the library was still loading");
        preload.completeExceptionally(new IllegalStateException("cannot load org.duckdb.DuckDBNative"));
        closing.join(10_000);
        assertFalse(closing.isAlive(), "close() did not return once the loading ended (here: failed)");
    }

    @Test
    void aWarehouseOpenedAheadButNeverAskedForIsClosedWithTheRest() {
        Path file = dir.resolve("warehouse.duckdb");
        Wiring wiring = new Wiring(configWith(WarehouseConfig.duckDb(file)), Map.of());
        wiring.openWarehouseAhead();

        wiring.close();

        assertFalse(Thread.getAllStackTraces().keySet().stream()
                .anyMatch(thread -> thread.getName().equals("saas-extract-warehouse-open")),
                "close() waits for the opening thread, and closes the warehouse it opened");
    }

    @Test
    void aFailedOpeningNeverAskedForDoesNotFailTheClose() {
        WarehouseConfig unsupported = new WarehouseConfig("jdbc:postgresql://host/db", null, null, null, null);
        Wiring wiring = new Wiring(configWith(unsupported), Map.of());
        wiring.openWarehouseAhead();

        // the run failed before it needed the warehouse: its own failure is the one to report, not this one
        assertDoesNotThrow(wiring::close);
    }

    private ExtractConfig configWith(WarehouseConfig warehouse) {
        ExtractConfig embedded = ExtractConfig.embeddedDefault(dir);
        return new ExtractConfig(embedded.source(), embedded.metadata(), embedded.metadataSchema(), embedded.staging(),
                warehouse, embedded.sourceStatementTimeout(), embedded.retry());
    }
}
