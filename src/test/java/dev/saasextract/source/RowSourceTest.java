package dev.saasextract.source;

import static dev.saasextract.source.SourceQueries.rowSource;
import static dev.saasextract.source.SourceQueries.sameRows;
import static dev.saasextract.source.Specs.table;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.saasextract.manifest.TableSpec;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The rows a load selects, recorded when it starts: a resumed load must select the same rows, whatever columns the
 * query gained or lost since.
 */
class RowSourceTest {
    private static final String WINDOW = "WHERE updated_at BETWEEN '{BEGIN_TIMESTAMP}'::timestamp"
            + " AND '{END_TIMESTAMP}'::timestamp";
    private static final TableSpec BUILDS = table("ci_builds", "SELECT id, status FROM p_ci_builds " + WINDOW
            + " AND type = 'Ci::Build'", "AND NOT secret");

    @Test
    void isTheFullRangeQueryWithEveryColumnAndTheFilterApplied() {
        assertEquals("SELECT * FROM p_ci_builds WHERE type = 'Ci::Build' AND NOT secret", rowSource(BUILDS));
    }

    @Test
    void columnsAddedOrDroppedAndSpellingLeaveItAsItIs() {
        TableSpec moreColumns = table("ci_builds", "select id, status, name, CASE WHEN x THEN 1 END AS y\n"
                + "from   p_ci_builds " + WINDOW + " and type = 'Ci::Build'", "AND NOT secret");
        TableSpec fewerColumns = table("ci_builds", "SELECT id FROM p_ci_builds " + WINDOW + " AND type = 'Ci::Build'",
                "AND NOT secret");

        assertEquals(Optional.of(true), sameRows(rowSource(BUILDS), rowSource(moreColumns)));
        assertEquals(Optional.of(true), sameRows(rowSource(BUILDS), rowSource(fewerColumns)));
    }

    @Test
    void anotherFilterConditionOrTableSelectsOtherRows() {
        TableSpec noFilter = table("ci_builds", "SELECT id, status FROM p_ci_builds " + WINDOW
                + " AND type = 'Ci::Build'");
        TableSpec otherFilter = table("ci_builds", "SELECT id, status FROM p_ci_builds " + WINDOW
                + " AND type = 'Ci::Build'", "AND NOT secret AND id > 10");
        TableSpec otherCondition = table("ci_builds", "SELECT id, status FROM p_ci_builds " + WINDOW
                + " AND type = 'Ci::Bridge'", "AND NOT secret");
        TableSpec otherTable = table("ci_builds", "SELECT id, status FROM ci_builds " + WINDOW
                + " AND type = 'Ci::Build'", "AND NOT secret");

        for (TableSpec changed : new TableSpec[] {noFilter, otherFilter, otherCondition, otherTable}) {
            assertNotEquals(rowSource(BUILDS), rowSource(changed));
            assertEquals(Optional.of(false), sameRows(rowSource(BUILDS), rowSource(changed)), rowSource(changed));
        }
    }

    @Test
    void aRecordedTextIsPrintedAgainBeforeItIsComparedAndOneThatNoLongerParsesIsUnknown() {
        String printedByAnotherVersion = "SELECT *\n  FROM p_ci_builds\n WHERE (type = 'Ci::Build') AND NOT secret";

        assertEquals(Optional.of(false), sameRows(printedByAnotherVersion, rowSource(BUILDS)),
                "the parentheses are kept, so this reads as other rows");
        assertEquals(Optional.of(true), sameRows("SELECT *\n  FROM p_ci_builds\n WHERE type = 'Ci::Build'"
                + "   AND NOT secret", rowSource(BUILDS)), "white space and line breaks are the printer's");
        assertEquals(Optional.empty(), sameRows("SELECT * FROM WHERE", rowSource(BUILDS)));
    }
}
