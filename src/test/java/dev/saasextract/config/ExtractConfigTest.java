package dev.saasextract.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExtractConfigTest {

    private static final Path RESOURCES = Path.of("src/test/resources/config").toAbsolutePath();
    private static final Path PRODUCTION = RESOURCES.resolve("extract.yaml");
    private static final Path EMBEDDED = RESOURCES.resolve("embedded.yaml");

    private static final Map<String, String> ENV = Map.of(
            "GITLAB_COM_DB_USER", "extractor",
            "GITLAB_COM_DB_PASS", "source-pass-from-env",
            "GITLAB_METADATA_DB_USER", "meta_writer",
            "GITLAB_METADATA_DB_PASS", "metadata-pass-from-env",
            "SNOWFLAKE_LOAD_USER", "LOADER_USER",
            "ENVIRONMENT", "production");

    @Test
    void productionLayoutIsReadWithReferencesFilled() {
        ExtractConfig config = ExtractConfig.load(PRODUCTION, ENV);

        DatabaseConfig source = config.source();
        assertEquals("jdbc:postgresql://replica.internal:5432/gitlabhq_production?sslmode=require", source.url());
        assertEquals("gitlabhq_production", source.database());
        assertEquals("extractor", source.user());
        assertEquals("source-pass-from-env", source.password().reveal());
        assertFalse(source.isEmbedded());
        assertEquals("saas_meta", config.metadata().database());
        assertEquals("metadata-pass-from-env", config.metadata().password().reveal());
        assertEquals(URI.create("gs://saas-pipeline-backfills/production"), config.staging());
        assertEquals("LOADER_USER", config.warehouse().user());
        assertNull(config.warehouse().password());
        assertEquals(RESOURCES.resolve("keys/snowflake_rsa_key.p8"), config.warehouse().privateKeyFile());
        assertEquals("gcs_integration", config.warehouse().storageIntegration());
        assertFalse(config.warehouse().isDuckDb());
    }

    @Test
    void metadataSchemaComesFromTheEnvironmentWhenNotWritten() {
        assertEquals("saas_db_metadata", ExtractConfig.load(PRODUCTION, ENV).metadataSchema());

        Map<String, String> env = new java.util.HashMap<>(ENV);
        env.put("GITLAB_METADATA_SCHEMA", "saas_db_metadata_staging");
        assertEquals("saas_db_metadata_staging", ExtractConfig.load(PRODUCTION, env).metadataSchema());
    }

    @Test
    void embeddedPathsResolveAgainstTheConfigFolderAndDollarDollarIsLiteral() {
        ExtractConfig config = ExtractConfig.load(EMBEDDED, Map.of("GITLAB_METADATA_SCHEMA", "ignored"));

        assertTrue(config.source().isEmbedded());
        assertEquals(RESOURCES.resolve("demo/postgres"), config.source().embeddedDataDir());
        assertNull(config.source().url());
        assertNull(config.source().password());
        assertEquals("gitlabhq_production", config.source().database());
        assertEquals(RESOURCES.resolve("demo/postgres"), config.metadata().embeddedDataDir());
        assertEquals("saas_meta", config.metadata().database());
        assertEquals("pipeline_${not_a_reference}", config.metadataSchema());
        assertEquals(URI.create("file:///tmp/saas-extract/staging"), config.staging());
        assertEquals("jdbc:duckdb:" + RESOURCES.resolve("demo/warehouse.duckdb"), config.warehouse().url());
        assertTrue(config.warehouse().isDuckDb());
    }

    @Test
    void noConfigRecordPrintsASecret() {
        ExtractConfig config = ExtractConfig.load(PRODUCTION, ENV);
        WarehouseConfig warehouse = new WarehouseConfig(
                "jdbc:snowflake://x.snowflakecomputing.com/", "LOADER", Secret.literal("warehouse-pass"), null, null);

        for (Object printed : List.of(config, config.source(), config.metadata(), config.warehouse(), warehouse,
                warehouse.password())) {
            String text = printed.toString();
            assertFalse(text.contains("pass-from-env") || text.contains("warehouse-pass"), text);
        }
        assertTrue(config.source().toString().contains("Secret(${GITLAB_COM_DB_PASS})"), config.source().toString());
        assertEquals("Secret(****)", warehouse.password().toString());
    }

    @Test
    void secretsWithTheSameValueAreNotEqual() {
        assertNotEquals(Secret.literal("same"), Secret.literal("same"));
    }

    @Test
    void plainTextPasswordIsWarnedAboutWithoutTheValue() {
        Path file = RESOURCES.resolve("plaintext-password.yaml");
        try (LogCapture log = LogCapture.of(ConfigSection.class)) {
            ExtractConfig config = ExtractConfig.load(file, Map.of());

            assertEquals("hunter2-plaintext", config.source().password().reveal());
            assertEquals(List.of(file + ": source.password: secrets should come from the environment: write ${NAME} "
                    + "instead of the value"), log.warnings());
        }
    }

    @Test
    void passwordsFromTheEnvironmentAreNotWarnedAbout() {
        try (LogCapture log = LogCapture.of(ConfigSection.class)) {
            ExtractConfig.load(PRODUCTION, ENV);

            assertEquals(List.of(), log.warnings());
        }
    }

    @Test
    void aStagingSchemeInCapitalsIsTheSameScheme(@TempDir Path base) throws IOException {
        Path duckDb = Files.writeString(base.resolve("duckdb.yaml"), """
                source:    { embedded: ./postgres, database: gitlabhq_production }
                metadata:  { embedded: ./postgres, database: saas_meta }
                staging:   FILE:///tmp/saas-extract/staging
                warehouse: { url: "jdbc:duckdb:warehouse.duckdb" }
                """);
        Path snowflake = Files.writeString(base.resolve("snowflake.yaml"), """
                source:    { embedded: ./postgres, database: gitlabhq_production }
                metadata:  { embedded: ./postgres, database: saas_meta }
                staging:   GS://saas-pipeline-backfills/production
                warehouse: { url: "jdbc:snowflake://gitlab.snowflakecomputing.com/?db=RAW", user: loader, \
                password: "${SNOWFLAKE_PASSWORD}", storage_integration: gcs_integration }
                """);

        assertEquals(URI.create("file:///tmp/saas-extract/staging"), ExtractConfig.load(duckDb, ENV).staging());
        assertEquals(URI.create("gs://saas-pipeline-backfills/production"),
                ExtractConfig.load(snowflake, Map.of("SNOWFLAKE_PASSWORD", "x")).staging());
    }

    @Test
    void snowflakeUrlsInTheFormsTheDriverDocumentsAreAccepted(@TempDir Path base) throws IOException {
        for (String url : List.of("jdbc:snowflake://gitlab.snowflakecomputing.com/?user=LOADER&db=RAW"
                        + "&authenticator=externalbrowser",
                "jdbc:snowflake://https://gitlab.snowflakecomputing.com:443/?USER=LOADER&db=RAW&AUTHENTICATOR=oauth",
                "jdbc:snowflake://xy12345.us-east-2.aws.privatelink.snowflakecomputing.com/?db=RAW&user=LOADER"
                        + "&authenticator=username_password_mfa")) {
            Path config = Files.writeString(base.resolve("extract.yaml"), """
                    source:    { embedded: ./postgres, database: gitlabhq_production }
                    metadata:  { embedded: ./postgres, database: saas_meta }
                    staging:   gs://saas-pipeline-backfills
                    warehouse: { url: "%s", storage_integration: gcs_integration }
                    """.formatted(url));

            assertEquals(url, ExtractConfig.load(config, ENV).warehouse().url());
        }
    }

    @Test
    void embeddedDefaultKeepsEverythingUnderTheBaseFolder(@TempDir Path base) {
        ExtractConfig config = ExtractConfig.embeddedDefault(base);

        Path root = base.toAbsolutePath().normalize();
        assertEquals(DatabaseConfig.embedded(root.resolve("postgres"), "gitlabhq_production"), config.source());
        assertEquals(DatabaseConfig.embedded(root.resolve("postgres"), "saas_meta"), config.metadata());
        assertEquals("saas_db_metadata", config.metadataSchema());
        assertEquals(URI.create("file://" + root.resolve("staging")), config.staging());
        assertEquals("jdbc:duckdb:" + root.resolve("warehouse.duckdb"), config.warehouse().url());
    }

    @Test
    void embeddedDefaultWrittenAsYamlLoadsBackUnchanged(@TempDir Path base) throws IOException {
        ExtractConfig config = ExtractConfig.embeddedDefault(base);
        Path file = Files.writeString(base.resolve("extract.yaml"), config.toYaml());

        assertEquals(config, ExtractConfig.load(file, Map.of("GITLAB_METADATA_SCHEMA", "not_used")));
    }

    @Test
    void toYamlWritesReferencesNeverSecretValues(@TempDir Path dir) throws IOException {
        ExtractConfig config = ExtractConfig.load(PRODUCTION, ENV);

        String yaml = config.toYaml();
        Path file = Files.writeString(dir.resolve("extract.yaml"), yaml);
        ExtractConfig reloaded = ExtractConfig.load(file, ENV);

        assertFalse(yaml.contains("pass-from-env"), yaml);
        assertTrue(yaml.contains("${GITLAB_COM_DB_PASS}"), yaml);
        assertEquals("source-pass-from-env", reloaded.source().password().reveal());
        assertEquals("metadata-pass-from-env", reloaded.metadata().password().reveal());
        assertEquals(config.source().url(), reloaded.source().url());
        assertEquals(config.staging(), reloaded.staging());
        assertEquals(config.warehouse().privateKeyFile(), reloaded.warehouse().privateKeyFile());
    }

    @Test
    void toYamlKeepsLiteralDollarBraces(@TempDir Path dir) throws IOException {
        ExtractConfig config = ExtractConfig.load(EMBEDDED, Map.of());

        Path file = Files.writeString(dir.resolve("extract.yaml"), config.toYaml());

        assertEquals("pipeline_${not_a_reference}", ExtractConfig.load(file, Map.of()).metadataSchema());
    }

    @Test
    void toYamlRefusesToWriteAPlainTextPassword() {
        ExtractConfig config = ExtractConfig.load(RESOURCES.resolve("plaintext-password.yaml"), Map.of());

        IllegalStateException error = assertThrows(IllegalStateException.class, config::toYaml);

        assertFalse(error.getMessage().contains("hunter2"), error.getMessage());
        assertTrue(error.getMessage().startsWith("source.password was written in plain text"), error.getMessage());
    }
}
