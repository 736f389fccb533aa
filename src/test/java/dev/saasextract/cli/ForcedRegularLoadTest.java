package dev.saasextract.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saasextract.testing.TestPostgres;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code --load-type incremental}, as the generated DAG's daily task runs it, on a table whose query gained a column:
 * refused, since only a backfill can add the column, while auto backfills it.
 */
class ForcedRegularLoadTest extends CiBuildsTest {
    @Test
    void aSchemaAdditionIsRefusedByAForcedRegularLoadAndBackfilledByAuto() throws Exception {
        assertEquals(0, fixture.extract("--table", "ci_builds").exitCode());
        try (Connection c = TestPostgres.dataSource(fixture.sourceDatabase()).getConnection();
                Statement s = c.createStatement()) {
            s.execute("ALTER TABLE p_ci_builds ADD COLUMN coverage numeric");
        }
        Files.writeString(fixture.manifest(), CiBuildsFixture.MANIFEST.replace("SELECT id, name, status,",
                "SELECT id, coverage, name, status,"));

        CliRun incremental = fixture.extract("--table", "ci_builds", "--load-type", "incremental");
        CliRun plan = fixture.extract("plan", "--table", "ci_builds", "--load-type", "incremental");

        assertEquals(2, incremental.exitCode(), incremental::toString);
        String refusal = "extract: table " + CiBuildsFixture.TARGET + " lacks the query's column(s) coverage: a schema"
                + " addition, which a backfill loads (--load-type auto or backfill), not a regular load";
        assertEquals(refusal, incremental.errorLine());
        assertEquals(2, plan.exitCode(), plan::toString);
        assertEquals(refusal, plan.errorLine());
        assertEquals(List.of(2_250L, 2_250L, 1L, 2_499L), fixture.loadedIds(), "nothing appended");

        CliRun auto = fixture.extract("--table", "ci_builds");
        assertEquals(0, auto.exitCode(), auto::toString);
        assertTrue(auto.log().contains("reason=schema_addition"), auto.log());
    }
}
