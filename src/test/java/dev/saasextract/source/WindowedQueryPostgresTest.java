package dev.saasextract.source;

import static dev.saasextract.source.Specs.table;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.saasextract.manifest.TableSpec;
import dev.saasextract.plan.AirflowInputs;
import dev.saasextract.plan.IncrementalWindow;
import dev.saasextract.testing.TestPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Window values as IncrementalWindow formats them, filled into GitLab's query shapes, select exactly the window. */
class WindowedQueryPostgresTest {
    private static DataSource dataSource;

    @BeforeAll
    static void buildsUpdatedEveryTenMinutes() throws SQLException {
        dataSource = TestPostgres.dataSource(TestPostgres.newDatabase());
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            // Build g is updated at 2024-01-01 00:00 + g * 10 minutes; every fourth one is a SAST job.
            s.execute("CREATE TABLE p_ci_builds (id int PRIMARY KEY, name text, updated_at timestamp)");
            s.execute("INSERT INTO p_ci_builds SELECT g, CASE WHEN g % 4 = 0 THEN 'sast-scan' ELSE 'rspec' END, "
                    + "timestamp '2024-01-01' + g * interval '10 minutes' FROM generate_series(0, 200) AS g");
            s.execute("INSERT INTO p_ci_builds VALUES (1001, 'rspec', timestamp '2024-01-02 01:00:00.000001'), "
                    + "(1002, 'rspec', timestamp '2024-01-02 01:00:00.000002')");
        }
    }

    @Test
    void gitlabComWindowReadsFromHalfAnHourBeforeLastLoadedToTheReplicaMicrosecond() throws SQLException {
        AirflowInputs in = AirflowInputs.from(Map.of("EXECUTION_DATE", "2024-01-02T02:30:00+00:00", "HOURS", "96",
                "LAST_LOADED", "2024-01-01T10:00:00+0000"));
        IncrementalWindow window = IncrementalWindow.compute(in, Instant.parse("2024-01-02T01:00:00.000001Z"));
        TableSpec builds = table("ci_builds", "SELECT id, name, updated_at FROM p_ci_builds "
                + "WHERE updated_at BETWEEN '{BEGIN_TIMESTAMP}'::timestamp AND '{END_TIMESTAMP}'::timestamp",
                "AND id <> 100");

        Set<Integer> ids = ids(SourceQueries.windowedQuery(builds, window.placeholderValues()));

        // 09:30 is build 57, 01:00 the next day is build 150; 1001 is at the replica's microsecond, 1002 just after.
        Set<Integer> expected = range(57, 150, 100);
        expected.add(1001);
        assertEquals(expected, ids);
    }

    @Test
    void opsWindowReadsHoursBackFromTheExecutionDate() throws SQLException {
        AirflowInputs in = AirflowInputs.from(Map.of("EXECUTION_DATE", "2024-01-02T02:30:00+0000", "HOURS", "12"));
        IncrementalWindow window = IncrementalWindow.compute(in, Instant.parse("2024-01-02T06:00:00Z"));
        TableSpec builds = table("ops_ci_builds", "SELECT id FROM p_ci_builds WHERE name ILIKE '%%SAST%%' AND "
                + "updated_at BETWEEN '{EXECUTION_DATE}'::timestamp - interval '{HOURS} hours' AND '{EXECUTION_DATE}'::timestamp");

        Set<Integer> ids = ids(SourceQueries.windowedQuery(builds, window.placeholderValues()));

        // 14:30 is build 87, 02:30 the next day is build 159; only every fourth build is a SAST job.
        assertEquals(IntStream.rangeClosed(87, 159).filter(g -> g % 4 == 0).boxed().collect(Collectors.toSet()), ids);
    }

    /**
     * GitLab's DAG fills an ops query with the run's raw EXECUTION_DATE and HOURS; here it reads the window of the
     * other form, so it also stops at the replica's data and goes on from LAST_LOADED, from a whole hour before.
     */
    @Test
    void opsWindowReadsTheSameWindowFromAWholeHourBeforeItsBegin() throws SQLException {
        AirflowInputs in = AirflowInputs.from(Map.of("EXECUTION_DATE", "2024-01-02T02:30:00+00:00", "HOURS", "96",
                "LAST_LOADED", "2024-01-01T10:00:00+0000"));
        IncrementalWindow window = IncrementalWindow.compute(in, Instant.parse("2024-01-02T01:00:00.000001Z"));
        TableSpec builds = table("ops_ci_builds", "SELECT id FROM p_ci_builds WHERE updated_at BETWEEN"
                + " '{EXECUTION_DATE}'::timestamp - interval '{HOURS} hours' AND '{EXECUTION_DATE}'::timestamp", "");

        Set<Integer> ids = ids(SourceQueries.windowedQuery(builds, window.placeholderValues()));

        // 16 hours before the replica's 01:00:00.000001 is 09:00:00.000001, so build 55 (09:10) is the first; build
        // 57 (09:30) is the window's begin. 1002, after the replica's microsecond, is not read.
        Set<Integer> expected = range(55, 150, -1);
        expected.add(1001);
        assertEquals(expected, ids);
    }

    private static Set<Integer> range(int first, int last, int except) {
        return IntStream.rangeClosed(first, last).filter(g -> g != except).boxed()
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<Integer> ids(String sql) throws SQLException {
        Set<Integer> ids = new TreeSet<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                ids.add(rs.getInt("id"));
            }
        }
        return ids;
    }
}
