package dev.saasextract.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saasextract.errors.ConfigException;
import dev.saasextract.schema.ColumnSpec;
import dev.saasextract.schema.ColumnType;
import dev.saasextract.schema.ColumnType.Kind;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WarehousesTest {

    @TempDir
    Path dir;

    @Test
    void aDuckDbUrlOpensAWarehouseWhoseChangesAreCommitted() {
        String url = "jdbc:duckdb:" + dir.resolve("warehouse.duckdb");
        try (Warehouse warehouse = Warehouses.open(url)) {
            warehouse.createTable("tap_postgres", "GITLAB_DB_ISSUES",
                    List.of(new ColumnSpec("id", ColumnType.of(Kind.BIGINT, "int8"))));
        }

        try (Warehouse reopened = Warehouses.open(url)) {
            assertEquals(Optional.of(List.of("id")), reopened.columns("tap_postgres", "GITLAB_DB_ISSUES"));
        }
    }

    @Test
    void anUnsupportedUrlIsAConfigErrorThatHidesTheQueryString() {
        ConfigException error = assertThrows(ConfigException.class,
                () -> Warehouses.open("jdbc:postgresql://host/db?password=s3cret"));

        assertEquals("warehouse.url: unsupported warehouse jdbc:postgresql://host/db?… (supported: jdbc:duckdb:)",
                error.getMessage());
    }

    @Test
    void aDatabaseThatCannotBeOpenedIsARuntimeFailureNamingTheUrl() {
        String url = "jdbc:duckdb:" + dir.resolve("no/such/dir/warehouse.duckdb");

        WarehouseException error = assertThrows(WarehouseException.class, () -> Warehouses.open(url));

        assertTrue(error.getMessage().startsWith("warehouse.url: cannot connect to " + url + ": "), error.getMessage());
        assertFalse(error.getMessage().contains("\n"), error.getMessage());
    }
}
