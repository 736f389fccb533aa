package dev.saasextract.metadata;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * The "one writer per table" rule: a Postgres session-level advisory lock held on a connection of its own for as
 * long as the lock is open. If the process dies, its session ends and the server releases the lock.
 *
 * <p>Close it on the thread that uses it; closing twice is harmless.
 */
public final class TableLock implements AutoCloseable {
    private static final String LOCK_NOT_AVAILABLE = "55P03";

    private final Connection connection;
    private final String lockKey;
    private final String tableName;
    private final Consumer<TableLock> onRelease;
    private boolean released;

    private TableLock(Connection connection, String lockKey, String tableName, Consumer<TableLock> onRelease) {
        this.connection = connection;
        this.lockKey = lockKey;
        this.tableName = tableName;
        this.onRelease = onRelease;
    }

    /**
     * @param lockKey   text hashed into the advisory lock key
     * @param tableName the table named in errors
     * @param wait      how long to wait while another session holds the lock; zero: not at all
     * @param onRelease told when the lock is closed, whether or not its release succeeds
     * @throws TableLockedException when another session holds the lock (still, after {@code wait})
     */
    static TableLock acquire(DataSource dataSource, String lockKey, String tableName, Duration wait,
            Consumer<TableLock> onRelease) {
        Connection connection;
        try {
            connection = dataSource.getConnection();
        } catch (SQLException e) {
            throw new MetadataStoreException("cannot connect to take the writer lock of table " + tableName, e);
        }
        boolean locked;
        try {
            locked = wait.isZero() ? call(connection, "SELECT pg_try_advisory_lock(hashtext(?))", lockKey)
                    : waitFor(connection, lockKey, wait);
        } catch (SQLException | RuntimeException e) {
            MetadataStoreException failure =
                    new MetadataStoreException("cannot take the writer lock of table " + tableName, e);
            closeAfterFailure(connection, failure);
            throw failure;
        }
        if (!locked) {
            TableLockedException taken = new TableLockedException(tableName);
            closeAfterFailure(connection, taken);
            throw taken;
        }
        return new TableLock(connection, lockKey, tableName, onRelease);
    }

    /** Waits for the lock under a session {@code lock_timeout}, reset once it is taken or the wait is over. */
    private static boolean waitFor(Connection connection, String lockKey, Duration wait) throws SQLException {
        try (PreparedStatement timeout = connection.prepareStatement("SELECT set_config('lock_timeout', ?, false)")) {
            timeout.setString(1, Long.toString(Math.max(1, wait.toMillis())));
            timeout.execute();
        }
        try (PreparedStatement statement = connection.prepareStatement("SELECT pg_advisory_lock(hashtext(?))")) {
            statement.setString(1, lockKey);
            statement.execute();
            return true;
        } catch (SQLException e) {
            if (LOCK_NOT_AVAILABLE.equals(e.getSQLState())) {
                return false;
            }
            throw e;
        } finally {
            try (Statement reset = connection.createStatement()) {
                reset.execute("RESET lock_timeout");
            }
        }
    }

    /**
     * Like {@link #acquire}, but waits while another session holds the lock. For short critical sections only.
     */
    static TableLock await(DataSource dataSource, String lockKey, String tableName) {
        Connection connection;
        try {
            connection = dataSource.getConnection();
        } catch (SQLException e) {
            throw new MetadataStoreException("cannot connect to take the lock of table " + tableName, e);
        }
        try (PreparedStatement statement = connection.prepareStatement("SELECT pg_advisory_lock(hashtext(?))")) {
            statement.setString(1, lockKey);
            statement.execute();
        } catch (SQLException | RuntimeException e) {
            MetadataStoreException failure = new MetadataStoreException("cannot take the lock of table " + tableName, e);
            closeAfterFailure(connection, failure);
            throw failure;
        }
        return new TableLock(connection, lockKey, tableName, lock -> { });
    }

    /**
     * Whether any session holds one of the locks {@code lockKeys} name, in this database: read from {@code pg_locks},
     * so that asking takes no lock, and a run starting at that moment is never refused because of it. An advisory lock
     * on one bigint shows as its high and low 32 bits in {@code classid} and {@code objid}, with {@code objsubid} 1.
     */
    static boolean anyHeld(DataSource dataSource, List<String> lockKeys, String tableName) {
        String sql = "SELECT EXISTS (SELECT 1 FROM pg_locks AS l"
                + " JOIN (SELECT hashtext(k)::bigint AS lock_key FROM unnest(?::text[]) AS k) AS wanted"
                + " ON l.classid::bigint = (wanted.lock_key >> 32) & 4294967295"
                + " AND l.objid::bigint = wanted.lock_key & 4294967295"
                + " WHERE l.locktype = 'advisory' AND l.objsubid = 1 AND l.granted"
                + " AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database()))";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setArray(1, connection.createArrayOf("text", lockKeys.toArray()));
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        } catch (SQLException e) {
            throw new MetadataStoreException("cannot read whether a run holds the writer lock of table " + tableName,
                    e);
        }
    }

    /**
     * Fails unless this lock's session still holds it. A session that ended under the run (terminated, its connection
     * lost) took the lock with it, and another run may hold it now: the run must stop before it changes the warehouse.
     * The session is this lock's alone, so any advisory lock it holds is this one.
     */
    public synchronized void ensureHeld() {
        if (released) {
            throw new IllegalStateException("the writer lock of table " + tableName + " was already released");
        }
        boolean held;
        try (PreparedStatement statement = connection.prepareStatement("SELECT EXISTS (SELECT 1 FROM pg_locks"
                + " WHERE locktype = 'advisory' AND granted AND pid = pg_backend_pid())");
                ResultSet rs = statement.executeQuery()) {
            rs.next();
            held = rs.getBoolean(1);
        } catch (SQLException e) {
            throw new LockLostException(tableName, e);
        }
        if (!held) {
            throw new LockLostException(tableName);
        }
    }

    /**
     * As {@link #ensureHeld}, but a lock its owner has closed meanwhile passes: it is no longer in force, so it is not
     * lost either. For a check of every lock a store handed out, which may meet one just as it is closed.
     */
    synchronized void ensureHeldUnlessReleased() {
        if (!released) {
            ensureHeld();
        }
    }

    @Override
    public synchronized void close() {
        if (released) {
            return;
        }
        released = true;
        onRelease.accept(this);
        // Unlock explicitly before closing: a pooled connection would otherwise keep its session, and the lock.
        try (connection) {
            if (!call(connection, "SELECT pg_advisory_unlock(hashtext(?))", lockKey)) {
                throw new MetadataStoreException("the writer lock of table " + tableName + " was not held at release");
            }
        } catch (SQLException e) {
            throw new MetadataStoreException("cannot release the writer lock of table " + tableName, e);
        }
    }

    private static boolean call(Connection connection, String sql, String lockKey) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, lockKey);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private static void closeAfterFailure(Connection connection, RuntimeException failure) {
        try {
            connection.close();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }
}
