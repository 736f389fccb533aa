package dev.saasextract.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saasextract.testing.TestPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The manifest the product ships: it loads, and each entry means what its comments say. */
class ShippedManifestTest {

    private static final Manifest MANIFEST = Manifest.load(Path.of("manifests/gitlab_com_db_manifest.yaml"));

    private static final List<String> CI_JOB_ARTIFACTS_COLUMNS = List.of(
            "id", "project_id", "job_id", "file_type", "size", "created_at", "updated_at", "expire_at", "file",
            "file_store", "file_sha256", "file_format", "file_location", "locked", "partition_id", "accessibility",
            "file_final_path", "exposed_paths");

    @Test
    void listsTablesInFileOrder() {
        assertEquals(
                List.of("ci_job_artifacts", "issues", "merge_request_diff_commits", "p_ci_pipelines",
                        "ci_build_trace_chunks"),
                MANIFEST.tables().stream().map(TableSpec::key).toList());
    }

    @Test
    void ciJobArtifactsIsIncrementalByDateWithDeletes() {
        TableSpec table = MANIFEST.require("ci_job_artifacts");

        assertEquals("GITLAB_DB_CI_JOB_ARTIFACTS", table.target());
        assertEquals("id", table.primaryKey());
        assertTrue(table.isIncremental());
        assertTrue(table.usesTimeWindow());
        assertFalse(table.isLoadById());
        assertFalse(table.deletesExempt());
        assertEquals("ci", table.databaseType());
        assertEquals("gitlab_com", table.exportSchema());
    }

    @Test
    void ciJobArtifactsQueryReturnsExactlyTheDemoColumns() throws SQLException {
        String database = TestPostgres.newDatabase();
        try (Connection connection = TestPostgres.dataSource(database).getConnection()) {
            try (Statement ddl = connection.createStatement()) {
                ddl.execute("""
                        CREATE TABLE ci_job_artifacts (
                            id bigint PRIMARY KEY, project_id bigint, job_id bigint, file_type integer, size bigint,
                            created_at timestamptz, updated_at timestamptz, expire_at timestamptz, file text,
                            file_store integer, file_sha256 bytea, file_format smallint, file_location smallint,
                            locked smallint, partition_id bigint, accessibility smallint, file_final_path text,
                            exposed_paths text[], unexported_column text)""");
            }
            String query = MANIFEST.require("ci_job_artifacts").importQuery()
                    .replace("{BEGIN_TIMESTAMP}", "2026-11-24 00:00:00")
                    .replace("{END_TIMESTAMP}", "2026-11-25 00:00:00");
            try (PreparedStatement statement = connection.prepareStatement(query)) {
                ResultSetMetaData columns = statement.getMetaData();
                List<String> names = new ArrayList<>();
                for (int i = 1; i <= columns.getColumnCount(); i++) {
                    names.add(columns.getColumnLabel(i));
                }
                assertEquals(CI_JOB_ARTIFACTS_COLUMNS, names);
            }
        }
    }

    @Test
    void issuesKeepsGitLabsFilteringAndMasking() {
        TableSpec table = MANIFEST.require("issues");

        assertEquals("GITLAB_DB_ISSUES", table.target());
        assertTrue(table.isIncremental());
        assertFalse(table.deletesExempt());
        assertTrue(table.additionalFiltering().startsWith("AND created_at NOT IN ("), table.additionalFiltering());
        assertTrue(table.additionalFiltering().endsWith("AND author_id NOT IN (8311087)"));
        assertTrue(table.importQuery().contains("NULL AS title"));
        assertTrue(table.importQuery().contains("CASE WHEN due_date < '1970-01-01' THEN NULL ELSE due_date END"));
    }

    @Test
    void mergeRequestDiffCommitsIsLoadedByIdAndExemptFromDeletes() {
        TableSpec table = MANIFEST.require("merge_request_diff_commits");

        assertTrue(table.isLoadById());
        assertTrue(table.isIncremental());
        assertFalse(table.usesTimeWindow());
        assertTrue(table.deletesExempt());
        assertEquals("merge_request_diff_id", table.primaryKey());
        assertEquals("GITLAB_DB_MERGE_REQUEST_DIFF_COMMITS", table.target());
    }

    @Test
    void partitionedPipelinesLoadIntoTheirHistoricalTarget() {
        TableSpec table = MANIFEST.require("p_ci_pipelines");

        assertEquals("ci_pipelines", table.exportTable());
        assertEquals("GITLAB_DB_CI_PIPELINES", table.target());
        assertEquals("GITLAB_DB_CI_PIPELINES_TEMP", table.tempTarget());
        assertTrue(table.isIncremental());
        assertTrue(table.importQuery().contains("FROM p_ci_pipelines"));
    }

    @Test
    void traceChunksAreASnapshotTable() {
        TableSpec table = MANIFEST.require("ci_build_trace_chunks");

        assertFalse(table.isIncremental());
        assertEquals("build_id", table.primaryKey());
        assertEquals("GITLAB_DB_CI_BUILD_TRACE_CHUNKS", table.target());
    }
}
