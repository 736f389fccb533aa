package dev.saasextract.metadata;

import static dev.saasextract.metadata.Rows.LOAD_START;
import static dev.saasextract.metadata.Rows.completed;
import static dev.saasextract.metadata.Rows.minutes;
import static dev.saasextract.metadata.Rows.staged;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.saasextract.retry.Retrier;
import dev.saasextract.retry.RetryPolicy;
import dev.saasextract.testing.TestPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The metadata store on a pooled connection whose server session is terminated, as a failover or a restart does. */
class MetadataStoreRetryTest {
    private static final String ISSUES = "GITLAB_DB_ISSUES";

    private final String database = TestPostgres.newDatabase();
    private final HikariDataSource pool = pool(database);
    private final List<Duration> waits = new ArrayList<>();
    private final MetadataStore store = MetadataStore.open(pool, "saas_db_metadata",
            Retrier.forSql(new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(2)), waits::add));

    @AfterEach
    void close() {
        pool.close();
    }

    @Test
    void anAppendOnATerminatedSessionIsRetriedOnANewOneAndWritesItsRowOnce() throws SQLException {
        store.append(MetadataTable.BACKFILL, staged(ISSUES, LOAD_START, minutes(1), 10));
        terminateSessions();

        store.append(MetadataTable.BACKFILL, staged(ISSUES, LOAD_START, minutes(2), 20));

        assertFalse(waits.isEmpty(), "the append met the terminated session and was retried");
        assertEquals(List.of(10L, 20L), lastExtractedIds());
    }

    @Test
    void aReadOnATerminatedSessionIsRetried() throws SQLException {
        store.append(MetadataTable.BACKFILL, completed(ISSUES, LOAD_START, minutes(1), 10));
        terminateSessions();

        assertEquals(10, store.newestCompleted(MetadataTable.BACKFILL, ISSUES).orElseThrow().lastExtractedId());
        assertFalse(waits.isEmpty(), "the read met the terminated session and was retried");
    }

    /** What a retried append does when its first attempt committed but the answer was lost: nothing. */
    @Test
    void appendingARowEqualToOneAlreadyWrittenAddsNothing() {
        MetadataRow file = staged(ISSUES, LOAD_START, minutes(1), 10);
        MetadataRow completion = completed(ISSUES, LOAD_START, minutes(2), 10);
        store.append(MetadataTable.BACKFILL, file);
        store.append(MetadataTable.BACKFILL, file);
        store.append(MetadataTable.BACKFILL, completion);
        store.append(MetadataTable.BACKFILL, completion);

        assertEquals(List.of(file, completion), store.rowsOfLoad(MetadataTable.BACKFILL, ISSUES, LOAD_START));
    }

    @Test
    void rowsDifferingInAnyColumnAreAllWritten() {
        MetadataRow file = staged(ISSUES, LOAD_START, minutes(1), 10);
        List<MetadataRow> rows = List.of(file,
                new MetadataRow(file.databaseName(), ISSUES, LOAD_START, file.uploadDate(), file.uploadFileName(), 10,
                        file.maxId(), false, file.chunkRowCount() + 1),
                new MetadataRow(file.databaseName(), ISSUES, LOAD_START, file.uploadDate(), null, 10, file.maxId(),
                        false, 0, OptionalInt.of(0)),
                new MetadataRow(file.databaseName(), ISSUES, LOAD_START, file.uploadDate(), null, 10, file.maxId(),
                        false, 0, OptionalInt.of(1)));
        rows.forEach(row -> store.append(MetadataTable.BACKFILL, row));

        assertEquals(rows, store.rowsOfLoad(MetadataTable.BACKFILL, ISSUES, LOAD_START));
    }

    private List<Long> lastExtractedIds() {
        return store.rowsOfLoad(MetadataTable.BACKFILL, ISSUES, LOAD_START).stream()
                .map(MetadataRow::lastExtractedId).toList();
    }

    /** Every session of the database but this one's, the pool's idle connection included. */
    private void terminateSessions() throws SQLException {
        try (Connection admin = DriverManager.getConnection(TestPostgres.jdbcUrl(database));
                Statement statement = admin.createStatement()) {
            statement.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    + " WHERE datname = current_database() AND pid <> pg_backend_pid()");
        }
    }

    private static HikariDataSource pool(String database) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(TestPostgres.jdbcUrl(database));
        config.setMaximumPoolSize(2); // Flyway's migration holds two
        config.setMinimumIdle(0);
        return new HikariDataSource(config);
    }
}
