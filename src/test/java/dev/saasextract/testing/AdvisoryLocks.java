package dev.saasextract.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/** What the server says about advisory locks: a test waits on it instead of sleeping and hoping. */
public final class AdvisoryLocks {
    private AdvisoryLocks() {
    }

    /** Returns once a session of {@code database}'s database waits for an advisory lock; fails after 60 s. */
    public static void awaitAWaitingSession(DataSource database) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        try (Connection c = database.getConnection(); Statement s = c.createStatement()) {
            while (true) {
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'"
                        + " AND NOT granted AND database = (SELECT oid FROM pg_database"
                        + " WHERE datname = current_database())")) {
                    rs.next();
                    if (rs.getLong(1) > 0) {
                        return;
                    }
                }
                assertTrue(System.nanoTime() < deadline, "no session waited for an advisory lock within 60 s");
                Thread.sleep(10);
            }
        }
    }
}
