package dev.saasextract.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saasextract.testing.TestPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A source user without SELECT on the query's table: Postgres describes the query for it, and refuses only when it
 * runs. No retry grants the privilege, so it is a configuration error (exit 2), not a runtime failure.
 */
class SourcePrivilegeTest extends CiBuildsTest {
    @Test
    void aSourceUserWithoutSelectIsAConfigurationErrorNamingTheGrant() throws Exception {
        String role = "no_select_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = TestPostgres.dataSource(fixture.sourceDatabase()).getConnection();
                Statement s = c.createStatement()) {
            s.execute("CREATE ROLE " + role + " LOGIN");
        }
        String config = Files.readString(fixture.config());
        assertTrue(config.contains("?user=postgres"), config);
        // the source's URL, which comes first, must not name its user: the URL's user would win over the config's
        Files.writeString(fixture.config(), config.replaceFirst("\\?user=postgres", ""), StandardCharsets.UTF_8);
        try {
            CliRun run = fixture.extract(Map.of("PGUSER_FOR_TEST", role), "--table", "ci_builds");

            assertEquals(2, run.exitCode(), run::toString);
            assertTrue(run.errorLine().startsWith("extract: source Postgres, "), run.errorLine());
            assertTrue(run.errorLine().contains("permission denied for table p_ci_builds"), run.errorLine());
            assertTrue(run.errorLine().endsWith("(SQLSTATE 42501: grant the config's source.user SELECT on the query's"
                    + " tables)"), run.errorLine());
            assertFalse(run.log().contains("attempt 2"), "not retried: " + run.log());
        } finally {
            try (Connection c = TestPostgres.dataSource(fixture.sourceDatabase()).getConnection();
                    Statement s = c.createStatement()) {
                s.execute("DROP ROLE " + role);
            }
        }
    }
}
