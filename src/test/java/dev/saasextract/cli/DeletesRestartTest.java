package dev.saasextract.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.saasextract.testing.TestPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A key export read from a source that was wrong for a while (most rows missing) is refused by the safety stop, and
 * stays staged: a plain rerun loads those keys again. {@code --restart} exports them anew from the mended source.
 */
class DeletesRestartTest extends CiBuildsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeEach
    void loadTheTableWithItsFirstDeletesPass() {
        CliRun first = fixture.extract("--table", CiBuildsFixture.TABLE);
        assertEquals(0, first.exitCode(), first.err());
    }

    @Test
    void aRefusedExportIsExportedAgainWithRestartOnceTheSourceIsRight() throws Exception {
        source("CREATE TABLE aside AS SELECT * FROM p_ci_builds WHERE id <= 1500;"
                + " DELETE FROM p_ci_builds WHERE id <= 1500");
        CliRun refused = fixture.extract("--table", CiBuildsFixture.TABLE, "--load-type", "deletes");
        assertEquals(1, refused.exitCode(), refused.err());
        assertTrue(refused.err().contains("once they are right, rerun with --restart to export the keys again"),
                refused.err());

        source("INSERT INTO p_ci_builds SELECT * FROM aside");
        CliRun resumed = fixture.extract("--table", CiBuildsFixture.TABLE, "--load-type", "deletes");
        assertEquals(1, resumed.exitCode(), "a plain rerun resumes the staged export: " + resumed.err());

        CliRun plan = fixture.extract("plan", "--table", CiBuildsFixture.TABLE, "--load-type", "deletes",
                "--restart", "--json");
        assertEquals(0, plan.exitCode(), plan.err());
        JsonNode view = JSON.readTree(plan.out());
        assertEquals("restart", view.get("action").asText(), plan.out());
        assertEquals("restart_requested", view.get("reason").asText(), plan.out());

        CliRun restarted = fixture.extract("--table", CiBuildsFixture.TABLE, "--load-type", "deletes", "--restart");
        assertEquals(0, restarted.exitCode(), restarted.err());
        assertEquals(0, flaggedDeleted(), "every key is back in the source: nothing flagged");
    }

    @Test
    void restartIsRefusedWithIfDueAndWithLoadTypesItDoesNotApplyTo() {
        CliRun ifDue = fixture.extract("--table", CiBuildsFixture.TABLE, "--load-type", "deletes", "--if-due",
                "--restart");
        assertEquals(2, ifDue.exitCode(), ifDue.err());
        assertTrue(ifDue.err().contains("--restart: not with --if-due"), ifDue.err());

        CliRun incremental = fixture.extract("--table", CiBuildsFixture.TABLE, "--load-type", "incremental",
                "--restart");
        assertEquals(2, incremental.exitCode(), incremental.err());
        assertTrue(incremental.err().contains("use it with --load-type backfill or deletes, not incremental"),
                incremental.err());
    }

    private void source(String sql) throws SQLException {
        try (Connection c = TestPostgres.dataSource(fixture.sourceDatabase()).getConnection();
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private long flaggedDeleted() throws SQLException {
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:" + fixture.warehouse());
                Statement s = duck.createStatement();
                ResultSet rows = s.executeQuery("SELECT count(*) FROM tap_postgres.\"" + CiBuildsFixture.TARGET
                        + "\" WHERE is_deleted")) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
