package dev.saasextract.load;

import static dev.saasextract.load.Pipeline.at;
import static dev.saasextract.load.Pipeline.crashAfterChunk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saasextract.manifest.TableSpec;
import dev.saasextract.metadata.MetadataTable;
import dev.saasextract.plan.BackfillAction;
import dev.saasextract.plan.DeletesReason;
import dev.saasextract.verify.Difference;
import dev.saasextract.verify.KeysFound;
import dev.saasextract.verify.Verifications;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The deletes process on embedded Postgres, local staging and DuckDB: exact to the row. */
class DeletesEndToEndTest {
    private static final Instant DAY1 = Instant.parse("2024-01-02T02:00:00Z");
    private static final Instant DAY2 = Instant.parse("2024-01-03T02:00:00Z");
    private static final Instant DAY3 = Instant.parse("2024-01-04T02:00:00Z");

    private static final TableSpec ISSUES = issues("AND project_id <> 13");

    @RegisterExtension
    final Pipeline pipeline = new Pipeline();

    @BeforeEach
    void setUp() throws Exception {
        pipeline.sourceSql("CREATE TABLE issues (id bigint PRIMARY KEY, project_id integer, title text, updated_at timestamp);"
                + " INSERT INTO issues SELECT g, CASE WHEN g = 300 THEN 13 ELSE 100 + g % 7 END, 'issue ' || g,"
                + " timestamp '2020-01-01' + g * interval '1 hour' FROM generate_series(1, 1000) g");
        pipeline.backfill(ISSUES, at(DAY1), 400, LoadListener.NONE);
    }

    private static TableSpec issues(String additionalFiltering) {
        return new TableSpec("issues", "SELECT id, project_id, title, updated_at FROM issues"
                + " WHERE updated_at BETWEEN '{BEGIN_TIMESTAMP}'::timestamp AND '{END_TIMESTAMP}'::timestamp",
                "GITLAB_DB", "issues", "id", "gitlab_com", "main", "", additionalFiltering, false, false);
    }

