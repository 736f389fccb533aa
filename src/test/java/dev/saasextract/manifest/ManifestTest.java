package dev.saasextract.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saasextract.config.LogCapture;
import dev.saasextract.errors.ManifestException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GitLab's own manifest layout, and finding entries by key. */
class ManifestTest {

    private static final Path GITLAB_FORMAT = Path.of("src/test/resources/manifest/gitlab-format.yaml");

    @Test
    void gitLabLayoutLoadsWithOtherToolsKeysIgnored() {
        Manifest manifest = Manifest.load(GITLAB_FORMAT);

        assertEquals(List.of("billing_accounts", "ci_builds", "information_schema_columns", "ops_deployments"),
                manifest.tables().stream().map(TableSpec::key).toList());
        TableSpec billing = manifest.require("billing_accounts");
        assertTrue(billing.advancedMetadata());
        assertFalse(billing.deletesExempt());
        assertFalse(billing.isIncremental());
        assertEquals("CUSTOMERS_DB_BILLING_ACCOUNTS", billing.target());
        assertEquals("customers", billing.databaseType());
    }

    @Test
    void booleansWrittenAsStringsAreRead() {
        Manifest manifest = Manifest.load(GITLAB_FORMAT);

        assertTrue(manifest.require("ci_builds").deletesExempt());
        assertFalse(manifest.require("information_schema_columns").advancedMetadata());
        assertFalse(manifest.require("information_schema_columns").deletesExempt());
    }

    @Test
    void queriesAreKeptExactlyAsWritten() {
        TableSpec builds = Manifest.load(GITLAB_FORMAT).require("ci_builds");

        assertEquals("""
                SELECT id, status, name, CASE WHEN name ILIKE '%%sast%%' THEN 'sast' ELSE NULL END AS scan_type
                FROM p_ci_builds
                WHERE updated_at BETWEEN '{BEGIN_TIMESTAMP}'::timestamp AND '{END_TIMESTAMP}'::timestamp""",
                builds.importQuery());
        assertTrue(builds.isIncremental());
    }

    @Test
    void opsWindowPlaceholdersMakeATableIncremental() {
        TableSpec deployments = Manifest.load(GITLAB_FORMAT).require("ops_deployments");

        assertTrue(deployments.usesTimeWindow());
        assertEquals("GITLAB_OPS_DB_DEPLOYMENTS", deployments.target());
    }

    @Test
    void unknownEntryKeyIsWarnedAboutNotRefused() {
        try (LogCapture log = LogCapture.of(TableEntryReader.class)) {
            Manifest.load(GITLAB_FORMAT);

            assertEquals(List.of(GITLAB_FORMAT + ": table 'information_schema_columns': ignoring unknown key "
                    + "'owning_team'"), log.warnings());
        }
    }

    @Test
    void misspelledKeyIsRefusedWithTheClosestKeys() {
        Manifest manifest = Manifest.load(GITLAB_FORMAT);

        ManifestException error = assertThrows(ManifestException.class, () -> manifest.require("ci_bulds"));

        assertEquals(GITLAB_FORMAT + ": table 'ci_bulds' is not in the manifest; did you mean ci_builds?",
                error.getMessage());
    }

    @Test
    void unrelatedKeyIsRefusedWithSomeKnownKeys(@TempDir Path dir) throws IOException {
        StringBuilder yaml = new StringBuilder("tables:\n");
        for (int i = 1; i <= 7; i++) {
            yaml.append("  table_").append(i).append(": {import_query: SELECT id FROM t").append(i)
                    .append(", import_db: GITLAB_DB, export_table: t").append(i)
                    .append(", export_table_primary_key: id}\n");
        }
        Path file = Files.writeString(dir.resolve("seven.yaml"), yaml);
        Manifest manifest = Manifest.load(file);

        ManifestException error = assertThrows(ManifestException.class, () -> manifest.require("projects"));

        assertEquals(file + ": table 'projects' is not in the manifest; known tables: table_1, table_2, table_3, "
                + "table_4, table_5 (and 2 more)", error.getMessage());
    }

    @Test
    void keyWithLineBreakStaysOnOneLine() {
        Manifest manifest = Manifest.load(GITLAB_FORMAT);

        ManifestException error = assertThrows(ManifestException.class,
                () -> manifest.require("issues\nrm -rf /"));

        assertEquals(1, error.getMessage().lines().count(), error.getMessage());
        assertTrue(error.getMessage().contains("table 'issues\\nrm -rf /' is not in the manifest"));
    }
}
