package dev.saasextract.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.saasextract.testing.TestPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The binary COPY read path against a real server: streaming, failures on either thread, and what is left after. */
class BinaryCopyReadTest {
    /** 60,000 rows, far more than the queue holds, so the reader is still streaming when the handler fails. */
    private static final int ROWS = 60_000;
    private static final String BASE = "SELECT id, note FROM notes";

    private HikariDataSource pool;
    private PostgresSource source;

    @BeforeEach
    void oneConnectionPool() throws SQLException {
        String database = TestPostgres.newDatabase("CREATE TABLE notes (id bigint PRIMARY KEY, note text)",
                "INSERT INTO notes SELECT g, 'note ' || g FROM generate_series(1, " + ROWS + ") g");
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(TestPostgres.jdbcUrl(database));
        config.setMaximumPoolSize(1);
        config.setConnectionTimeout(5_000);
        pool = new HikariDataSource(config);
        source = new PostgresSource(pool);
    }

    @AfterEach
    void closePool() {
        pool.close();
    }

    @Test
    void streamsEveryRowOfTheChunkInKeyOrderOnTheCallingThread() {
        Thread caller = Thread.currentThread();
        AtomicLong previous = new AtomicLong();
        List<String> wrongThread = new ArrayList<>();

        long rows = source.readChunk(BASE, "id", OptionalLong.of(10L), 50_000L, tuple -> {
            if (Thread.currentThread() != caller) {
                wrongThread.add(Thread.currentThread().getName());
            }
            List<byte[]> fields = TupleFields.of(tuple);
            long id = TupleFields.integer(fields.get(0));
            assertEquals(previous.get() == 0 ? 11 : previous.get() + 1, id);
            assertEquals("note " + id, TupleFields.text(fields.get(1)));
            previous.set(id);
        });

        assertEquals(49_990, rows);
        assertEquals(50_000, previous.get());
        assertEquals(List.of(), wrongThread);
    }

    /**
     * A range stopped because another failed is interrupted while it waits for tuples. The server may take long to
     * find the next row (here 600 s), so the stopped caller cancels the COPY itself rather than wait for the reader to
     * receive something.
     */
    @Test
    void anInterruptedReadCancelsTheCopyWhileTheServerIsStillLookingForRows() throws Exception {
        String slowBase = "SELECT n.id, n.note FROM notes AS n CROSS JOIN LATERAL (SELECT pg_sleep(600)) AS slow";
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        AtomicBoolean interruptKept = new AtomicBoolean();
        Thread caller = new Thread(() -> {
            try {
                source.readChunk(slowBase, "id", OptionalLong.empty(), ROWS, tuple -> {
                });
                outcome.complete(null);
            } catch (Throwable t) {
                interruptKept.set(Thread.currentThread().isInterrupted());
                outcome.complete(t);
            }
        });
        caller.start();
        awaitActiveQueries(1);

        caller.interrupt();

        // generous: the COPY itself would last 600 s
        Throwable thrown = outcome.get(120, TimeUnit.SECONDS);
        SourceReadException stopped = assertInstanceOf(SourceReadException.class, thrown);
        assertTrue(stopped.getMessage().endsWith(": stopped while reading"), stopped.getMessage());
        assertTrue(interruptKept.get(), "the caller still sees that it was interrupted");
        awaitActiveQueries(0);
        assertEquals(ROWS, source.readChunk(BASE, "id", OptionalLong.empty(), ROWS, tuple -> {
        }), "the pool's one connection is usable again");
    }

    private void awaitActiveQueries(int count) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        try (Connection c = DriverManager.getConnection(pool.getJdbcUrl()); Statement s = c.createStatement()) {
            while (true) {
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE state = 'active'"
                        + " AND query LIKE '%pg_sleep(600)%' AND pid <> pg_backend_pid()")) {
                    rs.next();
                    if (rs.getInt(1) == count) {
                        return;
                    }
                }
                assertTrue(System.nanoTime() < deadline, "waited 60 s for " + count + " slow COPY queries");
                Thread.sleep(20);
            }
        }
    }

    @Test
    void anEmptyChunkHasNoTuples() {
        assertEquals(0, source.readChunk(BASE, "id", OptionalLong.of(ROWS), ROWS + 10L, tuple -> {
            throw new AssertionError("no tuple expected");
        }));
    }

    @Test
    void aHandlerFailureMidChunkSurfacesAsItselfStopsTheReaderAndFreesTheConnection() {
        IllegalStateException failure = new IllegalStateException("disk full");
        AtomicLong handled = new AtomicLong();

        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> source.readChunk(BASE, "id",
                OptionalLong.empty(), ROWS, tuple -> {
                    if (handled.incrementAndGet() == 5_000) {
                        throw failure;
                    }
                }));

        assertSame(failure, thrown);
        assertEquals(5_000, handled.get(), "no tuple is handled after the failure");
        assertNoReaderThread();
        assertEquals(ROWS, source.readChunk(BASE, "id", OptionalLong.empty(), ROWS, tuple -> { }),
                "the pool's only connection reads a whole chunk again");
    }

    @Test
    void aServerErrorMidCopyNamesTheChunkAndFreesTheConnection() {
        String failing = "SELECT id, (1 / (id - 40000))::text AS note FROM notes";

        SourceReadException e = assertThrows(SourceReadException.class,
                () -> source.readChunk(failing, "id", OptionalLong.empty(), ROWS, tuple -> { }));

        assertTrue(e.getMessage().startsWith("source Postgres, reading chunk id in (-inf, " + ROWS
                + "]: ERROR: division by zero"), e.getMessage());
        assertNoReaderThread();
        assertEquals(10, source.readChunk(BASE, "id", OptionalLong.empty(), 10L, tuple -> { }));
    }

    private static void assertNoReaderThread() {
        List<String> readers = Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(BinaryCopyReader.THREAD_NAME::equals).toList();
        assertEquals(List.of(), readers, "reader threads still alive");
    }
}
