package dev.saasextract.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saasextract.testing.TestPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

class ServerCpuTest {
    @Test
    void readsTheParentAndTheTimesAfterACommandNameWithSpacesAndParentheses() {
        ServerCpu.Stat stat = ServerCpu.Stat.parse(
                "4242 (postgres: a (b) c) S 4100 4100 4100 0 -1 4194560 1 0 0 0 130 25 7 3 20 0 1 0 99 1 2 3\n");

        assertEquals(4100, stat.parent());
        assertEquals(155, stat.ownTicks());
        assertEquals(10, stat.reapedChildrenTicks());
    }

    @Test
    void countsTheWorkOfABackendThatHasAlreadyEnded() throws Exception {
        String database = TestPostgres.newDatabase();
        DataSource source = TestPostgres.dataSource(database);
        ServerCpu server = ServerCpu.of(source);
        double before = server.seconds();

        long backendTicks;
        try (Connection c = DriverManager.getConnection(TestPostgres.jdbcUrl(database));
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT pg_backend_pid(), count(*) FROM generate_series(1, 5000000)")) {
            rs.next();
            backendTicks = ServerCpu.Stat.read(Path.of("/proc", rs.getString(1), "stat")).ownTicks();
        }
        double after = server.seconds();

        // Whether the closed connection's backend is still exiting or already reaped, its time is counted.
        assertTrue(backendTicks > 0, "the backend did some work: " + backendTicks + " ticks");
        // compared in whole ticks: 0.72 - 0.16 is 0.5599999999999999 in doubles
        assertTrue(Math.round((after - before) * 100) >= backendTicks,
                "server CPU " + before + " s -> " + after + " s, the backend alone " + backendTicks + " ticks");
    }
}
