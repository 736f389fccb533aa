package dev.saasextract.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The manifest's advanced_metadata and deletes_exempt, through the CLI (CONTRACT §1 and §7). */
class ManifestFlagsCliTest extends CiBuildsTest {
    private List<String> warehouseColumn(String sql) throws Exception {
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:" + fixture.warehouse());
                Statement s = duck.createStatement(); ResultSet rows = s.executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (rows.next()) {
                values.add(rows.getString(1));
            }
            return values;
        }
    }

    @Test
    void advancedMetadataFillsTaskInstanceFromTheEnvironmentOnEveryRow() throws Exception {
        Files.writeString(fixture.manifest(), CiBuildsFixture.MANIFEST.replace("dbt_source_model: true",
                "advanced_metadata: true"));

        CliRun run = fixture.extract(Map.of("TASK_INSTANCE", "saas_extract__ci_builds__20261127T0300"),
                "--table", "ci_builds", "--chunk-rows", "1000");

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals(List.of("saas_extract__ci_builds__20261127T0300|2250"), warehouseColumn("SELECT _task_instance"
                + " || '|' || count(*) FROM tap_postgres.\"" + CiBuildsFixture.TARGET + "\" GROUP BY _task_instance"));
    }

    @Test
    void advancedMetadataTurnedOnAfterTheBackfillAddsTheColumnAndFillsItFromThenOn() throws Exception {
        assertEquals(0, fixture.extract("--table", "ci_builds", "--chunk-rows", "1000").exitCode());
        Files.writeString(fixture.manifest(), CiBuildsFixture.MANIFEST.replace("dbt_source_model: true",
                "advanced_metadata: true"));

        CliRun run = fixture.extract(Map.of("TASK_INSTANCE", "saas_extract__ci_builds__20261128T0300"),
                "--table", "ci_builds", "--load-type", "incremental");

        assertEquals(0, run.exitCode(), run::toString);
        // updated_at = now() - g days: g = 1..3 fall in the default 96-hour window
        assertTrue(run.log().contains("action=incremental rows=3 files=1"), run.log());
        assertTrue(run.log().contains("Added columns [_task_instance]"), run.log());
        assertEquals(List.of("null|2250", "saas_extract__ci_builds__20261128T0300|3"),
                warehouseColumn("SELECT coalesce(_task_instance, 'null') || '|' || count(*) FROM tap_postgres.\""
                        + CiBuildsFixture.TARGET + "\" GROUP BY _task_instance ORDER BY 1"));
    }

    @Test
    void anAutoRunOfADeletesExemptTableRunsNoDeletesStep() throws Exception {
        Files.writeString(fixture.manifest(), CiBuildsFixture.MANIFEST.replace("dbt_source_model: true",
                "deletes_exempt: true"));

        CliRun run = fixture.extract("--table", "ci_builds");

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.log().contains("action=backfill:start rows=2250"), run.log());
        assertFalse(run.log().contains("step=deletes"), "no deletes decision at all: " + run.log());
        assertEquals(List.of(), warehouseColumn("SELECT column_name FROM information_schema.columns WHERE table_name = '"
                + CiBuildsFixture.TARGET + "' AND column_name = 'is_deleted'"), "never flagged");
    }
}
