package dev.saasextract.demo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;

/**
 * The demo's source tables, one per load type of the shipped manifest, with GitLab's shapes: {@code ci_job_artifacts}
 * (incremental by date: bigint keys with gaps, timestamptz, bytea checksums, smallint enums, text[]),
 * {@code merge_request_diff_commits} (incremental by id, composite real key) and {@code ci_build_trace_chunks}
 * (snapshot). Filled set-based inside Postgres. The shipped manifest's two other tables, {@code issues} and
 * {@code p_ci_pipelines}, are created empty, so that {@code validate --check-connections} can have every query of the
 * manifest described; the demo loads only the first three.
 */
public final class DemoSource {
    public static final List<String> TABLES =
            List.of("ci_job_artifacts", "merge_request_diff_commits", "ci_build_trace_chunks");

    private static final String DDL = """
            DROP TABLE IF EXISTS ci_job_artifacts;
            CREATE TABLE ci_job_artifacts (
                id bigint PRIMARY KEY,
                project_id bigint NOT NULL,
                job_id bigint NOT NULL,
                file_type integer NOT NULL,
                size bigint,
                created_at timestamptz NOT NULL,
                updated_at timestamptz NOT NULL,
                expire_at timestamptz,
                file varchar(255),
                file_store integer DEFAULT 1,
                file_sha256 bytea,
                file_format smallint,
                file_location smallint,
                locked smallint DEFAULT 2,
                partition_id bigint NOT NULL,
                accessibility smallint DEFAULT 0 NOT NULL,
                file_final_path text,
                exposed_paths text[]
            );
            CREATE INDEX index_ci_job_artifacts_on_project_id ON ci_job_artifacts (project_id);
            CREATE INDEX index_ci_job_artifacts_on_updated_at ON ci_job_artifacts (updated_at);
            DROP TABLE IF EXISTS merge_request_diff_commits;
            CREATE TABLE merge_request_diff_commits (
                authored_date timestamp,
                committed_date timestamp,
                merge_request_diff_id bigint NOT NULL,
                relative_order integer NOT NULL,
                sha bytea NOT NULL,
                commit_author_id bigint,
                committer_id bigint,
                PRIMARY KEY (merge_request_diff_id, relative_order)
            );
            DROP TABLE IF EXISTS ci_build_trace_chunks;
            CREATE TABLE ci_build_trace_chunks (
                id bigserial PRIMARY KEY,
                build_id bigint NOT NULL,
                chunk_index integer NOT NULL,
                data_store integer NOT NULL,
                raw_data bytea
            );
            CREATE UNIQUE INDEX index_ci_build_trace_chunks_on_build_id_and_chunk_index
                ON ci_build_trace_chunks (build_id, chunk_index);
            DROP TABLE IF EXISTS issues;
            CREATE TABLE issues (
                id bigint PRIMARY KEY,
                title varchar,
                author_id integer,
                project_id integer,
                created_at timestamp,
                updated_at timestamp,
                description text,
                milestone_id integer,
                iid integer,
                updated_by_id integer,
                weight integer,
                confidential boolean DEFAULT false NOT NULL,
                due_date date,
                moved_to_id integer,
                lock_version integer DEFAULT 0,
                time_estimate integer DEFAULT 0,
                relative_position integer,
                last_edited_at timestamp,
                last_edited_by_id integer,
                discussion_locked boolean,
                closed_at timestamptz,
                closed_by_id integer,
                state_id smallint DEFAULT 1 NOT NULL,
                duplicated_to_id integer,
                promoted_to_epic_id integer,
                health_status smallint,
                sprint_id bigint,
                blocking_issues_count integer DEFAULT 0 NOT NULL,
                upvotes_count integer DEFAULT 0 NOT NULL,
                work_item_type_id bigint,
                namespace_id bigint,
                start_date date
            );
            DROP TABLE IF EXISTS p_ci_pipelines;
            CREATE TABLE p_ci_pipelines (
                id bigint NOT NULL,
                ref varchar,
                sha varchar,
                created_at timestamp,
                updated_at timestamp,
                tag boolean DEFAULT false,
                yaml_errors text,
                committed_at timestamp,
                project_id integer,
                status varchar,
                started_at timestamp,
                finished_at timestamp,
                duration integer,
                user_id integer,
                lock_version integer DEFAULT 0,
                source integer,
                merge_request_id integer,
                failure_reason integer,
                iid integer,
                partition_id bigint NOT NULL,
                auto_canceled_by_id bigint,
                pipeline_schedule_id bigint,
                ci_ref_id bigint,
                locked smallint DEFAULT 1 NOT NULL,
                PRIMARY KEY (id, partition_id)
            ) PARTITION BY LIST (partition_id);
            CREATE TABLE ci_pipelines PARTITION OF p_ci_pipelines FOR VALUES IN (100, 101, 102);
            """;

    // Every diff has 1 to 8 commits: the chunking key merge_request_diff_id is not unique.
    private static final String FILL_COMMITS = """
            INSERT INTO merge_request_diff_commits
            SELECT timestamp '2024-01-01' + d * interval '3 minutes' - o * interval '1 hour',
                   timestamp '2024-01-01' + d * interval '3 minutes',
                   d, o,
                   substring(sha256(convert_to(d || '/' || o, 'UTF8')) FROM 1 FOR 20),
                   1 + (d * 31) % 20000,
                   CASE WHEN o % 3 = 0 THEN NULL ELSE 1 + (d * 17) % 20000 END
            FROM generate_series(?, ?) AS d, generate_series(0, d % 8) AS o
            """;

