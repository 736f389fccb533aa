package dev.saasextract.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.saasextract.testing.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GitLab's internal-only tables (reference example 4): {@code additional_filtering} keeps the rows of GitLab's own
 * projects, listed in dbt seed files, here local files named by extract.yaml's {@code internal_lists}.
 */
class InternalOnlyTableTest {
    private static final String MANIFEST = """
            tables:
              ci_builds_internal_only:
                additional_filtering: AND project_id in {INTERNAL_PROJECT_IDS}
                dbt_source_model: true
                deletes_exempt: True
                is_incremental: True
                database_type: ci
                export_schema: 'gitlab_com'
                export_table: ci_builds_internal_only
                export_table_primary_key: id
                import_db: GITLAB_DB
                import_query: SELECT id, updated_at, name, stage, ref, description, project_id FROM p_ci_builds WHERE updated_at BETWEEN '{BEGIN_TIMESTAMP}'::timestamp AND '{END_TIMESTAMP}'::timestamp
            """;

    @TempDir
    Path dir;

    private String source;
    private Path manifest;

    @BeforeEach
    void setUp() throws Exception {
        source = TestPostgres.newDatabase("CREATE TABLE p_ci_builds (id bigint PRIMARY KEY, updated_at timestamp,"
                + " name text, stage text, ref text, description text, project_id bigint);"
                + " INSERT INTO p_ci_builds SELECT g, now() - g * interval '1 hour', 'rspec ' || g, 'test', 'main',"
                + " NULL, g % 7 FROM generate_series(1, 300) g");
        manifest = Files.writeString(dir.resolve("manifest.yaml"), MANIFEST);
        Files.createDirectories(dir.resolve("seeds"));
        Files.writeString(dir.resolve("seeds/internal_gitlab_projects.csv"),
                "project_path,project_id\ngitlab-org/gitlab,2\ngitlab-org/gitlab-runner,5\n");
        Files.writeString(dir.resolve("seeds/projects_part_of_product.csv"),
                "project_path,project_id\ngitlab-org/gitlab,2\n");
    }

    private Path config(String projectSeeds) throws Exception {
        return Files.writeString(dir.resolve("extract.yaml"), """
                source:    { url: "%s", user: postgres }
                metadata:  { url: "%s", schema: saas_db_metadata }
                staging:   "%s"
                warehouse: { url: "jdbc:duckdb:%s" }
                internal_lists:
                  projects: [%s]
                  namespaces: [seeds/no_such_namespaces.csv]
                """.formatted(TestPostgres.jdbcUrl(source), TestPostgres.jdbcUrl(TestPostgres.newDatabase()),
                dir.resolve("staging").toUri(), dir.resolve("warehouse.duckdb"), projectSeeds));
    }

    private CliRun extract(Path config, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--manifest", manifest.toString(), "--config", config.toString()));
        return CliRun.of(Map.of(), all.toArray(String[]::new));
    }

    @Test
    void backfillsOnlyTheRowsOfTheListedProjects() throws Exception {
        Path config = config("seeds/projects_part_of_product.csv, seeds/internal_gitlab_projects.csv");

        CliRun run = extract(config, "--table", "ci_builds_internal_only");

        assertEquals(0, run.exitCode(), run.err());
        List<Long> expected = ids(TestPostgres.dataSource(source),
                "SELECT id FROM p_ci_builds WHERE project_id IN (2, 5) ORDER BY id");
        assertEquals(86, expected.size(), "ids 1..300 with id % 7 in (2, 5)");
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("warehouse.duckdb"))) {
            assertEquals(expected, ids(duck,
                    "SELECT id FROM tap_postgres.\"GITLAB_DB_CI_BUILDS_INTERNAL_ONLY\" ORDER BY id"));
        }
        assertTrue(run.log().contains("{INTERNAL_PROJECT_IDS}: 2 value(s) from 2 seed file(s)"), run.log());

        CliRun plan = extract(config, "plan", "--table", "ci_builds_internal_only", "--json");
        assertEquals(0, plan.exitCode(), plan.err());
        JsonNode decision = new ObjectMapper().readTree(plan.out());
        assertEquals("up_to_date", decision.get("reason").asText(), plan.out());
        assertEquals("skip", decision.get("action").asText(), plan.out());
        assertEquals("incremental", decision.get("regular_load").get("load_type").asText(), plan.out());

        CliRun incremental = extract(config, "--table", "ci_builds_internal_only", "--load-type", "incremental");
        assertEquals(0, incremental.exitCode(), incremental.err());
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("warehouse.duckdb"))) {
            List<Long> projects = ids(duck, "SELECT DISTINCT project_id FROM"
                    + " tap_postgres.\"GITLAB_DB_CI_BUILDS_INTERNAL_ONLY\" ORDER BY 1");
            assertEquals(List.of(2L, 5L), projects);
            long appended = ids(duck, "SELECT count(*) FROM tap_postgres.\"GITLAB_DB_CI_BUILDS_INTERNAL_ONLY\"")
                    .get(0) - expected.size();
            assertTrue(appended >= 26 && appended <= 28, "the 96-hour window's rows of projects 2 and 5: " + appended);
        }
    }

    @Test
    void aMissingSeedFileStopsTheRunBeforeAnythingIsExtracted() throws Exception {
        Path config = config("seeds/internal_gitlab_projects.csv, seeds/renamed_away.csv");

        CliRun run = extract(config, "--table", "ci_builds_internal_only");

        assertEquals(2, run.exitCode(), run.err());
        assertEquals("extract: internal_lists.projects: " + dir.resolve("seeds/renamed_away.csv").toUri()
                + ": no such file", run.errorLine());
        assertFalse(Files.exists(dir.resolve("staging/staging")), "nothing staged");
    }

    @Test
    void validateChecksTheSqlWithoutTheFilesAndReadsThemWhenCheckingConnections() throws Exception {
        Path config = config("seeds/internal_gitlab_projects.csv");
        Files.writeString(dir.resolve("seeds/internal_gitlab_projects.csv"), "project_path,id\ngitlab-org/gitlab,2\n");

        CliRun offline = extract(config, "validate");
        assertEquals(0, offline.exitCode(), offline.err());

        CliRun online = extract(config, "validate", "--check-connections");
        assertEquals(2, online.exitCode(), online.err());
        assertEquals("extract: internal_lists.projects: " + dir.resolve("seeds/internal_gitlab_projects.csv").toUri()
                + ": no column 'project_id' in its header line (found: project_path, id)", online.errorLine());
    }

    private static List<Long> ids(DataSource dataSource, String query) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return ids(connection, query);
        }
    }

    private static List<Long> ids(Connection connection, String query) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(query)) {
            while (rows.next()) {
                ids.add(rows.getLong(1));
            }
        }
        return ids;
    }
}
