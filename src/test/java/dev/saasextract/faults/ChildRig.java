package dev.saasextract.faults;

import dev.saasextract.testing.TestPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * What a child {@code extract} runs against: source and metadata databases on the test's embedded Postgres, a local
 * staging folder and a DuckDB file, named in a config file, and a manifest holding one table.
 */
final class ChildRig {
    final DataSource sourceAdmin;
    final DataSource metadataAdmin;
    final Path stagingRoot;
    final Path warehouseFile;
    final Path config;
    final Path manifest;

    ChildRig(Path dir, SourceTable table) throws IOException {
        Files.createDirectories(dir);
        String source = TestPostgres.newDatabase();
        String metadata = TestPostgres.newDatabase();
        this.sourceAdmin = TestPostgres.dataSource(source);
        this.metadataAdmin = TestPostgres.dataSource(metadata);
        this.stagingRoot = dir.resolve("staging-root");
        this.warehouseFile = dir.resolve("warehouse.duckdb");
        this.config = Files.writeString(dir.resolve("extract.yaml"), """
                source:    { url: "%s" }
                metadata:  { url: "%s", schema: %s }
                staging:   "%s"
                warehouse: { url: "jdbc:duckdb:%s" }
                """.formatted(TestPostgres.jdbcUrl(source), TestPostgres.jdbcUrl(metadata),
                FaultRig.METADATA_SCHEMA, stagingRoot.toUri(), warehouseFile));
        this.manifest = Files.writeString(dir.resolve("manifest.yaml"), manifestOf(table));
    }

    private static String manifestOf(SourceTable table) {
        var spec = table.spec();
        return "tables:\n  " + spec.key() + ":\n"
                + "    import_db: " + spec.importDb() + "\n"
                + "    export_table: " + spec.exportTable() + "\n"
                + "    export_schema: " + spec.exportSchema() + "\n"
                + "    export_table_primary_key: " + spec.primaryKey() + "\n"
                + (spec.incrementalType().isEmpty() ? "" : "    incremental_type: " + spec.incrementalType() + "\n")
                + "    additional_filtering: \"" + spec.additionalFiltering() + "\"\n"
                + "    import_query: |-\n      " + spec.importQuery() + "\n";
    }

    void sourceSql(String sql) throws SQLException {
        try (Connection c = sourceAdmin.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