    private static final String FILL_TRACE_CHUNKS = """
            INSERT INTO ci_build_trace_chunks (build_id, chunk_index, data_store)
            SELECT 1000000 + g / 4, g % 4, 1 + g % 3 FROM generate_series(?, ?) AS g
            """;

    // Keys have gaps (as deleted rows leave them), timestamps advance with the key, 1 in 7 artifacts never expires.
    private static final String FILL = """
            INSERT INTO ci_job_artifacts
            SELECT g + (g / 1000) * 37,
                   1 + (g * 7919) % 50000,
                   10 * g + g % 7,
                   (ARRAY[1, 2, 3, 4, 5, 6, 9, 12, 17])[1 + g % 9],
                   CASE WHEN g % 11 = 0 THEN NULL ELSE (g * 104729) % 500000000 END,
                   timestamptz '2024-01-01 00:00:00+00' + g * interval '17 seconds' + (g % 997) * interval '1 microsecond',
                   timestamptz '2024-01-01 00:00:00+00' + g * interval '17 seconds' + (g % 13) * interval '1 hour',
                   CASE WHEN g % 7 = 0 THEN NULL
                        ELSE timestamptz '2024-01-01 00:00:00+00' + g * interval '17 seconds' + interval '30 days' END,
                   CASE (g % 9) WHEN 0 THEN 'artifacts.zip' WHEN 1 THEN 'metadata.gz' WHEN 2 THEN 'job.log'
                        ELSE 'gl-' || (ARRAY['sast', 'dependency-scanning', 'container-scanning'])[1 + g % 3] || '-report.json' END,
                   1 + g % 2,
                   sha256(convert_to(g::text, 'UTF8')),
                   (g % 3)::smallint,
                   (1 + g % 2)::smallint,
                   (g % 3)::smallint,
                   100 + g / 250000,
                   (g % 2)::smallint,
                   CASE WHEN g % 5 = 0 THEN '@final/' || md5(g::text) ELSE NULL END,
                   CASE WHEN g % 50 = 0 THEN ARRAY['public/index.html', 'coverage/' || g || '.html'] ELSE NULL END
            FROM generate_series(1, ?) AS g
            """;

    private DemoSource() {
    }

    // "Day 2": one artifact in a hundred is touched, new artifacts and diffs arrive, some trace chunks are archived.
    private static final String TOUCH_ARTIFACTS = """
            UPDATE ci_job_artifacts SET updated_at = now(), locked = 1, expire_at = now() + interval '30 days'
            WHERE id % 100 = 0
            """;

    private static final String NEW_ARTIFACTS = """
            INSERT INTO ci_job_artifacts (id, project_id, job_id, file_type, size, created_at, updated_at, file,
                                          file_sha256, partition_id, accessibility)
            SELECT m.max_id + g, 1 + g % 50000, 20000000 + g, 1, 1024 * g, now(), now(), 'artifacts.zip',
                   sha256(convert_to('new' || g, 'UTF8')), 102, 0
            FROM generate_series(1, ?) AS g, (SELECT coalesce(max(id), 0) AS max_id FROM ci_job_artifacts) AS m
            """;

    /** Creates the tables: {@code rows} artifacts, about as many diff commits, and a tenth as many trace chunks. */
    public static void create(DataSource dataSource, long rows) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            try (Statement ddl = c.createStatement()) {
                ddl.execute(DDL);
            }
            update(c, FILL, rows);
            update(c, FILL_COMMITS, 1, rows / 4);
            update(c, FILL_TRACE_CHUNKS, 0, rows / 10);
            analyze(c);
        }
    }

    /** The next day's changes; returns a line describing them. */
    public static String nextDay(DataSource dataSource, long rows) throws SQLException {
        long newArtifacts = Math.max(1, rows / 100);
        long newDiffs = Math.max(1, rows / 40);
        try (Connection c = dataSource.getConnection()) {
            long touched = update(c, TOUCH_ARTIFACTS);
            update(c, NEW_ARTIFACTS, newArtifacts);
            long firstDiff = rows / 4 + 1;
            long commits = update(c, FILL_COMMITS, firstDiff, firstDiff + newDiffs - 1);
            long archived = update(c, "DELETE FROM ci_build_trace_chunks WHERE id % 10 = 0");
            long expired = update(c, "DELETE FROM ci_job_artifacts WHERE id % 1000 = 7");
            analyze(c);
            return String.format(java.util.Locale.ROOT, "%,d artifacts updated, %,d inserted and %,d deleted; %,d diff"
                    + " commits inserted; %,d trace chunks archived", touched, newArtifacts, expired, commits, archived);
        }
    }

    private static long update(Connection c, String sql, long... parameters) throws SQLException {
        try (PreparedStatement statement = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setLong(i + 1, parameters[i]);
            }
            return statement.executeLargeUpdate();
        }
    }

    private static void analyze(Connection c) throws SQLException {
        try (Statement analyze = c.createStatement()) {
            analyze.execute("ANALYZE");
        }
    }
}
