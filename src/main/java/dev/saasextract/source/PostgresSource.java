package dev.saasextract.source;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.saasextract.errors.InvalidInputException;
import dev.saasextract.errors.ManifestException;
import dev.saasextract.manifest.TableSpec;
import dev.saasextract.retry.Retrier;
import dev.saasextract.retry.SqlFailures;
import dev.saasextract.schema.ColumnSpec;
import dev.saasextract.schema.ColumnType.Kind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the source Postgres. Every call runs in its own READ ONLY transaction, under the configured statement timeout,
 * and streams its result, so no chunk is ever held in memory: chunks as a binary COPY read on a separate thread
 * ({@link BinaryCopyReader}), ResultSets with a fetch size.
 *
 * <p>The cheap calls (describe, min/max key, boundaries, estimates, replica time) are retried here after a transient
 * failure. Reads that stream rows to a handler are not: the handler has seen part of the rows, so only the caller can
 * discard them and read again (see {@link #retrier()}).
 */
public final class PostgresSource {
    public static final int DEFAULT_FETCH_SIZE = 10_000;
    private static final String INSUFFICIENT_PRIVILEGE = "42501";

    private static final Logger LOG = LoggerFactory.getLogger(PostgresSource.class);
    private static final Set<Kind> INTEGER_KINDS = Set.of(Kind.SMALLINT, Kind.INTEGER, Kind.BIGINT);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** GitLab's replica keeps how far its data reaches here, as a timestamp without time zone in UTC. */
    private static final String REPLICATION_TABLE = "public.last_replication_timestamp";
    private static final String REPLICA_STATE = "SELECT to_regclass('" + REPLICATION_TABLE + "') IS NOT NULL AS "
            + "has_replication_table, pg_is_in_recovery() AS in_recovery, pg_last_xact_replay_timestamp() AS replayed";

    /** Receives each row of a chunk with the cursor on it; must not keep the ResultSet. */
    @FunctionalInterface
    public interface RowHandler {
        void row(ResultSet rs) throws Exception;
    }

    /**
     * Receives each row as one tuple of Postgres' binary COPY format (int16 field count, then per field an int32
     * length, -1 for NULL, and the value in its type's binary send format), in the order of the query's columns as
     * {@link #describe} reports them; columns of kind TEXT arrive as text. The array is the handler's to keep and is
     * never changed afterwards. Runs on the calling thread.
     */
    @FunctionalInterface
    public interface TupleHandler {
        void tuple(byte[] tuple) throws Exception;
    }

    /** A {@link TupleHandler} that is also given the row's key, decoded from the tuple. */
    @FunctionalInterface
    public interface KeyedTupleHandler {
        void tuple(long key, byte[] tuple) throws Exception;
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection connection) throws Exception;
    }

    private final DataSource dataSource;
    private final int fetchSize;
    private final Optional<Duration> statementTimeout;
    private final Retrier retrier;

    /** No statement timeout of its own (the server's applies), the default retries. */
    public PostgresSource(DataSource dataSource) {
        this(dataSource, DEFAULT_FETCH_SIZE);
    }

    public PostgresSource(DataSource dataSource, int fetchSize) {
        this(dataSource, fetchSize, Optional.empty(), Retrier.forSql());
    }

    /**
     * @param statementTimeout set on every transaction ({@code SET LOCAL}); empty leaves the server's setting
     * @param retrier          retries the cheap calls, and is what callers re-reading a chunk should use
     */
    public PostgresSource(DataSource dataSource, int fetchSize, Optional<Duration> statementTimeout, Retrier retrier) {
        this.dataSource = requireNonNull(dataSource, "dataSource is null");
        if (fetchSize < 1) {
            throw new IllegalArgumentException("fetchSize must be at least 1, got " + fetchSize);
        }
        this.fetchSize = fetchSize;
        this.statementTimeout = requireNonNull(statementTimeout, "statementTimeout is null");
        statementTimeout.ifPresent(timeout -> {
            if (timeout.toMillis() < 1) {
                throw new IllegalArgumentException("statementTimeout must be at least 1 ms, got " + timeout);
            }
        });
        this.retrier = requireNonNull(retrier, "retrier is null");
    }

    /** How this source's reads are retried; a caller that re-reads a whole chunk after a failure uses it too. */
    public Retrier retrier() {
        return retrier;
    }

    /** The columns the query returns, asked from Postgres without executing the query. */
    public List<ColumnSpec> describe(String sql) {
        return describing(sql, PostgresSource::columnsOf);
    }

    /**
     * The columns {@code table}'s query {@code sql} returns. A query the source cannot even prepare (SQLSTATE class
     * 42: a missing table or column, bad syntax) is the manifest's fault and retrying will not help:
     * it is a manifest error naming the table, as is a column returned twice.
     *
     * @throws ManifestException naming the table and {@code import_query} (exit 2)
     * @throws SourceReadException when the source cannot be reached (exit 1)
     */
    public List<ColumnSpec> describe(TableSpec table, String sql) {
        try {
            return describe(sql);
        } catch (SourceReadException e) {
            if (SqlFailures.sqlState(e).filter(state -> state.startsWith("42")).isPresent()) {
                throw ManifestFaults.at(table, ManifestFaults.IMPORT_QUERY, "the source rejects it: "
                        + ManifestFaults.firstLine(e.getCause()), e);
            }
            throw e;
        } catch (ManifestException e) {
            throw e;
        } catch (InvalidInputException e) {
            throw ManifestFaults.at(table, ManifestFaults.IMPORT_QUERY, e.getMessage(), e);
        }
    }

    /**
     * Whether the query's {@code column} comes straight from a table column that allows NULL. False for a NOT NULL
     * column and for an expression, whose nullability pgjdbc reports as unknown; a column from the outer side of a
     * join also reads as its table declares it.
     */
    public boolean isNullableTableColumn(String sql, String column) {
        return describing(sql, metaData -> {
            for (int i = 1; i <= metaData.getColumnCount(); i++) {
                if (metaData.getColumnLabel(i).equals(column)) {
                    return metaData.isNullable(i) == ResultSetMetaData.columnNullable;
                }
            }
            return false;
        });
    }

    /** What {@code reader} makes of the query's result description, asked from Postgres without executing it. */
    private <T> T describing(String sql, MetaDataReader<T> reader) {
        return retried("describing query", sql, connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                return reader.read(statement.getMetaData());
            }
        });
    }

    @FunctionalInterface
    private interface MetaDataReader<T> {
        T read(ResultSetMetaData metaData) throws SQLException;
    }

    /** The chunking key must be an integer column of the query. */
    public static void requireKey(List<ColumnSpec> columns, TableSpec table) {
        String key = table.primaryKey();
        ColumnSpec column = columns.stream().filter(c -> c.name().equals(key)).findFirst()
                .orElseThrow(() -> ManifestFaults.at(table, ManifestFaults.PRIMARY_KEY, "column '" + key
                        + "' is not returned by import_query (it returns: " + names(columns) + ")"));
        if (!INTEGER_KINDS.contains(column.type().kind())) {
            throw ManifestFaults.at(table, ManifestFaults.PRIMARY_KEY, "column '" + key + "' is of type "
                    + column.type().sourceName() + "; the chunking key must be an integer column");
        }
    }

    /** The largest key the base query returns; empty when it returns no rows. */
    public OptionalLong maxKey(String base, String key) {
        return queryKey("reading max(" + key + ")", ChunkQueries.maxKey(base, key));
    }

    /** The smallest key the base query returns; empty when it returns no rows. */
    public OptionalLong minKey(String base, String key) {
        return queryKey("reading min(" + key + ")", ChunkQueries.minKey(base, key));
    }

    /** See {@link ChunkQueries#nextBoundary}; empty when the rest up to {@code max} is the last chunk. */
    public OptionalLong nextBoundary(String base, String key, OptionalLong after, long max, long chunkRows) {
        return queryKey("finding the next chunk boundary in " + range(key, after, max),
                ChunkQueries.nextBoundary(base, key, after, max, chunkRows));
    }

    /**
     * Streams the rows with a key in {@code (after, upper]} to the handler in key order as binary COPY tuples;
     * returns how many.
     */
    public long readChunk(String base, String key, OptionalLong after, long upper, TupleHandler handler) {
        requireNonNull(handler, "handler is null");
        return copy("reading chunk " + range(key, after, upper), base,
                columns -> ChunkQueries.copyChunk(base, key, after, upper, columns), columns -> handler);
    }

    /**
     * Streams the first {@code limit} rows with a key in {@code (after, upper]} to the handler in key order, as binary
     * COPY tuples with their key; returns how many. One query per chunk and no boundary query before it: the caller
     * cuts the chunk where the key changes.
     */
    public long readFirstRows(String base, String key, OptionalLong after, long upper, long limit,
            KeyedTupleHandler handler) {
        requireNonNull(handler, "handler is null");
        return copy("reading at most " + limit + " rows of " + range(key, after, upper), base,
                columns -> ChunkQueries.copyFirstRows(base, key, after, upper, limit, columns),
                columns -> withKeys(columns, key, handler));
    }

    /**
     * Streams the rows of the base query with a key after {@code after} to the handler in key order, in one pass, as
     * binary COPY tuples with their key; returns how many. With {@code after} empty, every row whose key is not NULL
     * (rows without a key are left out, as a backfill's key ranges leave them out). A read that fails part way can be
     * resumed after the last key the handler kept.
     */
    public long readInKeyOrder(String base, String key, OptionalLong after, KeyedTupleHandler handler) {
        requireNonNull(handler, "handler is null");
        return copy("reading " + key + (after.isPresent() ? " after " + after.getAsLong() : " from the start")
                + " in key order", base, columns -> ChunkQueries.copyInKeyOrder(base, key, after, columns),
                columns -> withKeys(columns, key, handler));
    }

    private static TupleHandler withKeys(List<ColumnSpec> columns, String key, KeyedTupleHandler handler) {
        int field = CopyTupleKeys.fieldIndex(columns, key);
        return tuple -> handler.tuple(CopyTupleKeys.integerAt(tuple, field), tuple);
    }

    /**
     * Streams the rows of {@code query}, its values bound as parameters, to the handler in one READ ONLY transaction;
     * returns how many. For reads built elsewhere over the manifest query, such as {@code extract verify}'s digests.
     */
    public long read(String context, PreparedQuery query, RowHandler handler) {
        return stream(context, query, handler);
    }

    /** The planner's row estimate for the query, from {@code EXPLAIN}: cheap, and only as good as the statistics. */
    public long estimateRows(String sql) {
        return estimateRows(new PreparedQuery(sql, List.of()));
    }

    /** The planner's row estimate for the keys of {@code base} after {@code after} (all keys when empty). */
    public long estimateRowsAfter(String base, String key, OptionalLong after) {
        return estimateRows(ChunkQueries.chunk(base, key, after, Long.MAX_VALUE));
    }

    private long estimateRows(PreparedQuery query) {
        PreparedQuery explain = new PreparedQuery("EXPLAIN (FORMAT JSON) " + query.sql(), query.parameters());
        return retried("estimating rows", explain.sql(), connection -> {
            try (PreparedStatement statement = prepare(connection, explain); ResultSet rs = statement.executeQuery()) {
                rs.next();
                JsonNode planRows = JSON.readTree(rs.getString(1)).path(0).path("Plan").path("Plan Rows");
                if (!planRows.canConvertToLong()) {
                    throw new SourceReadException("source Postgres, estimating rows: EXPLAIN gave no \"Plan Rows\"");
                }
                return planRows.asLong();
            }
        });
    }

    /**
     * How far the source's data reaches: GitLab's {@code public.last_replication_timestamp} when the database has
     * it, else the replay time of a replica; empty on a primary, whose data is current.
     *
     * @throws SourceReadException when the source says it has a replica time but gives none
     */
    public Optional<Instant> replicaTime() {
        return retried("reading the replica time", REPLICA_STATE, connection -> {
            try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(REPLICA_STATE)) {
                rs.next();
                if (rs.getBoolean("has_replication_table")) {
                    return Optional.of(lastReplicaTime(connection));
                }
                if (!rs.getBoolean("in_recovery")) {
                    return Optional.empty();
                }
                OffsetDateTime replayed = rs.getObject("replayed", OffsetDateTime.class);
                if (replayed == null) {
                    throw new SourceReadException("source Postgres is a replica that has not replayed any "
                            + "transaction yet (pg_last_xact_replay_timestamp() is NULL)");
                }
                return Optional.of(replayed.toInstant());
            }
        });
    }

    /** The table holds one row whose timestamp (without time zone) is UTC. */
    private static Instant lastReplicaTime(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT last_replica_time FROM " + REPLICATION_TABLE)) {
            if (!rs.next()) {
                throw new SourceReadException("source Postgres: " + REPLICATION_TABLE + " has no row");
            }
            String type = rs.getMetaData().getColumnTypeName(1);
            if (!type.equals("timestamp")) {
                throw new SourceReadException("source Postgres: " + REPLICATION_TABLE + ".last_replica_time is of type "
                        + type + "; expected timestamp (without time zone, in UTC)");
            }
            LocalDateTime utc = rs.getObject(1, LocalDateTime.class);
            if (utc == null) {
                throw new SourceReadException("source Postgres: " + REPLICATION_TABLE + ".last_replica_time is NULL");
            }
            if (rs.next()) {
                throw new SourceReadException("source Postgres: " + REPLICATION_TABLE + " has more than one row");
            }
            return utc.toInstant(ZoneOffset.UTC);
        }
    }

    private long stream(String context, PreparedQuery query, RowHandler handler) {
        requireNonNull(handler, "handler is null");
        return inReadOnlyTransaction(context, query.sql(), connection -> {
            try (PreparedStatement statement = prepare(connection, query); ResultSet rs = statement.executeQuery()) {
                long rows = 0;
                while (rs.next()) {
                    handler.row(rs);
                    rows++;
                }
                return rows;
            }
        });
    }

    /**
     * Describes {@code query} inside the COPY's own transaction, so the select list (which columns travel as text)
     * matches the columns the tuples are decoded with, then streams the COPY built for those columns.
     */
    private long copy(String context, String query, Function<List<ColumnSpec>, String> copyStatement,
            Function<List<ColumnSpec>, TupleHandler> handler) {
        return inReadOnlyTransaction(context, query, connection -> {
            List<ColumnSpec> columns;
            try (PreparedStatement statement = connection.prepareStatement(query)) {
                columns = columnsOf(statement.getMetaData());
            }
            String copy = copyStatement.apply(columns);
            LOG.debug("{}: {}", context, copy);
            return BinaryCopyReader.copy(connection, copy, handler.apply(columns));
        });
    }

    private OptionalLong queryKey(String context, PreparedQuery query) {
        return retried(context, query.sql(), connection -> {
            try (PreparedStatement statement = prepare(connection, query); ResultSet rs = statement.executeQuery()) {
                if (!rs.next()) {
                    return OptionalLong.empty();
                }
                long value = rs.getLong(1);
                return rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(value);
            }
        });
    }

    private PreparedStatement prepare(Connection connection, PreparedQuery query) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(query.sql());
        try {
            statement.setFetchSize(fetchSize);
            for (int i = 0; i < query.parameters().size(); i++) {
                statement.setObject(i + 1, query.parameters().get(i));
            }
            return statement;
        } catch (SQLException e) {
            statement.close();
            throw e;
        }
    }

    /** A call that hands nothing to a handler, so a failed attempt leaves nothing behind and may simply run again. */
    private <T> T retried(String context, String sql, Work<T> work) {
        return retrier.call("source query", attempt -> inReadOnlyTransaction(context, sql, work));
    }

    /**
     * Autocommit off is also what makes pgjdbc honour the fetch size (it streams through a portal instead of
     * reading the whole result). SET TRANSACTION must be the transaction's first statement; the timeout is then set
     * for this transaction only ({@code set_config(..., true)} is {@code SET LOCAL} with a bound value).
     */
    private <T> T inReadOnlyTransaction(String context, String sql, Work<T> work) {
        LOG.debug("{}: {}", context, sql);
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET TRANSACTION READ ONLY");
            }
            // UTC whatever the JVM's zone, which pgjdbc gives the session: the window's timestamps are UTC without an
            // offset, and a query casting them to timestamp and comparing with a timestamptz column reads them in the
            // session's zone (west of UTC, every window would end hours late and the next begin after a gap).
            try (PreparedStatement statement = connection.prepareStatement(statementTimeout.isPresent()
                    ? "SELECT set_config('TimeZone', 'UTC', true), set_config('statement_timeout', ?, true)"
                    : "SELECT set_config('TimeZone', 'UTC', true)")) {
                if (statementTimeout.isPresent()) {
                    statement.setString(1, Long.toString(statementTimeout.get().toMillis()));
                }
                statement.execute();
            }
            T result;
            try {
                result = work.run(connection);
            } catch (Exception e) {
                rollbackAfter(connection, e);
                throw e;
            }
            connection.commit();
            return result;
        } catch (RuntimeException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the read was stopped (another range failed): let the caller see it
            throw new SourceReadException("source Postgres, " + context + ": stopped while reading", e);
        } catch (Exception e) {
            if (SqlFailures.sqlState(e).filter(INSUFFICIENT_PRIVILEGE::equals).isPresent()) {
                // Postgres checks privileges when a statement runs, not when it is described: no retry grants them.
                throw new InvalidInputException("source Postgres, " + context + ": " + oneLine(e.getMessage())
                        + " (SQLSTATE 42501: grant the config's source.user SELECT on the query's tables)", e);
            }
            throw new SourceReadException("source Postgres, " + context + ": " + oneLine(e.getMessage()) + hint(e), e);
        }
    }

    /** What the user can do about a login refusal or a timeout, which the server's message does not say. */
    private String hint(Exception e) {
        String state = SqlFailures.sqlState(e).orElse("");
        if (state.startsWith("28")) {
            return loginHint("source", e);
        }
        if (state.equals("57014") && statementTimeout.isPresent()
                && String.valueOf(e.getMessage()).contains("statement timeout")) {
            return " (source.statement_timeout is " + statementTimeout.get().toMillis() + " ms)";
        }
        return "";
    }

    /**
     * For a login the server refused (SQLSTATE class 28): which keys of the config's {@code section} ("source",
     * "metadata") to check. Empty for any other failure.
     */
    public static String loginHint(String section, Throwable failure) {
        String state = SqlFailures.sqlState(failure).orElse("");
        return state.startsWith("28") ? " (SQLSTATE " + state + ": check " + section + ".user and " + section
                + ".password in the config)" : "";
    }

    private static void rollbackAfter(Connection connection, Exception failure) {
        try {
            connection.rollback();
        } catch (SQLException rollbackFailure) {
            failure.addSuppressed(rollbackFailure);
        }
    }

    private static List<ColumnSpec> columnsOf(ResultSetMetaData metaData) throws SQLException {
        List<ColumnSpec> columns = new ArrayList<>(metaData.getColumnCount());
        Set<String> seen = new HashSet<>();
        for (int i = 1; i <= metaData.getColumnCount(); i++) {
            String name = metaData.getColumnLabel(i);
            if (!seen.add(name)) {
                throw new InvalidInputException("query returns column '" + name + "' more than once; give it an alias");
            }
            columns.add(new ColumnSpec(name, PostgresTypes.toColumnType(
                    name, metaData.getColumnTypeName(i), metaData.getPrecision(i), metaData.getScale(i))));
        }
        return List.copyOf(columns);
    }

    /** pgjdbc puts Detail/Hint/Position on further lines; the user sees one line. */
    private static String oneLine(String message) {
        return String.valueOf(message).lines().map(String::strip).collect(Collectors.joining(" "));
    }

    private static String range(String key, OptionalLong after, long upper) {
        String lower = after.isPresent() ? "(" + after.getAsLong() : "(-inf";
        return key + " in " + lower + ", " + upper + "]";
    }

    private static String names(List<ColumnSpec> columns) {
        return columns.stream().map(ColumnSpec::name).collect(Collectors.joining(", "));
    }
}
