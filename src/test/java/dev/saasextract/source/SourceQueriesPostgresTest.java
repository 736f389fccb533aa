package dev.saasextract.source;

import static dev.saasextract.source.Specs.table;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.saasextract.testing.TestPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The rewritten GitLab query shapes are valid Postgres and return every row outside the window. */
class SourceQueriesPostgresTest {
    private static DataSource dataSource;

    @BeforeAll
    static void gitlabShapedTables() throws SQLException {
        dataSource = TestPostgres.dataSource(TestPostgres.newDatabase());
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE projects (id int PRIMARY KEY, visibility_level int, updated_at timestamp)");
            s.execute("INSERT INTO projects SELECT g, CASE WHEN g % 2 = 0 THEN 20 ELSE 0 END, "
                    + "timestamp '2015-01-01' + g * interval '1 day' FROM generate_series(1, 100) AS g");
            s.execute("CREATE TABLE issues (id int PRIMARY KEY, project_id int, somewhere_id int, due_date date, "
                    + "created_at timestamptz, updated_at timestamp)");
            s.execute("INSERT INTO issues SELECT g, g % 100 + 1, g % 3, date '1960-01-01' + g * 10, "
                    + "timestamptz '2015-01-01 00:00:00+00' + g * interval '1 day', "
                    + "timestamp '2015-01-01' + g * interval '1 day' FROM generate_series(1, 1000) AS g");
            s.execute("CREATE TABLE p_ci_builds (id int PRIMARY KEY, name text, updated_at timestamp)");
            s.execute("INSERT INTO p_ci_builds SELECT g, CASE WHEN g % 4 = 0 THEN 'sast-scan' ELSE 'rspec' END, "
                    + "timestamp '2020-01-01' + g * interval '1 hour' FROM generate_series(1, 400) AS g");
        }
    }

    @Test
    void caseAndExtractQueryReturnsEveryIssue() throws SQLException {
        String sql = SourceQueries.fullRangeQuery(table("issues", "SELECT id, project_id, "
                + "CASE WHEN due_date < '1970-01-01' THEN NULL ELSE due_date END AS due_date, "
                + "EXTRACT(EPOCH FROM created_at) AS created_epoch FROM issues "
                + "WHERE updated_at BETWEEN '{BEGIN_TIMESTAMP}'::timestamp AND '{END_TIMESTAMP}'::timestamp"));

        assertEquals(1000, count(sql));
    }

    @Test
    void opsIntervalWindowIsGoneAndOtherConditionsStay() throws SQLException {
        String sql = SourceQueries.fullRangeQuery(table("issues", "SELECT id FROM issues WHERE updated_at BETWEEN "
                + "'{EXECUTION_DATE}'::timestamp - interval '{HOURS} hours' AND '{EXECUTION_DATE}'::timestamp "
                + "AND somewhere_id = 0"));

        assertEquals(333, count(sql));
    }

    @Test
    void escapedPercentMatchesAsAWildcard() throws SQLException {
        String sql = SourceQueries.fullRangeQuery(table("ci_builds", "SELECT id, name FROM p_ci_builds "
                + "WHERE name ILIKE '%%SAST%%' AND updated_at >= '{BEGIN_TIMESTAMP}'::timestamp"));

        assertEquals(100, count(sql));
    }

    @Test
    void subqueryKeepsItsOwnWhere() throws SQLException {
        String sql = SourceQueries.fullRangeQuery(table("issues", "SELECT id FROM issues "
                + "WHERE project_id IN (SELECT id FROM projects WHERE visibility_level = 20) "
                + "AND updated_at BETWEEN '{BEGIN_TIMESTAMP}'::timestamp AND '{END_TIMESTAMP}'::timestamp",
                "AND id NOT IN (1, 2, 3)"));

        assertEquals(498, count(sql));
    }

    @Test
    void keysQueryReturnsOnlyTheKeyOfEveryRowTheFilteringKeeps() throws SQLException {
        String sql = SourceQueries.keysQuery(table("issues", "SELECT id, project_id, due_date FROM issues "
                + "WHERE updated_at BETWEEN '{BEGIN_TIMESTAMP}'::timestamp AND '{END_TIMESTAMP}'::timestamp",
                "AND id NOT IN (1, 2, 3)"));

        assertEquals(997, count(sql));
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql + " ORDER BY 1 LIMIT 1")) {
            rs.next();
            assertEquals(1, rs.getMetaData().getColumnCount());
            assertEquals("id", rs.getMetaData().getColumnName(1));
            assertEquals(4, rs.getLong(1));
        }
    }

    private static long count(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM (" + sql + ") AS src")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
