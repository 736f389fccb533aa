package dev.saasextract.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saasextract.checkpoint.Checkpoints;
import dev.saasextract.retry.Retrier;
import dev.saasextract.retry.RetryPolicy;
import dev.saasextract.schema.ColumnSpec;
import dev.saasextract.schema.ColumnType;
import dev.saasextract.warehouse.dialect.SnowflakeDialect;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Snowflake dialect's statements on DuckDB, through a connection that answers as Snowflake does a loader role
 * without the database's CREATE SCHEMA privilege: it refuses {@code CREATE SCHEMA IF NOT EXISTS} even for a schema
 * that exists. DuckDB has no ALTER SESSION, so the session setup is only recorded.
 */
class SnowflakeLoaderRoleTest {
    private static final List<ColumnSpec> COLUMNS =
            List.of(new ColumnSpec("title", ColumnType.of(ColumnType.Kind.TEXT, "text")));

    private final List<String> executed = new ArrayList<>();
    private Connection duckDb;
    private Warehouse warehouse;

    @BeforeEach
    void openAsALoaderRole() throws SQLException {
        duckDb = DriverManager.getConnection("jdbc:duckdb:");
        try (Statement statement = duckDb.createStatement()) {
            statement.execute("CREATE SCHEMA \"TAP_POSTGRES\"");
        }
        warehouse = JdbcWarehouse.open(() -> withoutCreateSchemaPrivilege(duckDb),
                new SnowflakeDialect("gcs_integration"), Checkpoints.NONE,
                Retrier.forWarehouse(new RetryPolicy(2, Duration.ofMillis(1), Duration.ofMillis(1)), waited -> { }));
    }

    @AfterEach
    void close() throws SQLException {
        duckDb.close();
    }

    @Test
    void createsATableInASchemaThatExistsWithoutAskingToCreateTheSchema() {
        warehouse.createTable("tap_postgres", "gitlab_db_issues_temp", COLUMNS);

        assertEquals(Optional.of(Map.of("TITLE", "VARCHAR")),
                warehouse.columnTypes("tap_postgres", "gitlab_db_issues_temp"));
        assertTrue(executed.stream().noneMatch(sql -> sql.startsWith("CREATE SCHEMA")), executed.toString());
    }

    @Test
    void createsAMissingSchemaWhichThenNeedsThePrivilege() {
        RuntimeException refused = assertThrows(RuntimeException.class,
                () -> warehouse.createTable("deletes_tap_postgres", "gitlab_db_issues", COLUMNS));

        assertTrue(refused.getMessage().contains("Insufficient privileges"), refused.getMessage());
        assertTrue(executed.contains("CREATE SCHEMA IF NOT EXISTS \"DELETES_TAP_POSTGRES\""), executed.toString());
    }

    private Connection withoutCreateSchemaPrivilege(Connection real) {
        return proxy(Connection.class, real, (method, args) -> {
            if (!method.getName().equals("createStatement")) {
                return null;
            }
            Statement statement = (Statement) invoke(method, real, args);
            return proxy(Statement.class, statement, (statementMethod, sql) -> {
                if (!statementMethod.getName().startsWith("execute")) {
                    return null;
                }
                executed.add((String) sql[0]);
                String upper = ((String) sql[0]).toUpperCase(Locale.ROOT);
                if (upper.startsWith("ALTER SESSION")) {
                    return false;
                }
                if (upper.startsWith("CREATE SCHEMA")) {
                    throw new SQLException("SQL access control error: Insufficient privileges to operate on"
                            + " database 'RAW'", "42501", 3001);
                }
                return null;
            });
        });
    }

    /** Answers a call with what {@code override} returns, or passes it on to {@code real} when that is null. */
    private interface Override {
        Object answer(Method method, Object[] args) throws Throwable;
    }

    private static <T> T proxy(Class<T> type, T real, Override override) {
        return type.cast(Proxy.newProxyInstance(SnowflakeLoaderRoleTest.class.getClassLoader(), new Class<?>[] {type},
                (self, method, args) -> {
                    Object answer = override.answer(method, args);
                    return answer != null ? answer : invoke(method, real, args);
                }));
    }

    private static Object invoke(Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
