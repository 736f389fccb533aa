package dev.saasextract.cli;

import dev.saasextract.testing.TestPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A source with {@code p_ci_builds} (2,500 rows, ids 1..2500, every tenth filtered out by the manifest, so 2,250
 * loaded), a fresh metadata database, local staging and a DuckDB warehouse under {@code dir}, and the manifest and
 * config that name them: what the CLI tests run {@code extract} against.
 */
record CiBuildsFixture(Path dir, Path manifest, Path config, String sourceDatabase, String metadataDatabase,
        Map<String, String> env) {
    static final String TABLE = "ci_builds";
    static final String TARGET = "GITLAB_DB_CI_BUILDS";
    static final String MANIFEST = """
            tables:
              ci_builds:
                dbt_source_model: true
                is_incremental: True
                export_schema: 'gitlab_com'
                export_table: 'ci_builds'
                export_table_primary_key: id
                import_db: GITLAB_DB
                import_query: |-
                  SELECT id, name, status, created_at, updated_at
                  FROM p_ci_builds
                  WHERE updated_at BETWEEN '{BEGIN_TIMESTAMP}'::timestamp AND '{END_TIMESTAMP}'::timestamp
                  AND name NOT ILIKE '%%secret%%'
            """;
    /** Not a real secret, but one the run must never print. */
    static final String PASSWORD = "not-a-real-secret-4711";

    static CiBuildsFixture create(Path dir) throws SQLException, IOException {
        String source = TestPostgres.newDatabase("CREATE TABLE p_ci_builds (id bigint PRIMARY KEY, name text,"
                + " status text, created_at timestamptz, updated_at timestamp);"
                + " INSERT INTO p_ci_builds SELECT g, CASE WHEN g % 10 = 0 THEN 'secret-job' ELSE 'rspec ' || g END,"
                + " 'success', now(), now() - g * interval '1 day' FROM generate_series(1, 2500) g");
        Path manifest = Files.writeString(dir.resolve("manifest.yaml"), MANIFEST);
        String metadata = TestPostgres.newDatabase();
        Path config = Files.writeString(dir.resolve("extract.yaml"), """
                source:    { url: "%s", user: "${PGUSER_FOR_TEST}", password: "${PGPASS_FOR_TEST}" }
                metadata:  { url: "%s", schema: saas_db_metadata }
                staging:   "%s"
                warehouse: { url: "jdbc:duckdb:%s" }
                """.formatted(TestPostgres.jdbcUrl(source), TestPostgres.jdbcUrl(metadata),
                dir.resolve("staging").toUri(), warehouse(dir)));
        return new CiBuildsFixture(dir, manifest, config, source, metadata,
                Map.of("PGUSER_FOR_TEST", "postgres", "PGPASS_FOR_TEST", PASSWORD));
    }

    private static Path warehouse(Path dir) {
        return dir.resolve("warehouse.duckdb");
    }

    Path warehouse() {
        return warehouse(dir);
    }

    Path staging() {
        return dir.resolve("staging");
    }

    /** The target's row count, distinct ids, smallest and largest id. */
    List<Long> loadedIds() throws SQLException {
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:" + warehouse());
                Statement s = duck.createStatement();
                ResultSet rows = s.executeQuery("SELECT count(*), count(DISTINCT id), min(id), max(id) FROM"
                        + " tap_postgres.\"" + TARGET + "\"")) {
            rows.next();
            return List.of(rows.getLong(1), rows.getLong(2), rows.getLong(3), rows.getLong(4));
        }
    }

    /**
     * Records in the metadata DB (migrated by a first run) a backfill started two hours ago, chunked by
     * {@code keyColumn} and unfinished after {@code lastKey}, whose one staged file is {@code file}.
     */
    void unfinishedBackfill(String file, long lastKey, String keyColumn) throws SQLException {
        try (Connection c = TestPostgres.dataSource(metadataDatabase).getConnection();
                Statement s = c.createStatement()) {
            s.execute("INSERT INTO saas_db_metadata.backfill_metadata (database_name, table_name,"
                    + " initial_load_start_date, upload_date, upload_file_name, last_extracted_id, max_id,"
                    + " is_export_completed, chunk_row_count) VALUES ('GITLAB_DB', '" + TARGET
                    + "', (now() AT TIME ZONE 'utc') - interval '2 hours', now() AT TIME ZONE 'utc', '" + file
                    + "', " + lastKey + ", 2500, false, 500)");
            s.execute("INSERT INTO saas_db_metadata.export_columns SELECT 'backfill_metadata', table_name,"
                    + " initial_load_start_date, ARRAY['id', 'name', 'status', 'created_at', 'updated_at'], '"
                    + keyColumn + "' FROM saas_db_metadata.backfill_metadata WHERE upload_file_name = '" + file + "'");
        }
    }

    /** {@code extract ARGS --manifest M --config C} in process, with the fixture's environment and {@code extra}. */
    CliRun extract(Map<String, String> extra, String... args) {
        Map<String, String> all = new java.util.HashMap<>(env);
        all.putAll(extra);
        return CliRun.of(all, Stream.concat(Stream.of(args), Stream.of("--manifest", manifest.toString(),
                "--config", config.toString())).toArray(String[]::new));
    }

    CliRun extract(String... args) {
        return extract(Map.of(), args);
    }
}
