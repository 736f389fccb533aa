package dev.saasextract.load;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.saasextract.manifest.TableSpec;
import dev.saasextract.metadata.ExportColumns;
import dev.saasextract.source.SourceQueries;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ManifestDriftTest {
    private static final TableSpec ISSUES = issues("id", "AND NOT confidential");
    private static final List<String> COLUMNS = List.of("id", "title");

    private static TableSpec issues(String key, String additionalFiltering) {
        return new TableSpec("issues", "SELECT id, title FROM issues", "GITLAB_DB", "issues", key, "gitlab_com", "main",
                "", additionalFiltering, false, false);
    }

    private static Optional<ExportColumns> startedWith(String key, String rowSource) {
        return Optional.of(new ExportColumns(COLUMNS, Optional.of(key), Optional.of(rowSource), Optional.empty()));
    }

    @Test
    void theKeyAndTheRowsAreComparedWithWhatTheLoadStartedWith() {
        String rows = SourceQueries.rowSource(ISSUES);

        assertEquals(ManifestDrift.NONE, ManifestDrift.of(ISSUES, startedWith("id", rows)));
        assertEquals(new ManifestDrift(true, false), ManifestDrift.of(issues("iid", "AND NOT confidential"),
                startedWith("id", rows)));
        assertEquals(new ManifestDrift(false, true), ManifestDrift.of(issues("id", ""), startedWith("id", rows)));
        assertEquals(new ManifestDrift(true, true), ManifestDrift.of(issues("iid", ""), startedWith("id", rows)));
    }

    @Test
    void aLoadThatRecordedNeitherOrRowsThatNoLongerParseHasNoDrift() {
        assertEquals(ManifestDrift.NONE, ManifestDrift.of(ISSUES, Optional.empty()));
        assertEquals(ManifestDrift.NONE, ManifestDrift.of(ISSUES,
                Optional.of(new ExportColumns(COLUMNS, Optional.empty(), Optional.empty(), Optional.empty()))));
        assertEquals(ManifestDrift.NONE, ManifestDrift.of(ISSUES, startedWith("id", "SELECT * FROM WHERE")),
                "unknown rows are not taken for other rows: the load resumes, with a warning");
    }
}
