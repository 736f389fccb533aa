package dev.saasextract.load;

import static dev.saasextract.load.Pipeline.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.saasextract.errors.InvalidInputException;
import dev.saasextract.manifest.TableSpec;
import dev.saasextract.plan.BackfillAction;
import dev.saasextract.plan.BackfillReason;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A source column whose type outgrew its warehouse column (a numeric's scale raised, real made double precision):
 * appending would round the values without a word, so a regular load refuses and the auto decision backfills.
 */
class TypeChangeTest {
    private static final Instant DAY1 = Instant.parse("2026-11-24T02:00:00Z");
    private static final Instant DAY2 = Instant.parse("2026-11-25T02:30:00Z");
    private static final TableSpec PRICES = new TableSpec("prices",
            "SELECT id, amount, ratio, updated_at FROM prices"
                    + " WHERE updated_at BETWEEN '{BEGIN_TIMESTAMP}'::timestamp AND '{END_TIMESTAMP}'::timestamp",
            "GITLAB_DB", "prices", "id", "gitlab_com", "main", "", "", false, false);

    @RegisterExtension
    final Pipeline pipeline = new Pipeline();

    @Test
    void aRegularLoadRefusesAndTheAutoDecisionBackfillsRatherThanRoundTheValues() throws Exception {
        pipeline.sourceSql("CREATE TABLE prices (id bigint PRIMARY KEY, amount numeric(10,2), ratio real,"
                + " updated_at timestamp); INSERT INTO prices VALUES (1, 1.25, 0.5, '2026-01-01')");
        pipeline.backfill(PRICES, at(DAY1), 100, LoadListener.NONE);
        pipeline.sourceSql("ALTER TABLE prices ALTER amount TYPE numeric(12,4), ALTER ratio TYPE double precision;"
                + " INSERT INTO prices VALUES (2, 1.2345, 0.1, '2026-11-24 12:00')");
        Map<String, String> airflow = Map.of("EXECUTION_DATE", DAY2.toString(), "HOURS", "96",
                "LAST_LOADED", "2026-11-24T02:00:00+0000");

        InvalidInputException refused = assertThrows(InvalidInputException.class,
                () -> pipeline.regular(PRICES, at(DAY2), 100, airflow, LoadListener.NONE));
        TablePlan plan = pipeline.plan(PRICES, at(DAY2));
        pipeline.backfill(PRICES, at(DAY2), 100, LoadListener.NONE);

        assertEquals("table GITLAB_DB_PRICES: the warehouse would round column(s) amount (DECIMAL(10,2) in the"
                + " warehouse, numeric(12,4) in the source), ratio (FLOAT in the warehouse, float8 in the source): a"
                + " type change, which a backfill loads (--load-type auto or backfill), not a regular load",
                refused.getMessage());
        assertEquals(BackfillAction.START, plan.backfill().action());
        assertEquals(BackfillReason.TYPE_CHANGED, plan.backfill().reason());
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:" + pipeline.warehouseFile);
                Statement s = duck.createStatement();
                ResultSet rs = s.executeQuery("SELECT amount::VARCHAR, ratio FROM tap_postgres.\"GITLAB_DB_PRICES\""
                        + " WHERE id = 2")) {
            rs.next();
            assertEquals("1.2345", rs.getString(1));
            assertEquals(0.1, rs.getDouble(2));
        }
        assertEquals(BackfillReason.UP_TO_DATE, pipeline.plan(PRICES, at(DAY2.plusSeconds(60))).backfill().reason());
    }

    /** The load would parse a text into a number column, or cut a timestamp to a date, just as silently. */
    @Test
    void aColumnThatBecameTextOrATimestampIsNotAppendedToItsOldColumn() throws Exception {
        TableSpec events = new TableSpec("events", "SELECT id, amount, happened, updated_at FROM events"
                + " WHERE updated_at BETWEEN '{BEGIN_TIMESTAMP}'::timestamp AND '{END_TIMESTAMP}'::timestamp",
                "GITLAB_DB", "events", "id", "gitlab_com", "main", "", "", false, false);
        pipeline.sourceSql("CREATE TABLE events (id bigint PRIMARY KEY, amount numeric(12,2), happened date,"
                + " updated_at timestamp); INSERT INTO events VALUES (1, 1.25, '2026-01-01', '2026-01-01')");
        pipeline.backfill(events, at(DAY1), 100, LoadListener.NONE);
        pipeline.sourceSql("ALTER TABLE events ALTER amount TYPE text, ALTER happened TYPE timestamp;"
                + " INSERT INTO events VALUES (2, '1.005', '2026-11-24 15:30:45.123456', '2026-11-24 12:00')");
        Map<String, String> airflow = Map.of("EXECUTION_DATE", DAY2.toString(), "HOURS", "96",
                "LAST_LOADED", "2026-11-24T02:00:00+0000");

        InvalidInputException refused = assertThrows(InvalidInputException.class,
                () -> pipeline.regular(events, at(DAY2), 100, airflow, LoadListener.NONE));

        assertEquals("table GITLAB_DB_EVENTS: the warehouse would round column(s) amount (DECIMAL(12,2) in the"
                + " warehouse, text in the source), happened (DATE in the warehouse, timestamp in the source): a"
                + " type change, which a backfill loads (--load-type auto or backfill), not a regular load",
                refused.getMessage());
        assertEquals(BackfillReason.TYPE_CHANGED, pipeline.plan(events, at(DAY2)).backfill().reason());
    }
}
