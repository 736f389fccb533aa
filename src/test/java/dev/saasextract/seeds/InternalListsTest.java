package dev.saasextract.seeds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saasextract.errors.ConfigException;
import dev.saasextract.manifest.TableSpec;
import dev.saasextract.retry.Retrier;
import dev.saasextract.retry.RetryPolicy;
import dev.saasextract.source.SourceQueries;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InternalListsTest {
    @TempDir
    Path dir;

    private static TableSpec table(String filtering) {
        return new TableSpec("ci_builds_internal_only",
                "SELECT id, project_id FROM p_ci_builds WHERE updated_at BETWEEN '{BEGIN_TIMESTAMP}'::timestamp"
                        + " AND '{END_TIMESTAMP}'::timestamp",
                "GITLAB_DB", "ci_builds_internal_only", "id", "gitlab_com", "ci", "", filtering, false, true);
    }

    private URI seed(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content).toUri();
    }

    private static InternalLists lists(List<URI> projects, List<URI> namespaces) {
        return new InternalLists(new SeedLocations(projects, namespaces),
                new SeedFiles(Retrier.of(RetryPolicy.NONE, SeedFiles::isTransient, d -> { })));
    }

    @Test
    void fillsIdsBareFromEveryProjectFileInOrderWithoutDuplicates() throws IOException {
        URI ops = seed("ops.csv", "project_path,project_id\ngitlab-com/gl-infra/production,7444821\n");
        URI internal = seed("internal.csv", "project_path,project_id\ngitlab-org/gitlab,278964\n"
                + "gitlab-com/gl-infra/production, 7444821 \ngitlab-org/gitlab-foss,013083\n");
        TableSpec filled = lists(List.of(ops, internal), List.of())
                .fill(table("AND project_id IN {INTERNAL_PROJECT_IDS}"));
        assertEquals("AND project_id IN (7444821, 278964, 13083)", filled.additionalFiltering());
        assertEquals("SELECT id, project_id FROM p_ci_builds WHERE project_id IN (7444821, 278964, 13083)",
                SourceQueries.fullRangeQuery(filled));
    }

    @Test
    void fillsPathsAsQuotedStringsNamespacesFirstForInternalPaths() throws IOException {
        URI projects = seed("projects.csv", "project_path,project_id\ngitlab-org/gitlab,278964\no'brien/100%,5\n");
        URI namespaces = seed("namespaces.csv", "namespace_path,namespace_id\ngitlab-org,9970\n");
        TableSpec filled = lists(List.of(projects), List.of(namespaces))
                .fill(table("AND path IN {INTERNAL_PATHS} AND ns IN {INTERNAL_NAMESPACE_IDS}"));
        assertEquals("AND path IN ('gitlab-org', 'gitlab-org/gitlab', 'o''brien/100%%', 'gitlab-org') AND ns IN (9970)"
                        .replace(", 'gitlab-org')", ")"),
                filled.additionalFiltering());
        // The manifest convention reads %% as %, so the value reaches Postgres as written in the seed file.
        assertTrue(SourceQueries.fullRangeQuery(filled).endsWith(
                "WHERE path IN ('gitlab-org', 'gitlab-org/gitlab', 'o''brien/100%') AND ns IN (9970)"),
                SourceQueries.fullRangeQuery(filled));
    }

    @Test
    void fillsEveryOccurrenceAndLeavesATableWithoutPlaceholdersAsItWas() throws IOException {
        URI namespaces = seed("namespaces.csv", "namespace_path,namespace_id\ngitlab-com,6543\n");
        InternalLists lists = lists(List.of(), List.of(namespaces));
        assertEquals("AND (a IN (6543) OR b IN (6543)) AND c IN ('gitlab-com')",
                lists.fill(table("AND (a IN {INTERNAL_NAMESPACE_IDS} OR b IN {INTERNAL_NAMESPACE_IDS})"
                        + " AND c IN {INTERNAL_NAMESPACE_PATHS}")).additionalFiltering());
        TableSpec plain = table("AND project_id > 5");
        assertSame(plain, lists.fill(plain));
    }

    @Test
    void readsDoubledBracesAsLiteralBracesAsPythonsFormatDoes() throws IOException {
        URI projects = seed("projects.csv", "project_path,project_id\ngitlab-org/gitlab,278964\n");
        InternalLists lists = lists(List.of(projects), List.of());
        assertEquals("AND labels && '{bug,security}' AND project_id IN (278964)",
                lists.fill(table("AND labels && '{{bug,security}}' AND project_id IN {INTERNAL_PROJECT_IDS}"))
                        .additionalFiltering());
        assertEquals("AND note = '{INTERNAL_PROJECT_IDS}'",
                lists.fill(table("AND note = '{{INTERNAL_PROJECT_IDS}}'")).additionalFiltering());
        assertEquals("AND labels && '{bug}'",
                InternalLists.fillWithStandIns(table("AND labels && '{{bug}}'")).additionalFiltering());
    }

    @Test
    void readsOnlyTheFilesOfThePlaceholdersInUse() throws IOException {
        URI projects = seed("projects.csv", "project_path,project_id\ngitlab-org/gitlab,278964\n");
        URI missing = dir.resolve("no-such-namespaces.csv").toUri();
        InternalLists lists = lists(List.of(projects), List.of(missing));
        assertEquals("AND project_id IN (278964)",
                lists.fill(table("AND project_id IN {INTERNAL_PROJECT_IDS}")).additionalFiltering());
        ConfigException e = assertThrows(ConfigException.class,
                () -> lists.fill(table("AND namespace_id IN {INTERNAL_NAMESPACE_IDS}")));
        assertEquals("internal_lists.namespaces: " + missing + ": no such file", e.getMessage());
    }

    @Test
    void standInsParseWithoutReadingAnything() {
        TableSpec filled = InternalLists.fillWithStandIns(table("AND project_id IN {INTERNAL_PROJECT_IDS}"
                + " AND path IN {INTERNAL_PATHS}"));
        assertEquals("SELECT id, project_id FROM p_ci_builds WHERE project_id IN (NULL) AND path IN (NULL)",
                SourceQueries.fullRangeQuery(filled));
    }

    @Test
    void refusesSeedValuesThatAreNotIdsOrPaths() throws IOException {
        URI projects = seed("projects.csv", "project_path,project_id\ngitlab-org/gitlab,278964\nx/{y},27.5\n");
        assertEquals("internal_lists.projects: " + projects + " line 3: project_id must be an integer, got '27.5'",
                fillFails(List.of(projects), List.of(), "{INTERNAL_PROJECT_IDS}"));
        assertEquals("internal_lists.projects: " + projects + " line 3: project_path holds a brace, backslash or"
                        + " control character, not a GitLab path: 'x/{y}'",
                fillFails(List.of(projects), List.of(), "{INTERNAL_PROJECT_PATHS}"));
        URI backslash = seed("backslash.csv", "project_path,project_id\ngitlab-org\\gitlab,1\n");
        assertEquals("internal_lists.projects: " + backslash + " line 2: project_path holds a brace, backslash or"
                        + " control character, not a GitLab path: 'gitlab-org\\gitlab'",
                fillFails(List.of(backslash), List.of(), "{INTERNAL_PROJECT_PATHS}"));
        URI blank = seed("blank.csv", "namespace_path,namespace_id\n,6543\n");
        assertEquals("internal_lists.namespaces: " + blank + " line 2: namespace_path is empty",
                fillFails(List.of(), List.of(blank), "{INTERNAL_NAMESPACE_PATHS}"));
    }

    @Test
    void refusesAFileWithoutTheColumnAndAListWithoutValues() throws IOException {
        URI renamed = seed("renamed.csv", "path,id\ngitlab-org/gitlab,278964\n");
        assertEquals("internal_lists.projects: " + renamed + ": no column 'project_id' in its header line"
                        + " (found: path, id)",
                fillFails(List.of(renamed), List.of(), "{INTERNAL_PROJECT_IDS}"));
        URI headerOnly = seed("header-only.csv", "namespace_path,namespace_id\n");
        URI projectsHeaderOnly = seed("projects-header-only.csv", "project_path,project_id\n");
        assertEquals("{INTERNAL_PATHS}: the seed files hold no values (2 file(s) under internal_lists.namespaces and"
                        + " internal_lists.projects); an empty list would filter out every row",
                fillFails(List.of(projectsHeaderOnly), List.of(headerOnly), "{INTERNAL_PATHS}"));
        URI empty = seed("empty.csv", "");
        assertEquals("internal_lists.projects: " + empty + ": is empty; a seed file starts with a header line naming"
                + " its columns, e.g. project_id", fillFails(List.of(empty), List.of(), "{INTERNAL_PROJECT_IDS}"));
        URI notCsv = seed("not.csv", "project_path,project_id\n\"unclosed,1\n");
        assertTrue(fillFails(List.of(notCsv), List.of(), "{INTERNAL_PROJECT_IDS}")
                .startsWith("internal_lists.projects: " + notCsv + ": not a CSV file: "));
    }

    private String fillFails(List<URI> projects, List<URI> namespaces, String placeholder) {
        return assertThrows(ConfigException.class,
                () -> lists(projects, namespaces).fill(table("AND x IN " + placeholder))).getMessage();
    }
}
