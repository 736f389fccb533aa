package dev.saasextract.source;

import static dev.saasextract.source.SourceQueries.fullRangeQuery;
import static dev.saasextract.source.SourceQueries.sourceTable;
import static dev.saasextract.source.SourceQueries.windowedQuery;
import static dev.saasextract.source.Specs.table;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saasextract.errors.ManifestException;
import dev.saasextract.manifest.TableSpec;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SourceQueriesTest {
    private static final String ISSUES_FILTER = "AND created_at NOT IN ( '0001-01-01 00:00:00+00', "
            + "'1000-01-01 00:00:00+00', '10000-01-01 00:00:00+00','4714-11-24 00:00:00+00 BC') AND author_id NOT IN (8311087)";

    @Test
    void dropsBetweenWindowAndKeepsCaseAndExtractSelectItems() {
        TableSpec issues = table("issues", """
                SELECT id, iid, NULL AS title, author_id,
                  CASE WHEN due_date < '1970-01-01' THEN NULL ELSE due_date END AS due_date,
                  EXTRACT(EPOCH FROM created_at) AS created_epoch
                FROM issues
                WHERE updated_at BETWEEN '{BEGIN_TIMESTAMP}'::timestamp AND '{END_TIMESTAMP}'::timestamp""");

        assertEquals("SELECT id, iid, NULL AS title, author_id, CASE WHEN due_date < '1970-01-01' THEN NULL "
                + "ELSE due_date END AS due_date, EXTRACT(EPOCH FROM created_at) AS created_epoch FROM issues",
                fullRangeQuery(issues));
    }

    @Test
    void appliesAdditionalFilteringWhereTheWindowWas() {
        TableSpec issues = table("issues", "SELECT id, author_id, created_at FROM issues "
                + "WHERE updated_at BETWEEN '{BEGIN_TIMESTAMP}'::timestamp AND '{END_TIMESTAMP}'::timestamp", ISSUES_FILTER);

        assertEquals("SELECT id, author_id, created_at FROM issues WHERE created_at NOT IN ('0001-01-01 00:00:00+00', "
                + "'1000-01-01 00:00:00+00', '10000-01-01 00:00:00+00', '4714-11-24 00:00:00+00 BC') "
                + "AND author_id NOT IN (8311087)", fullRangeQuery(issues));
    }

    @Test
    void dropsGreaterOrEqualWindowAndKeepsEveryOtherConjunctInOrder() {
        TableSpec builds = table("ci_builds", "SELECT id, somewhere_id FROM p_ci_builds WHERE somewhere_id > 3 "
                + "AND (updated_at >= '{BEGIN_TIMESTAMP}'::timestamp AND (type = 'Ci::Build')) "
                + "AND (status = 'failed' OR status = 'success') AND updated_at < '{END_TIMESTAMP}'::timestamp");

        assertEquals("SELECT id, somewhere_id FROM p_ci_builds WHERE somewhere_id > 3 AND ((type = 'Ci::Build')) "
                + "AND (status = 'failed' OR status = 'success')", fullRangeQuery(builds));
    }

    @Test
    void dropsOpsWindowBuiltFromExecutionDateMinusHoursInterval() {
        TableSpec ops = table("ops_projects", "SELECT id, name FROM projects WHERE updated_at BETWEEN "
                + "'{EXECUTION_DATE}'::timestamp - interval '{HOURS} hours' AND '{EXECUTION_DATE}'::timestamp "
                + "AND archived = false");

        assertEquals("SELECT id, name FROM projects WHERE archived = false", fullRangeQuery(ops));
    }

    @Test
    void turnsEscapedPercentIntoLiteralPercent() {
        TableSpec builds = table("ci_builds", "SELECT id, name ILIKE '%%sast%%' AS is_sast FROM p_ci_builds "
                + "WHERE name ILIKE '%%container_scanning%%' AND updated_at BETWEEN '{BEGIN_TIMESTAMP}'::timestamp "
                + "AND '{END_TIMESTAMP}'::timestamp");

        assertEquals("SELECT id, name ILIKE '%sast%' AS is_sast FROM p_ci_builds WHERE name ILIKE '%container_scanning%'",
                fullRangeQuery(builds));
    }

    @Test
    void keepsASubqueryWithItsOwnWhere() {
        TableSpec issues = table("issues", "SELECT id, project_id FROM issues "
                + "WHERE project_id IN (SELECT id FROM projects WHERE visibility_level = 20) "
                + "AND updated_at BETWEEN '{BEGIN_TIMESTAMP}'::timestamp AND '{END_TIMESTAMP}'::timestamp");

        assertEquals("SELECT id, project_id FROM issues WHERE project_id IN "
                + "(SELECT id FROM projects WHERE visibility_level = 20)", fullRangeQuery(issues));
    }

    @Test
    void keepsInListConditionsNextToTheWindow() {
        TableSpec issues = table("issues", "SELECT id FROM issues WHERE state IN ('opened', 'closed') "
                + "AND updated_at BETWEEN '{BEGIN_TIMESTAMP}'::timestamp AND '{END_TIMESTAMP}'::timestamp "
                + "AND project_id NOT IN (SELECT id FROM projects WHERE archived) AND confidential = false",
                "AND author_id NOT IN (8311087) AND iid IN (1, 2)");

        assertEquals("SELECT id FROM issues WHERE state IN ('opened', 'closed') AND project_id NOT IN "
                + "(SELECT id FROM projects WHERE archived) AND confidential = false "
                + "AND author_id NOT IN (8311087) AND iid IN (1, 2)", fullRangeQuery(issues));
    }

    @Test
    void addsAdditionalFilteringToAQueryWithoutWhere() {
        TableSpec commits = table("merge_request_diff_commits", """
                SELECT authored_date, committed_date, merge_request_diff_id, relative_order, sha
                FROM merge_request_diff_commits""", "AND merge_request_diff_id > 100 AND sha IS NOT NULL");

        assertEquals("SELECT authored_date, committed_date, merge_request_diff_id, relative_order, sha "
                + "FROM merge_request_diff_commits WHERE merge_request_diff_id > 100 AND sha IS NOT NULL",
                fullRangeQuery(commits));
    }

    @Test
    void parenthesisesAKeptDisjunctionBeforeAddingTheFilter() {
        TableSpec issues = table("issues", "SELECT id FROM issues WHERE state = 'opened' OR state = 'reopened'",
                "AND author_id <> 1");

        assertEquals("SELECT id FROM issues WHERE (state = 'opened' OR state = 'reopened') AND author_id <> 1",
                fullRangeQuery(issues));
    }

    @Test
    void leavesAQueryWithoutWindowOrFilterAsItWas() {
        assertEquals("SELECT build_id, chunk_index FROM ci_build_trace_chunks",
                fullRangeQuery(table("ci_build_trace_chunks", "SELECT build_id, chunk_index FROM ci_build_trace_chunks")));
    }

    @Test
    void rejectsWindowInsideOr() {
        TableSpec issues = table("issues", "SELECT id FROM issues WHERE state = 'opened' AND "
                + "(state = 'closed' OR updated_at >= '{BEGIN_TIMESTAMP}'::timestamp)");

        assertMessage("table 'issues': import_query: time-window placeholder inside OR cannot be removed",
                () -> fullRangeQuery(issues));
    }

    @Test
    void rejectsWindowInOrAfterAnInList() {
        TableSpec issues = table("issues", "SELECT id FROM issues WHERE state IN ('opened') "
                + "OR updated_at >= '{BEGIN_TIMESTAMP}'::timestamp");

        assertMessage("table 'issues': import_query: time-window placeholder inside OR cannot be removed",
                () -> fullRangeQuery(issues));
    }

    @Test
    void rejectsWindowInSelectList() {
        TableSpec issues = table("issues", "SELECT id, '{END_TIMESTAMP}'::timestamp AS extracted_until FROM issues");

        assertMessage("table 'issues': import_query: time-window placeholder {END_TIMESTAMP} is outside",
                () -> fullRangeQuery(issues));
    }

    @Test
    void rejectsWindowInJoinCondition() {
        TableSpec notes = table("notes", "SELECT n.id FROM notes n JOIN issues i ON i.id = n.noteable_id "
                + "AND i.updated_at >= '{BEGIN_TIMESTAMP}'::timestamp");

        assertMessage("table 'notes': import_query: time-window placeholder {BEGIN_TIMESTAMP} is outside",
                () -> fullRangeQuery(notes));
    }

    @Test
    void rejectsStatementsThatAreNotOnePlainSelect() {
        assertMessage("table 'u': import_query: must be one plain SELECT (no UNION, DML or parenthesised query),"
                + " found a UNION, INTERSECT or EXCEPT",
                () -> fullRangeQuery(table("u", "SELECT id FROM a UNION SELECT id FROM b")));
        assertMessage("table 'd': import_query: must be one plain SELECT (no UNION, DML or parenthesised query),"
                + " found a DELETE statement", () -> fullRangeQuery(table("d", "DELETE FROM issues")));
    }

    @Test
    void aQueryNestedTooDeeplyToRewriteIsAManifestErrorNotACrash() {
        String parentheses = "SELECT id FROM issues WHERE " + "(".repeat(1000) + "id = 1" + ")".repeat(1000);
        String conditions = "AND id <> 0".repeat(20_000);
        String expected = "nests too deeply to parse and rewrite (thousands of conditions or parentheses); simplify it";

        assertMessage("table 'p': import_query: cannot parse: the parser gave up (parentheses nested too deeply?);"
                + " simplify it", () -> fullRangeQuery(table("p", parentheses)));
        assertMessage("table 'a': import_query: with its additional_filtering, " + expected,
                () -> fullRangeQuery(table("a", "SELECT id FROM issues", conditions.replace("AND", " AND"))));
    }

    @Test
    void rejectsAQueryFollowedByAnotherStatement() {
        assertMessage("table 'issues': import_query: must be exactly one SELECT statement, found 2 statements"
                + " separated by ';'", () -> fullRangeQuery(table("issues", "SELECT id FROM issues; DROP TABLE issues")));
        assertMessage("table 'issues': import_query: must be exactly one SELECT statement, found 3",
                () -> windowedQuery(table("issues", "SELECT id FROM issues WHERE updated_at > '{BEGIN_TIMESTAMP}'"
                        + "::timestamp; SELECT 1; DELETE FROM issues"), Map.of("BEGIN_TIMESTAMP", "2024-01-01")));
        assertMessage("table 'issues': additional_filtering: cannot parse as 'AND <condition>'",
                () -> fullRangeQuery(table("issues", "SELECT id FROM issues", "AND id > 0; DROP TABLE issues")));
    }

    @Test
    void acceptsOneQueryWithATrailingSemicolon() {
        assertEquals("SELECT id FROM issues", fullRangeQuery(table("issues", "SELECT id FROM issues;")));
    }

    @Test
    void rejectsUnparseableQueryAndFragmentOnOneLine() {
        ManifestException query = assertThrows(ManifestException.class,
                () -> fullRangeQuery(table("issues", "SELECT id FORM issues WHERE")));
        assertTrue(query.getMessage().startsWith("table 'issues': import_query: cannot parse: "), query.getMessage());
        assertFalse(query.getMessage().contains("jsqlparser"), "no exception class: " + query.getMessage());
        assertEquals(1, query.getMessage().lines().count(), query.getMessage());

        ManifestException fragment = assertThrows(ManifestException.class,
                () -> fullRangeQuery(table("issues", "SELECT id FROM issues", "AND author_id NOT IN (")));
        assertTrue(fragment.getMessage().startsWith("table 'issues': additional_filtering: cannot parse as 'AND <condition>': "),
                fragment.getMessage());
        assertEquals(1, fragment.getMessage().lines().count(), fragment.getMessage());
    }

    @Test
    void rejectsFragmentWhoseMeaningWouldChangeOnceParenthesised() {
        assertMessage("table 'issues': additional_filtering: must be 'AND <condition>' with no top-level OR",
                () -> fullRangeQuery(table("issues", "SELECT id FROM issues", "AND author_id = 1 OR author_id = 2")));
        assertMessage("table 'issues': additional_filtering: must be 'AND <condition>' with no top-level OR",
                () -> fullRangeQuery(table("issues", "SELECT id FROM issues", "AND author_id IN (1) OR author_id = 2")));
        assertMessage("table 'issues': additional_filtering: cannot parse as 'AND <condition>'",
                () -> fullRangeQuery(table("issues", "SELECT id FROM issues", "author_id = 1")));
        assertMessage("table 'issues': additional_filtering: cannot parse as 'AND <condition>'",
                () -> fullRangeQuery(table("issues", "SELECT id FROM issues", "AND author_id = 1 ORDER BY id")));
    }

    @Test
    void rejectsPlaceholdersItCannotFill() {
        assertMessage("table 'ci_builds_internal_only': additional_filtering: {INTERNAL_PROJECT_IDS} was not filled"
                        + " from the seed files",
                () -> fullRangeQuery(table("ci_builds_internal_only", "SELECT id FROM p_ci_builds",
                        "AND project_id in {INTERNAL_PROJECT_IDS}")));
        assertMessage("table 'ci_builds_internal_only': import_query: {INTERNAL_PROJECT_IDS} is filled in"
                        + " additional_filtering only",
                () -> fullRangeQuery(table("ci_builds_internal_only",
                        "SELECT id FROM p_ci_builds WHERE project_id IN {INTERNAL_PROJECT_IDS}")));
        assertMessage("table 'issues': additional_filtering: unsupported placeholder {INTERNAL_IDS}",
                () -> fullRangeQuery(table("issues", "SELECT id FROM issues", "AND project_id IN {INTERNAL_IDS}")));
        assertMessage("table 'issues': import_query: unsupported placeholder {LAST_LOADED}",
                () -> fullRangeQuery(table("issues", "SELECT id FROM issues WHERE updated_at > '{LAST_LOADED}'")));
        assertMessage("table 'issues': additional_filtering: unsupported placeholder {BEGIN_TIMESTAMP}",
                () -> fullRangeQuery(table("issues", "SELECT id FROM issues",
                        "AND updated_at > '{BEGIN_TIMESTAMP}'::timestamp")));
    }

    @Test
    void leavesLowerCaseBracesSuchAsJsonPathsAlone() {
        assertEquals("SELECT id, settings#>>'{a}' AS a FROM projects",
                fullRangeQuery(table("projects", "SELECT id, settings #>> '{a}' AS a FROM projects")));
    }

    @Test
    void findsTheSourceTableInTheParseTree() {
        assertEquals("p_ci_pipelines", sourceTable(table("ci_pipelines", "SELECT id, created_at, NULL AS ref "
                + "FROM p_ci_pipelines WHERE updated_at BETWEEN '{BEGIN_TIMESTAMP}'::timestamp AND '{END_TIMESTAMP}'::timestamp")));
        assertEquals("public.issues", sourceTable(table("issues",
                "SELECT somewhere_from FROM public.issues WHERE somewhere_from IN (SELECT id FROM other)")));
        assertMessage("table 'x': import_query: FROM must name a table",
                () -> sourceTable(table("x", "SELECT id FROM (SELECT id FROM issues) AS s")));
    }

    private static void assertMessage(String expectedStart, Runnable call) {
        ManifestException e = assertThrows(ManifestException.class, call::run);
        assertTrue(e.getMessage().startsWith(expectedStart), () -> "message was: " + e.getMessage());
    }
}
