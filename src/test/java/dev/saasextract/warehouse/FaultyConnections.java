package dev.saasextract.warehouse;

import static java.util.Objects.requireNonNull;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

/**
 * A failure injector around real connections (DuckDB in the tests): every statement and commit runs on the real
 * database, and an armed fault then throws a {@link SQLException} with a chosen SQLSTATE and vendor code, as a driver
 * does when the answer is lost after the server did the work. A SQLSTATE of class 08 also kills the connection, as a
 * dropped network link does: every later call on it fails with 08006 until it is closed.
 */
public final class FaultyConnections implements ConnectionSource {

    private static final Set<String> EXECUTES = Set.of("execute", "executeQuery", "executeUpdate",
            "executeLargeUpdate");

    private final Callable<Connection> realConnections;
    private final List<String> executed = new ArrayList<>();
    private Fault statementFault;
    private Fault commitFault;
    private boolean commitFaultDue;
    private State current;
    private int opened;

    private record Fault(Predicate<String> statement, String sqlState, int vendorCode) {
    }

    /** The live state of one handed-out connection. */
    private static final class State {
        final Connection real;
        boolean dead;

        State(Connection real) {
            this.real = real;
        }
    }

    public FaultyConnections(Callable<Connection> realConnections) {
        this.realConnections = requireNonNull(realConnections, "realConnections is null");
    }

    /** The next statement {@code statement} matches runs, then fails with {@code sqlState} and {@code vendorCode}. */
    public FaultyConnections failAfterStatement(Predicate<String> statement, String sqlState, int vendorCode) {
        statementFault = new Fault(statement, sqlState, vendorCode);
        return this;
    }

    /** The commit of the next transaction that runs a statement {@code statement} matches commits, then fails. */
    public FaultyConnections failAfterCommitOf(Predicate<String> statement, String sqlState) {
        commitFault = new Fault(statement, sqlState, 0);
        return this;
    }

    /** The connection in use dies now, between statements; its next use fails with 08006. */
    public void dropConnection() {
        current.dead = true;
    }

    public int connectionsOpened() {
        return opened;
    }

    /** Every statement run so far, in order, including those a fault failed after running. */
    public List<String> executed() {
        return List.copyOf(executed);
    }

    public long executedMatching(Predicate<String> statement) {
        return executed.stream().filter(statement).count();
    }

    @Override
    public Connection open() {
        try {
            current = new State(realConnections.call());
        } catch (Exception e) {
            throw new WarehouseException("test connection: " + e.getMessage(), e);
        }
        opened++;
        State state = current;
        return proxy(Connection.class, (method, args) -> connectionCall(state, method, args));
    }

    private Object connectionCall(State state, Method method, Object[] args) throws Throwable {
        String name = method.getName();
        if (name.equals("close") || name.equals("isClosed")) {
            return invoke(state.real, method, args);
        }
        requireAlive(state);
        if (name.equals("createStatement")) {
            Statement real = (Statement) invoke(state.real, method, args);
            return proxy(Statement.class, (call, callArgs) -> statementCall(state, real, null, call, callArgs));
        }
        if (name.equals("prepareStatement")) {
            PreparedStatement real = (PreparedStatement) invoke(state.real, method, args);
            String sql = (String) args[0];
            return proxy(PreparedStatement.class,
                    (call, callArgs) -> statementCall(state, real, sql, call, callArgs));
        }
        if (name.equals("commit")) {
            invoke(state.real, method, args);
            if (commitFaultDue) {
                commitFaultDue = false;
                Fault fault = commitFault;
                commitFault = null;
                throw failure(state, fault, "commit");
            }
            return null;
        }
        if (name.equals("rollback")) {
            commitFaultDue = false;
        }
        return invoke(state.real, method, args);
    }

    private Object statementCall(State state, Statement real, String preparedSql, Method method, Object[] args)
            throws Throwable {
        if (method.getName().equals("close")) {
            return invoke(real, method, args);
        }
        requireAlive(state);
        if (!EXECUTES.contains(method.getName())) {
            return invoke(real, method, args);
        }
        String sql = preparedSql != null ? preparedSql : (String) args[0];
        Object result = invoke(real, method, args);
        executed.add(sql);
        if (commitFault != null && commitFault.statement().test(sql)) {
            commitFaultDue = true;
        }
        if (statementFault != null && statementFault.statement().test(sql)) {
            Fault fault = statementFault;
            statementFault = null;
            throw failure(state, fault, sql);
        }
        return result;
    }

    private static SQLException failure(State state, Fault fault, String after) {
        if (fault.sqlState().startsWith("08")) {
            state.dead = true;
        }
        return new SQLException("injected failure (" + fault.sqlState() + ") after " + after, fault.sqlState(),
                fault.vendorCode());
    }

    private static void requireAlive(State state) throws SQLException {
        if (state.dead) {
            throw new SQLException("An I/O error occurred while sending to the backend (injected: connection dropped)",
                    "08006");
        }
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @FunctionalInterface
    private interface Call {
        Object handle(Method method, Object[] args) throws Throwable;
    }

    private static <T> T proxy(Class<T> type, Call call) {
        InvocationHandler handler = (proxy, method, args) -> call.handle(method, args);
        return type.cast(Proxy.newProxyInstance(FaultyConnections.class.getClassLoader(), new Class<?>[] {type},
                handler));
    }
}
