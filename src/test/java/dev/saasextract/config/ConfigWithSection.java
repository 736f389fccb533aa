package dev.saasextract.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A valid extract.yaml (remote Postgres, local staging, DuckDB) with one more top-level section under test. */
final class ConfigWithSection {
    private ConfigWithSection() {
    }

    static Path write(Path dir, String section) throws IOException {
        return Files.writeString(dir.resolve("extract.yaml"), """
                source: { url: "jdbc:postgresql://replica:5432/gitlabhq_production" }
                metadata: { url: "jdbc:postgresql://meta:5432/saas_meta" }
                staging: file:///var/lib/saas-extract
                warehouse: { url: "jdbc:duckdb:/var/lib/saas-extract/warehouse.duckdb" }
                %s
                """.formatted(section));
    }
}
