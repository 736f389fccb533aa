package dev.saasextract.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedPostgresServersTest {
    @TempDir
    Path dir;

    /** Run in a child JVM: starts the embedded server, writes a row, then waits to be killed. */
    public static void main(String[] args) throws Exception {
        EmbeddedPostgresServers servers = new EmbeddedPostgresServers();
        try (Connection c = servers.database(Path.of(args[0]), "gitlabhq_production").getConnection();
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE survived (id int); INSERT INTO survived VALUES (42)");
        }
        Files.writeString(Path.of(args[0]).resolveSibling("ready"), "ready");
        Thread.sleep(Duration.ofMinutes(5).toMillis());
    }

    @Test
    void aServerLeftRunningByAKilledProcessIsStoppedAndItsDataKept() throws Exception {
        Path data = dir.resolve("postgres");
        Process child = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), EmbeddedPostgresServersTest.class.getName(),
                data.toString())).inheritIO().start();
        Instant deadline = Instant.now().plusSeconds(60);
        while (!Files.exists(dir.resolve("ready")) && Instant.now().isBefore(deadline) && child.isAlive()) {
            Thread.sleep(100);
        }
        assertTrue(Files.exists(dir.resolve("ready")), "the child started its server");
        child.destroyForcibly().waitFor();
        assertTrue(Files.exists(data.resolve("postmaster.pid")), "kill -9 left the server running");

        try (EmbeddedPostgresServers servers = new EmbeddedPostgresServers();
                Connection c = servers.database(data, "gitlabhq_production").getConnection();
                Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id FROM survived")) {
            assertTrue(rs.next());
            assertEquals(42, rs.getInt(1));
        }
    }
}
