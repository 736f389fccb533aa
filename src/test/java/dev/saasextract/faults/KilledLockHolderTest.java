package dev.saasextract.faults;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saasextract.metadata.MetadataStore;
import dev.saasextract.metadata.TableLock;
import dev.saasextract.metadata.TableLockedException;
import dev.saasextract.testing.TestPostgres;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** The table's writer lock of a run killed with SIGKILL is released by Postgres: the next run is not locked out. */
class KilledLockHolderTest {
    private static final String TABLE = "GITLAB_DB_ISSUES";

    /** Run in a child JVM: takes the lock, says so, then waits to be killed. */
    public static void main(String[] args) throws Exception {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(args[0]);
        TableLock lock = MetadataStore.open(dataSource, FaultRig.METADATA_SCHEMA).lock(TABLE);
        System.out.println("locked " + lock);
        System.out.flush();
        Thread.sleep(Duration.ofMinutes(5).toMillis());
    }

    @Test
    @SuppressWarnings("try") // the lock is taken to prove it can be, then released
    void theLockOfAKilledRunIsReleased() throws Exception {
        String database = TestPostgres.newDatabase();
        MetadataStore store = MetadataStore.open(TestPostgres.dataSource(database), FaultRig.METADATA_SCHEMA);
        Process holder = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), KilledLockHolderTest.class.getName(),
                TestPostgres.jdbcUrl(database))).redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line = out.readLine();
            while (line != null && !line.startsWith("locked")) {
                line = out.readLine();
            }
            assertTrue(line != null, "the child took the lock");
            assertThrows(TableLockedException.class, () -> store.lock(TABLE).close(), "the child holds the lock");

            holder.destroyForcibly().waitFor();
        } finally {
            holder.destroyForcibly();
        }

        Instant deadline = Instant.now().plusSeconds(10);
        while (true) {
            try (TableLock lock = store.lock(TABLE)) {
                return;
            } catch (TableLockedException e) {
                if (Instant.now().isAfter(deadline)) {
                    throw new AssertionError("the killed run's lock is still held after 10 s", e);
                }
                Thread.sleep(50);
            }
        }
    }
}
