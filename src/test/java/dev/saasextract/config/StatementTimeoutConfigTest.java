package dev.saasextract.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.saasextract.errors.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StatementTimeoutConfigTest {
    @TempDir
    Path dir;

    private Path config(String sourceTimeoutLine) throws IOException {
        return Files.writeString(dir.resolve("extract.yaml"), """
                source:
                  url: jdbc:postgresql://replica:5432/gitlabhq_production
                %s
                metadata: { url: "jdbc:postgresql://meta:5432/saas_meta" }
                staging: file:///var/lib/saas-extract
                warehouse: { url: "jdbc:duckdb:/var/lib/saas-extract/warehouse.duckdb" }
                """.formatted(sourceTimeoutLine));
    }

    private ExtractConfig load(String sourceTimeoutLine) throws IOException {
        return ExtractConfig.load(config(sourceTimeoutLine), Map.of());
    }

    @Test
    void sixHoursUnlessWritten() throws IOException {
        assertEquals(Optional.of(Duration.ofHours(6)), load("").sourceStatementTimeout());
    }

    @ParameterizedTest
    @CsvSource({"500ms, PT0.5S", "90s, PT1M30S", "15min, PT15M", "6h, PT6H", "2d, PT48H", "'20 min', PT20M"})
    void readsPostgresUnits(String written, Duration expected) throws IOException {
        assertEquals(Optional.of(expected), load("  statement_timeout: " + written).sourceStatementTimeout());
    }

    @Test
    void noneLeavesTheServersSetting() throws IOException {
        assertEquals(Optional.empty(), load("  statement_timeout: none").sourceStatementTimeout());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "6 hours| must be a duration such as 30s, 15min or 6h (units ms, s, min, h, d), or none; got '6 hours'",
            "0s| must be between 1ms and 2147483647ms (about 24 days), or none; got '0s'",
            "25d| must be between 1ms and 2147483647ms (about 24 days), or none; got '25d'",
            "200000000000d| must be between 1ms and 2147483647ms (about 24 days), or none; got '200000000000d'",
            "-5s| must be a duration such as 30s, 15min or 6h (units ms, s, min, h, d), or none; got '-5s'"})
    void anythingElseIsAOneLineErrorNamingTheFileAndKey(String written, String problem) throws IOException {
        Path file = config("  statement_timeout: \"" + written + "\"");
        ConfigException e = assertThrows(ConfigException.class, () -> ExtractConfig.load(file, Map.of()));
        assertEquals(file + ": source.statement_timeout: " + problem, e.getMessage());
    }

    @Test
    void isASourceSettingOnly() throws IOException {
        Path file = Files.writeString(dir.resolve("extract.yaml"), """
                source: { url: "jdbc:postgresql://replica:5432/gitlabhq_production" }
                metadata: { url: "jdbc:postgresql://meta:5432/saas_meta", statement_timeout: 1h }
                staging: file:///var/lib/saas-extract
                warehouse: { url: "jdbc:duckdb:/var/lib/saas-extract/warehouse.duckdb" }
                """);
        ConfigException e = assertThrows(ConfigException.class, () -> ExtractConfig.load(file, Map.of()));
        assertEquals(file + ": metadata.statement_timeout: unknown key (known here: database, embedded, password,"
                + " schema, url, user)", e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"90s", "15min", "none", "1500ms", "6h"})
    void writtenAsYamlItLoadsBackUnchanged(String written) throws IOException {
        ExtractConfig config = load("  statement_timeout: " + written);
        Path copy = Files.writeString(dir.resolve("copy.yaml"), config.toYaml());
        assertEquals(config, ExtractConfig.load(copy, Map.of()));
    }
}
