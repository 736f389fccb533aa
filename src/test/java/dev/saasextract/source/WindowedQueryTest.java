package dev.saasextract.source;

import static dev.saasextract.source.SourceQueries.windowedQuery;
import static dev.saasextract.source.Specs.table;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saasextract.errors.ManifestException;
import dev.saasextract.manifest.TableSpec;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WindowedQueryTest {
    private static final Map<String, String> VALUES = Map.of("BEGIN_TIMESTAMP", "2024-01-01T09:30:00",
            "END_TIMESTAMP", "2024-01-02T01:00:00.123456", "EXECUTION_DATE", "2024-01-02T02:30:00", "HOURS", "96");
    private static final String ISSUES_WINDOW =
            "WHERE updated_at BETWEEN '{BEGIN_TIMESTAMP}'::timestamp AND '{END_TIMESTAMP}'::timestamp";

    @Test
    void fillsTheBetweenWindowOfGitlabComQueries() {
        TableSpec pipelines = table("ci_pipelines", "SELECT id, created_at, updated_at, NULL AS ref "
                + "FROM p_ci_pipelines " + ISSUES_WINDOW);

        assertEquals("SELECT id, created_at, updated_at, NULL AS ref FROM p_ci_pipelines WHERE updated_at BETWEEN "
                + "'2024-01-01T09:30:00'::timestamp AND '2024-01-02T01:00:00.123456'::timestamp",
                windowedQuery(pipelines, VALUES));
    }

    @Test
    void fillsTheOpsWindowIncludingTheIntervalLiteral() {
        TableSpec ops = table("ops_projects", "SELECT id, name FROM projects WHERE updated_at BETWEEN "
                + "'{EXECUTION_DATE}'::timestamp - interval '{HOURS} hours' AND '{EXECUTION_DATE}'::timestamp");

        assertEquals("SELECT id, name FROM projects WHERE updated_at BETWEEN '2024-01-02T02:30:00'::timestamp - "
                + "INTERVAL '96 hours' AND '2024-01-02T02:30:00'::timestamp", windowedQuery(ops, VALUES));
    }

    @Test
    void fillsLiteralsInTheSelectListJoinsAndSubqueries() {
        TableSpec notes = table("notes", "SELECT n.id, '{END_TIMESTAMP}'::timestamp AS extracted_until FROM notes n "
                + "JOIN issues i ON i.id = n.noteable_id AND i.updated_at >= '{BEGIN_TIMESTAMP}'::timestamp "
                + "WHERE n.project_id IN (SELECT id FROM projects WHERE updated_at < '{END_TIMESTAMP}'::timestamp)");

        assertEquals("SELECT n.id, '2024-01-02T01:00:00.123456'::timestamp AS extracted_until FROM notes n "
                + "JOIN issues i ON i.id = n.noteable_id AND i.updated_at >= '2024-01-01T09:30:00'::timestamp "
                + "WHERE n.project_id IN (SELECT id FROM projects WHERE updated_at < '2024-01-02T01:00:00.123456'::timestamp)",
                windowedQuery(notes, VALUES));
    }

    @Test
    void turnsEscapedPercentIntoLiteralPercent() {
        TableSpec builds = table("ci_builds", "SELECT id, name ILIKE '%%sast%%' AS is_sast FROM p_ci_builds "
                + "WHERE updated_at >= '{BEGIN_TIMESTAMP}'::timestamp");

        assertEquals("SELECT id, name ILIKE '%sast%' AS is_sast FROM p_ci_builds "
                + "WHERE updated_at >= '2024-01-01T09:30:00'::timestamp", windowedQuery(builds, VALUES));
    }

    @Test
    void appliesAdditionalFilteringAsTheFullRangeQueryDoes() {
        TableSpec issues = table("issues", "SELECT id, author_id FROM issues " + ISSUES_WINDOW
                + " OR confidential", "AND author_id NOT IN (8311087) AND iid IN (1, 2)");

        assertEquals("SELECT id, author_id FROM issues WHERE (updated_at BETWEEN '2024-01-01T09:30:00'::timestamp "
                + "AND '2024-01-02T01:00:00.123456'::timestamp OR confidential) AND author_id NOT IN (8311087) "
                + "AND iid IN (1, 2)", windowedQuery(issues, VALUES));
    }

    @Test
    void snapshotQueryOnlyGetsItsFiltering() {
        TableSpec commits = table("merge_request_diff_commits", "SELECT merge_request_diff_id, sha "
                + "FROM merge_request_diff_commits", "AND sha IS NOT NULL");

        assertEquals("SELECT merge_request_diff_id, sha FROM merge_request_diff_commits WHERE sha IS NOT NULL",
                windowedQuery(commits, Map.of()));
    }

    @Test
    void leavesLowerCaseBracesSuchAsJsonPathsAlone() {
        assertEquals("SELECT id, settings#>>'{a}' AS a FROM projects WHERE updated_at >= '2024-01-01T09:30:00'",
                windowedQuery(table("projects", "SELECT id, settings #>> '{a}' AS a FROM projects "
                        + "WHERE updated_at >= '{BEGIN_TIMESTAMP}'"), VALUES));
    }

    @Test
    void rejectsAPlaceholderOutsideAStringLiteral() {
        assertMessage("table 'issues': import_query: placeholder {BEGIN_TIMESTAMP} is outside a string literal; "
                + "write it quoted, e.g. '{BEGIN_TIMESTAMP}'::timestamp",
                () -> windowedQuery(table("issues", "SELECT id, \"{BEGIN_TIMESTAMP}\" FROM issues"), VALUES));
        assertMessage("table 'issues': import_query: cannot parse: ",
                () -> windowedQuery(table("issues", "SELECT id FROM issues WHERE updated_at > {BEGIN_TIMESTAMP}"), VALUES));
    }

    @Test
    void rejectsAPlaceholderWithoutAValue() {
        TableSpec ops = table("ops_projects", "SELECT id FROM projects WHERE updated_at BETWEEN "
                + "'{EXECUTION_DATE}'::timestamp - interval '{HOURS} hours' AND '{EXECUTION_DATE}'::timestamp");

        assertMessage("table 'ops_projects': import_query: placeholder {HOURS} has no value in this load "
                + "(it has values for: BEGIN_TIMESTAMP, END_TIMESTAMP, EXECUTION_DATE)",
                () -> windowedQuery(ops, Map.of("BEGIN_TIMESTAMP", "2024-01-01T09:30:00",
                        "END_TIMESTAMP", "2024-01-02T01:00:00", "EXECUTION_DATE", "2024-01-02T02:30:00")));
        assertMessage("table 'ops_projects': import_query: placeholder {EXECUTION_DATE} has no value in this load "
                + "(it has values for: none)", () -> windowedQuery(ops, Map.of()));
    }

    @Test
    void rejectsPlaceholdersItCannotFill() {
        assertMessage("table 'issues': import_query: unsupported placeholder {LAST_LOADED}",
                () -> windowedQuery(table("issues", "SELECT id FROM issues WHERE updated_at > '{LAST_LOADED}'"),
                        Map.of("LAST_LOADED", "2024-01-01T10:00:00")));
        assertMessage("table 'issues': additional_filtering: unsupported placeholder {BEGIN_TIMESTAMP}",
                () -> windowedQuery(table("issues", "SELECT id FROM issues",
                        "AND updated_at > '{BEGIN_TIMESTAMP}'::timestamp"), VALUES));
    }

    @Test
    void refusesValuesThatCouldLeaveTheLiteral() {
        TableSpec issues = table("issues", "SELECT id FROM issues " + ISSUES_WINDOW);
        for (String value : new String[] {"2024-01-01' OR '1'='1", "2024-01-01; DROP TABLE issues", "2024\\01", "{HOURS}"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> windowedQuery(issues, Map.of("BEGIN_TIMESTAMP", value, "END_TIMESTAMP", "2024-01-02T01:00:00")));
            assertEquals("placeholder value for BEGIN_TIMESTAMP holds a character outside [0-9A-Za-z:.+\\- ]",
                    e.getMessage());
        }
    }

    private static void assertMessage(String expectedStart, Runnable call) {
        ManifestException e = assertThrows(ManifestException.class, call::run);
        assertTrue(e.getMessage().startsWith(expectedStart), () -> "message was: " + e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    }
}
