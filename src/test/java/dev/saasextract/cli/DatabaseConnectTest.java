package dev.saasextract.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A database nobody listens on: the run retries the connection as {@code retry} says, then names what it tried. */
class DatabaseConnectTest {
    @TempDir
    Path dir;

    @Test
    void aRefusedConnectionIsRetriedThenReportedWithTheConfigSectionAndUrl() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Path config = Files.writeString(dir.resolve("extract.yaml"), String.format("""
                source:    { url: "jdbc:postgresql://127.0.0.1:%1$d/gitlabhq_production?sslmode=disable", user: x }
                metadata:  { url: "jdbc:postgresql://127.0.0.1:%1$d/saas_meta", user: x }
                staging:   file://%2$s/staging
                warehouse: { url: "jdbc:duckdb:%2$s/warehouse.duckdb" }
                retry:     { max_attempts: 3, initial_backoff: 10ms, max_backoff: 10ms }
                """, closedPort, dir));

        CliRun run = CliRun.of(Map.of(), "--table", "issues", "--config", config.toString(), "--manifest",
                "manifests/gitlab_com_db_manifest.yaml");

        assertEquals(1, run.exitCode(), run::toString);
        String error = run.err().strip();
        assertTrue(error.matches("extract: (source|metadata): cannot connect to jdbc:postgresql://127\\.0\\.0\\.1:"
                + closedPort + "/\\w+(\\?…)?: Connection to 127\\.0\\.0\\.1:" + closedPort + " refused\\..*"
                + "\\(gave up after 3 attempts\\).*"), error);
        assertTrue(run.log().contains("attempt 2 of 3 failed, retrying"), run.log());
    }
}
