package dev.saasextract.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saasextract.manifest.TableSpec;
import dev.saasextract.metadata.ExportColumns;
import dev.saasextract.schema.ColumnSpec;
import dev.saasextract.schema.ColumnType;
import dev.saasextract.schema.UploadedAtForm;
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
        assertEquals(new ManifestDrift(true, false, false), ManifestDrift.of(issues("iid", "AND NOT confidential"),
                startedWith("id", rows)));
        assertEquals(new ManifestDrift(false, true, false), ManifestDrift.of(issues("id", ""), startedWith("id", rows)));
        assertEquals(new ManifestDrift(true, true, false), ManifestDrift.of(issues("iid", ""), startedWith("id", rows)));
    }

    private static final ColumnSpec ID = new ColumnSpec("id", ColumnType.of(ColumnType.Kind.BIGINT, "int8"));
    private static final ColumnSpec TITLE = new ColumnSpec("title", ColumnType.of(ColumnType.Kind.TEXT, "text"));
    private static final ColumnSpec UPLOADED_AT = UploadedAtForm.TIMESTAMP.column();

    /** A load that staged {@code id}, {@code title} and {@code _uploaded_at} as a timestamp. */
    private static Optional<ExportColumns> staged(boolean withFileColumns) {
        return Optional.of(new ExportColumns(COLUMNS, Optional.of("id"), Optional.of(SourceQueries.rowSource(ISSUES)),
                Optional.empty(), Optional.empty(), withFileColumns
                        ? Optional.of(ExportColumns.describeFileColumns(List.of(ID, TITLE, UPLOADED_AT)))
                        : Optional.empty()));
    }

    private static boolean columnsChanged(Optional<ExportColumns> startedWith, List<ColumnSpec> query,
            List<ColumnSpec> tools) {
        return ManifestDrift.of(ISSUES, startedWith, Optional.of(new ManifestDrift.StagedNow(query, tools)))
                .columnsChanged();
    }

    @Test
    void aResumeMustStageTheColumnsTheLoadsFilesHold() {
        List<ColumnSpec> tools = List.of(UPLOADED_AT);
        ColumnSpec gained = new ColumnSpec("state", ColumnType.of(ColumnType.Kind.TEXT, "text"));

        assertFalse(columnsChanged(staged(true), List.of(ID, TITLE), tools));
        assertFalse(columnsChanged(staged(true), List.of(new ColumnSpec("ID", ID.type()), TITLE), tools),
                "names are matched ignoring case");
        assertFalse(columnsChanged(staged(true), List.of(TITLE, ID), tools), "order does not matter");
        assertFalse(columnsChanged(staged(true), List.of(ID, gained, TITLE), tools),
                "a column the query gained is left out of the resume");
        assertTrue(columnsChanged(staged(true), List.of(ID), tools), "title is gone");
        assertTrue(columnsChanged(staged(true), List.of(ID, new ColumnSpec("title_text", TITLE.type())), tools),
                "title is renamed");
        assertTrue(columnsChanged(staged(true), List.of(ID, new ColumnSpec("title",
                ColumnType.of(ColumnType.Kind.INTEGER, "int4"))), tools), "title is an integer now");
        assertTrue(columnsChanged(staged(true), List.of(ID, TITLE),
                List.of(UploadedAtForm.EPOCH_SECONDS.column())), "_uploaded_at is epoch seconds now");
        assertTrue(columnsChanged(staged(true), List.of(ID, TITLE), List.of(UPLOADED_AT,
                new ColumnSpec("_task_instance", TITLE.type()))), "advanced_metadata was turned on");
    }

    /** Before metadata migration V9 only the query columns' names were recorded. */
    @Test
    void aLoadRecordedWithoutItsFilesColumnsIsComparedByNameOnly() {
        List<ColumnSpec> tools = List.of(UploadedAtForm.EPOCH_SECONDS.column());

        assertTrue(columnsChanged(staged(false), List.of(ID), tools), "title is gone");
        assertFalse(columnsChanged(staged(false), List.of(ID, new ColumnSpec("title",
                ColumnType.of(ColumnType.Kind.INTEGER, "int4"))), tools), "a type is not known");
        assertFalse(ManifestDrift.of(ISSUES, staged(true)).columnsChanged(), "nor anything without the columns now");
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