    /** id -> "is_deleted@is_deleted_updated_at" for every warehouse row. */
    private Map<Long, String> flags() throws Exception {
        Map<Long, String> flags = new java.util.TreeMap<>();
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:" + pipeline.warehouseFile);
                Statement s = duck.createStatement();
                ResultSet rs = s.executeQuery("SELECT id, is_deleted, is_deleted_updated_at FROM tap_postgres.\"GITLAB_DB_ISSUES\"")) {
            while (rs.next()) {
                String previous = flags.put(rs.getLong(1), rs.getString(2) + "@" + rs.getString(3));
                assertEquals(null, previous, "one row per id in this test");
            }
        }
        return flags;
    }

    @Test
    void firstRunFlagsEveryRowPresentAndLaterRunsFlipExactlyTheChangedKeys() throws Exception {
        DeletesPlan first = pipeline.planDeletes(ISSUES, at(DAY1), DAY1, false);
        assertEquals(DeletesReason.NO_IS_DELETED_COLUMN, first.decision().reason());
        pipeline.deletes(ISSUES, at(DAY1), 400, false, false, LoadListener.NONE);

        Map<Long, String> afterFirst = flags();
        assertEquals(999, afterFirst.size());
        assertTrue(afterFirst.values().stream().allMatch(f -> f.startsWith("false@")), "every key is present");
        assertEquals(DeletesReason.NOT_DUE, pipeline.planDeletes(ISSUES, at(DAY2), DAY2, false).decision().reason());

        pipeline.sourceSql("DELETE FROM issues WHERE id IN (5, 6, 700)");
        pipeline.deletes(ISSUES, at(DAY2), 400, true, false, LoadListener.NONE);

        Map<Long, String> afterSecond = flags();
        List<Long> changed = new ArrayList<>();
        afterSecond.forEach((id, flag) -> {
            if (!flag.equals(afterFirst.get(id))) {
                changed.add(id);
            }
        });
        assertEquals(List.of(5L, 6L, 700L), changed, "exactly the deleted keys flip; the others keep their timestamp");
        assertTrue(afterSecond.get(5L).startsWith("true@2024-01-03"), afterSecond.get(5L));
        assertTrue(Verifications.verify(pipeline.source, pipeline.warehouse, ISSUES).equal(),
                "keys flagged deleted and gone at the source are no difference");

        pipeline.sourceSql("INSERT INTO issues VALUES (5, 101, 'restored', now())");
        assertEquals(new KeysFound(1, List.of(5L)),
                Verifications.verify(pipeline.source, pipeline.warehouse, ISSUES).found(Difference.WRONGLY_FLAGGED));
        pipeline.deletes(ISSUES, at(DAY3), 400, true, false, LoadListener.NONE);

        Map<Long, String> afterThird = flags();
        assertTrue(afterThird.get(5L).startsWith("false@2024-01-04"), "a re-inserted key flips back: " + afterThird.get(5L));
        assertEquals(afterSecond.get(6L), afterThird.get(6L), "an unchanged flag keeps its timestamp");
        assertEquals(afterFirst.get(7L), afterThird.get(7L));
        assertFalse(pipeline.warehouse.columns("deletes_tap_postgres", ISSUES.target()).isPresent(),
                "the keys table is dropped");
        assertEquals(List.of(), pipeline.stage.list("staging/"));
        assertTrue(pipeline.metadata.newest(MetadataTable.DELETES, ISSUES.target()).orElseThrow().exportCompleted());
    }

    @Test
    void crashDuringTheKeyExportResumesAfterTheLastStagedKey() throws Exception {
        pipeline.sourceSql("DELETE FROM issues WHERE id IN (10, 950)");

        assertThrows(IllegalStateException.class,
                () -> pipeline.deletes(ISSUES, at(DAY1), 400, false, false, crashAfterChunk(2)));
        assertFalse(pipeline.warehouse.columns("tap_postgres", ISSUES.target()).orElseThrow().contains("is_deleted"),
                "nothing was marked by the crashed run");

        DeletesPlan resume = pipeline.planDeletes(ISSUES, at(DAY1.plusSeconds(3600)), DAY1.plusSeconds(3600), false);
        assertEquals(BackfillAction.RESUME, resume.decision().action());
        assertEquals(DeletesReason.MID_DELETES, resume.decision().reason());
        assertEquals(OptionalLong.of(802), resume.decision().startAfterId(), "two chunks of 400 keys, 10 and 300 missing");

        List<String> files = new ArrayList<>();
        pipeline.deletes(ISSUES, at(DAY1.plusSeconds(3600)), 400, false, false, new LoadListener() {
            @Override
            public void chunkStaged(ExportProgress progress) {
                files.add(progress.file());
            }
        });

        assertEquals(1, files.size(), "only the last chunk is read again");
        Map<Long, String> flags = flags();
        assertTrue(flags.get(10L).startsWith("true@"));
        assertTrue(flags.get(950L).startsWith("true@"));
        assertEquals(2, flags.values().stream().filter(f -> f.startsWith("true@")).count());
        assertEquals(List.of(), pipeline.stage.list("staging/"));
    }

    /**
     * A row committed late (a long transaction) is missing from the key ranges the interrupted export had read, and
     * the regular load that ran before the retry appended it. The export resumes, and the keys of rows loaded since it
     * started count as present, so that live row is not flagged.
     */
    @Test
    void aKeyExportInterruptedBeforeARegularLoadResumesWithoutFlaggingWhatThatLoadAppended() throws Exception {
        pipeline.deletes(ISSUES, at(DAY1), 400, false, false, LoadListener.NONE);
        pipeline.sourceSql("DELETE FROM issues WHERE id = 10");
        assertThrows(IllegalStateException.class,
                () -> pipeline.deletes(ISSUES, at(DAY2), 400, true, false, crashAfterChunk(2)));
        pipeline.sourceSql("INSERT INTO issues VALUES (10, 101, 'committed late', '2024-01-03 05:00')");
        Instant regularRun = DAY2.plusSeconds(12 * 3600);
        pipeline.regular(ISSUES, at(regularRun), 400, Map.of("EXECUTION_DATE", regularRun.toString(), "HOURS", "96",
                "LAST_LOADED", "2024-01-03T02:00:00+0000"), LoadListener.NONE);
        Instant retry = regularRun.plusSeconds(60);

        DeletesPlan plan = pipeline.planDeletes(ISSUES, at(retry), retry, true);
        pipeline.deletes(ISSUES, at(retry), 400, true, false, LoadListener.NONE);

        assertEquals(BackfillAction.RESUME, plan.decision().action());
        assertEquals(DeletesReason.MID_DELETES, plan.decision().reason());
        assertEquals(KeysFound.NONE, Verifications.verify(pipeline.source, pipeline.warehouse, ISSUES)
                .found(Difference.WRONGLY_FLAGGED));
        assertEquals(2, pipeline.warehouseLong("SELECT count(*) FROM tap_postgres.\"GITLAB_DB_ISSUES\" WHERE id = 10"
                + " AND NOT is_deleted"), "both versions of id 10: the backfill's and the regular load's");
    }

    @Test
    void aKeyExportWhoseKeyChangedSinceTheCrashStartsOver() throws Exception {
        assertThrows(IllegalStateException.class,
                () -> pipeline.deletes(ISSUES, at(DAY1), 400, false, false, crashAfterChunk(2)));
        TableSpec keyedByProject = new TableSpec("issues", ISSUES.importQuery(), "GITLAB_DB", "issues", "project_id",
                "gitlab_com", "main", "", ISSUES.additionalFiltering(), false, false);

        DeletesPlan plan = pipeline.planDeletes(keyedByProject, at(DAY1.plusSeconds(3600)), DAY1.plusSeconds(3600),
                false);

        assertEquals(BackfillAction.RESTART, plan.decision().action());
        assertEquals(DeletesReason.KEY_CHANGED, plan.decision().reason());
        assertEquals(OptionalLong.empty(), plan.decision().startAfterId(), "802 is an id, not a project_id");
    }

    @Test
    void anEmptyOrImplausibleKeyExportIsRefusedUnlessForced() throws Exception {
        TableSpec filterTypo = issues("AND project_id < 0");

        DeletesRefusedException refused = assertThrows(DeletesRefusedException.class,
                () -> pipeline.deletes(filterTypo, at(DAY1), 400, false, false, LoadListener.NONE));
        assertTrue(refused.getMessage().contains("0 keys") && refused.getMessage().contains("--force"),
                refused.getMessage());
        assertFalse(pipeline.warehouse.columns("tap_postgres", ISSUES.target()).orElseThrow().contains("is_deleted"),
                "nothing was marked");
        assertFalse(pipeline.warehouse.columns("deletes_tap_postgres", ISSUES.target()).isPresent());

        pipeline.deletes(filterTypo, at(DAY1.plusSeconds(60)), 400, false, true, LoadListener.NONE);

        assertTrue(flags().values().stream().allMatch(f -> f.startsWith("true@")), "forced: every key flagged");
    }

    /**
     * Keys flagged by earlier passes stay in the warehouse for good: counting them, a table whose history holds more
     * deleted keys than live ones (expired artifacts) would be refused at every later pass.
     */
    @Test
    void keysFlaggedByEarlierPassesDoNotCountTowardsTheSafetyStop() throws Exception {
        pipeline.deletes(ISSUES, at(DAY1), 400, false, false, LoadListener.NONE);
        pipeline.sourceSql("DELETE FROM issues WHERE id % 10 IN (1, 2, 3, 4)");
        pipeline.deletes(ISSUES, at(DAY2), 400, true, false, LoadListener.NONE);
        assertEquals(400, flags().values().stream().filter(f -> f.startsWith("true@")).count());

        pipeline.sourceSql("DELETE FROM issues WHERE id % 10 IN (6, 7)");
        pipeline.deletes(ISSUES, at(DAY3), 400, true, false, LoadListener.NONE);

        Map<Long, String> flags = flags();
        assertEquals(600, flags.values().stream().filter(f -> f.startsWith("true@")).count(),
                "200 of the 599 live keys newly flagged (33%), though 600 of the 999 keys are gone");
        assertTrue(flags.get(16L).startsWith("true@2024-01-04"), flags.get(16L));
        assertTrue(flags.get(11L).startsWith("true@2024-01-03"), "an earlier flag keeps its time: " + flags.get(11L));

        pipeline.sourceSql("DELETE FROM issues WHERE id % 10 IN (5, 8, 9)");
        DeletesRefusedException refused = assertThrows(DeletesRefusedException.class,
                () -> pipeline.deletes(ISSUES, at(DAY3.plusSeconds(3600)), 400, true, false, LoadListener.NONE));
        assertTrue(refused.getMessage().contains("would flag 300 of the warehouse's 399 live keys deleted (75%"),
                refused.getMessage());
    }

    @Test
    void keysAboveTheExportsHighestAreNeverFlagged() throws Exception {
        // A row the regular load appended, whose source row is gone again by the time the keys are exported.
        pipeline.sourceSql("INSERT INTO issues VALUES (5000, 101, 'short-lived', '2024-01-02 12:00')");
        pipeline.regular(ISSUES, at(DAY2), 400, Map.of("EXECUTION_DATE", "2024-01-03T02:00:00Z", "HOURS", "96",
                "LAST_LOADED", "2024-01-02T02:00:00+0000"), LoadListener.NONE);
        pipeline.sourceSql("DELETE FROM issues WHERE id IN (5000, 20)");

        pipeline.deletes(ISSUES, at(DAY2), 400, false, false, LoadListener.NONE);

        Map<Long, String> flags = flags();
        assertTrue(flags.get(20L).startsWith("true@"));
        assertEquals("null@null", flags.get(5000L), "above the export's max key (1000): left for a later export");
    }
}
