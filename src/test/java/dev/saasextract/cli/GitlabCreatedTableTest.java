package dev.saasextract.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Cutover: a warehouse table GitLab's pipeline created (its type mapping: timestamp without zone as text,
 * {@code _uploaded_at} FLOAT epoch seconds) keeps working under this tool, without a backfill first.
 */
class GitlabCreatedTableTest extends CiBuildsTest {
    private static final String TABLE = "tap_postgres.\"" + CiBuildsFixture.TARGET + "\"";
    /** GitLab's {@code time.time()} of its last load. */
    private static final double GITLAB_UPLOADED_AT = 1_732_000_000.5;

    @BeforeEach
    void createTheTableAsGitlabsPipelineDid() throws Exception {
        try (Connection duck = duckDb(); Statement s = duck.createStatement()) {
            s.execute("CREATE SCHEMA tap_postgres");
            s.execute("CREATE TABLE " + TABLE + " (id BIGINT, name VARCHAR, status VARCHAR, created_at TIMESTAMPTZ,"
                    + " updated_at VARCHAR, _uploaded_at DOUBLE)");
            s.execute("INSERT INTO " + TABLE + " VALUES (1, 'rspec 1', 'success', now(), '2024-01-01 00:00:00', "
                    + GITLAB_UPLOADED_AT + "), (2, 'rspec 2', 'failed', now(), '2024-01-01 00:00:00', "
                    + GITLAB_UPLOADED_AT + ")");
        }
    }

    private Connection duckDb() throws SQLException {
        return DriverManager.getConnection("jdbc:duckdb:" + fixture.warehouse());
    }

    @Test
    void regularLoadsAppendEpochSecondsAndABackfillKeepsThem() throws Exception {
        Instant before = Instant.now();
        CliRun regular = fixture.extract("--table", CiBuildsFixture.TABLE);

        assertEquals(0, regular.exitCode(), regular.err());
        assertTrue(regular.log().contains("incremental"), regular.log());
        try (Connection duck = duckDb(); Statement s = duck.createStatement()) {
            assertEquals("DOUBLE", uploadedAtType(s));
            try (ResultSet rows = s.executeQuery("SELECT count(*), min(_uploaded_at), max(_uploaded_at) FROM " + TABLE
                    + " WHERE _uploaded_at > " + GITLAB_UPLOADED_AT)) {
                rows.next();
                assertEquals(3, rows.getLong(1), "the rows updated in the last 96 hours (one a day)");
                assertEquals(rows.getDouble(2), rows.getDouble(3), "one load, one _uploaded_at");
                assertTrue(rows.getDouble(2) >= before.getEpochSecond() - 1
                        && rows.getDouble(2) <= Instant.now().getEpochSecond() + 1, "epoch seconds of the load");
            }
        }

        CliRun backfill = fixture.extract("--table", CiBuildsFixture.TABLE, "--load-type", "backfill");

        assertEquals(0, backfill.exitCode(), backfill.err());
        try (Connection duck = duckDb(); Statement s = duck.createStatement()) {
            assertEquals("DOUBLE", uploadedAtType(s), "the swapped-in table keeps GitLab's type");
            try (ResultSet rows = s.executeQuery("SELECT count(*), count(DISTINCT id), min(_uploaded_at) FROM "
                    + TABLE)) {
                rows.next();
                assertEquals(2_250, rows.getLong(1));
                assertEquals(2_250, rows.getLong(2));
                assertTrue(rows.getDouble(3) > GITLAB_UPLOADED_AT, "every row was reloaded");
            }
        }
    }

    private static String uploadedAtType(Statement s) throws SQLException {
        try (ResultSet type = s.executeQuery("SELECT data_type FROM information_schema.columns WHERE table_name = '"
                + CiBuildsFixture.TARGET + "' AND column_name = '_uploaded_at'")) {
            assertTrue(type.next());
            return type.getString(1);
        }
    }
}
