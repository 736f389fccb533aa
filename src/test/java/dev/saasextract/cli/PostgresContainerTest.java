package dev.saasextract.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * Smoke test of the whole CLI against a stock Postgres server in a container, as GitLab CI runs it. Skipped (and
 * reported as skipped) where there is no Docker engine, like the development machines.
 */
@Testcontainers(disabledWithoutDocker = true)
class PostgresContainerTest {
    @Container
    private static final PostgreSQLContainer<?> POSTGRES = new PostgreSQLContainer<>("postgres:16-alpine");

    @TempDir
    Path dir;

    @Test
    void backfillsATableFromARealPostgresServer() throws Exception {
        try (Connection c = DriverManager.getConnection(POSTGRES.getJdbcUrl(), POSTGRES.getUsername(),
                POSTGRES.getPassword()); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE namespaces (id bigint PRIMARY KEY, name text, updated_at timestamp);"
                    + " INSERT INTO namespaces SELECT g, 'group-' || g, now() FROM generate_series(1, 1234) g;"
                    + " CREATE SCHEMA meta");
        }
        Path manifest = Files.writeString(dir.resolve("manifest.yaml"), """
                tables:
                  namespaces:
                    export_table: namespaces
                    export_table_primary_key: id
                    import_db: GITLAB_DB
                    import_query: SELECT id, name, updated_at FROM namespaces WHERE updated_at BETWEEN '{BEGIN_TIMESTAMP}'::timestamp AND '{END_TIMESTAMP}'::timestamp
                """);
        Path config = Files.writeString(dir.resolve("extract.yaml"), """
                source:    { url: "%1$s", user: "${PG_USER}", password: "${PG_PASS}" }
                metadata:  { url: "%1$s", user: "${PG_USER}", password: "${PG_PASS}", schema: meta }
                staging:   "%2$s"
                warehouse: { url: "jdbc:duckdb:%3$s" }
                """.formatted(POSTGRES.getJdbcUrl(), dir.resolve("staging").toUri(), dir.resolve("w.duckdb")));
        Map<String, String> env = Map.of("PG_USER", POSTGRES.getUsername(), "PG_PASS", POSTGRES.getPassword());

        CliRun run = CliRun.of(env, "--table", "namespaces", "--chunk-rows", "500",
                "--manifest", manifest.toString(), "--config", config.toString());

        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.log().contains("rows=1234 files=3"), run.log());
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("w.duckdb"));
                Statement s = duck.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(DISTINCT id) FROM tap_postgres.\"GITLAB_DB_NAMESPACES\"")) {
            rs.next();
            assertEquals(1234, rs.getLong(1));
        }
    }
}
