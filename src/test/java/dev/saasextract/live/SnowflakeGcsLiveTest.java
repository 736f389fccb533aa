package dev.saasextract.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saasextract.cli.ExtractCli;
import dev.saasextract.testing.TestPostgres;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole job against a real Snowflake account and a real GCS bucket: backfill, a second day's incremental load and
 * the deletes process, each checked in Snowflake. Opt-in: runs only when the variables below are set, and is reported
 * as skipped otherwise (as on the development machines and in CI).
 *
 * <pre>
 * SNOWFLAKE_ACCOUNT, SNOWFLAKE_USER, SNOWFLAKE_PASSWORD (or SNOWFLAKE_PRIVATE_KEY_FILE), SNOWFLAKE_DATABASE (a scratch
 * database: the test creates TAP_POSTGRES tables named SAAS_EXTRACT_LIVE_*), SNOWFLAKE_WAREHOUSE, SNOWFLAKE_ROLE,
 * SNOWFLAKE_STORAGE_INTEGRATION (default gcs_integration), EXTRACT_LIVE_GCS_BUCKET, GOOGLE_APPLICATION_CREDENTIALS
 * </pre>
 */
@EnabledIfEnvironmentVariable(named = "SNOWFLAKE_ACCOUNT", matches = ".+")
@EnabledIfEnvironmentVariable(named = "EXTRACT_LIVE_GCS_BUCKET", matches = ".+")
class SnowflakeGcsLiveTest {
    private final String run = "SAAS_EXTRACT_LIVE_" + UUID.randomUUID().toString().substring(0, 8).toUpperCase(Locale.ROOT);
    private final String target = run + "_ISSUES";

    @TempDir
    Path dir;

    private String snowflakeUrl() {
        String env = System.getenv("SNOWFLAKE_ACCOUNT");
        return "jdbc:snowflake://" + env + ".snowflakecomputing.com/?db=" + System.getenv("SNOWFLAKE_DATABASE")
                + "&warehouse=" + System.getenv("SNOWFLAKE_WAREHOUSE") + "&role=" + System.getenv("SNOWFLAKE_ROLE");
    }

    private Connection snowflake() throws Exception {
        Properties properties = new Properties();
        properties.put("user", System.getenv("SNOWFLAKE_USER"));
        if (System.getenv("SNOWFLAKE_PRIVATE_KEY_FILE") != null) {
            properties.put("private_key_file", System.getenv("SNOWFLAKE_PRIVATE_KEY_FILE"));
        } else {
            properties.put("password", System.getenv("SNOWFLAKE_PASSWORD"));
        }
        return DriverManager.getConnection(snowflakeUrl(), properties);
    }

    private long snowflakeLong(String sql) throws Exception {
        try (Connection c = snowflake(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void sourceSql(DataSource source, String sql) throws Exception {
        try (Connection c = source.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static void extract(Map<String, String> env, Path manifest, Path config, String... args) {
        String[] all = Stream.concat(Stream.of(args), Stream.of("--manifest", manifest.toString(), "--config",
                config.toString(), "--chunk-rows", "1000")).toArray(String[]::new);
        StringWriter err = new StringWriter();
        int code = ExtractCli.run(all, env, new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
        assertEquals(0, code, err.toString());
    }

    @Test
    void backfillIncrementalAndDeletesLandInSnowflake() throws Exception {
        String sourceDb = TestPostgres.newDatabase();
        DataSource source = TestPostgres.dataSource(sourceDb);
        sourceSql(source, "CREATE TABLE issues (id bigint PRIMARY KEY, title text, weight numeric(12,4),"
                + " updated_at timestamp, created_at timestamptz, labels jsonb, label_ids integer[]);"
                + " INSERT INTO issues SELECT g, 'issue ' || g, g / 7.0, now() - interval '30 days', now(),"
                + " jsonb_build_object('n', g), ARRAY[g, -g] FROM generate_series(1, 3500) g");
        Path manifest = Files.writeString(dir.resolve("manifest.yaml"), """
                tables:
                  issues:
                    export_table: issues
                    export_table_primary_key: id
                    import_db: %s
                    import_query: SELECT id, title, weight, updated_at, created_at, labels, label_ids FROM issues WHERE updated_at BETWEEN '{BEGIN_TIMESTAMP}'::timestamp AND '{END_TIMESTAMP}'::timestamp
                """.formatted(run));
        String credentials = System.getenv("SNOWFLAKE_PRIVATE_KEY_FILE") != null
                ? "private_key_file: \"" + System.getenv("SNOWFLAKE_PRIVATE_KEY_FILE") + "\""
                : "password: \"${SNOWFLAKE_PASSWORD}\"";
        Path config = Files.writeString(dir.resolve("extract.yaml"), """
                source:    { url: "%s" }
                metadata:  { url: "%s", schema: saas_db_metadata }
                staging:   "gs://%s/%s"
                warehouse: { url: "%s", user: "${SNOWFLAKE_USER}", %s, storage_integration: "%s" }
                """.formatted(TestPostgres.jdbcUrl(sourceDb), TestPostgres.jdbcUrl(TestPostgres.newDatabase()),
                System.getenv("EXTRACT_LIVE_GCS_BUCKET"), run.toLowerCase(Locale.ROOT), snowflakeUrl(), credentials,
                System.getenv().getOrDefault("SNOWFLAKE_STORAGE_INTEGRATION", "gcs_integration")));
        Map<String, String> env = new HashMap<>(System.getenv());

        extract(env, manifest, config, "--table", "issues");
        assertEquals(3500, snowflakeLong("SELECT count(DISTINCT id) FROM TAP_POSTGRES." + target));
        // jsonb must land as a navigable VARIANT, not a VARIANT holding the JSON text (CONTRACT §7)
        assertEquals(3500, snowflakeLong("SELECT count(*) FROM TAP_POSTGRES." + target
                + " WHERE TYPEOF(labels) = 'OBJECT' AND labels:n::NUMBER = id"));
        assertEquals(3500, snowflakeLong("SELECT count(*) FROM TAP_POSTGRES." + target
                + " WHERE label_ids[1]::NUMBER = -id"));
        assertEquals(3500, snowflakeLong("SELECT count(*) FROM TAP_POSTGRES." + target
                + " WHERE weight = ROUND(id / 7.0, 4)"));

        sourceSql(source, "UPDATE issues SET title = 'edited', updated_at = now() WHERE id <= 10;"
                + " INSERT INTO issues (id, title, weight, updated_at, created_at)"
                + " SELECT g, 'new', 1, now(), now() FROM generate_series(3501, 3600) g;"
                + " DELETE FROM issues WHERE id BETWEEN 20 AND 24");
        extract(env, manifest, config, "--table", "issues", "--load-type", "incremental");
        assertEquals(3500 + 110, snowflakeLong("SELECT count(*) FROM TAP_POSTGRES." + target));

        extract(env, manifest, config, "--table", "issues", "--load-type", "deletes");
        assertEquals(5, snowflakeLong("SELECT count(DISTINCT id) FROM TAP_POSTGRES." + target + " WHERE is_deleted"));
        assertTrue(snowflakeLong("SELECT count(*) FROM TAP_POSTGRES." + target + " WHERE NOT is_deleted") > 0);
    }

    @AfterEach
    void dropTheTestTables() throws Exception {
        try (Connection c = snowflake(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS TAP_POSTGRES." + target);
            s.execute("DROP TABLE IF EXISTS TAP_POSTGRES." + target + "_TEMP");
            s.execute("DROP TABLE IF EXISTS DELETES_TAP_POSTGRES." + target);
        }
    }
}
