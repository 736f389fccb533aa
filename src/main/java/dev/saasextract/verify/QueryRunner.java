package dev.saasextract.verify;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.function.Function;

/** Runs a query, spelled for its engine, on one side; each row reaches the handler with the cursor on it. */
@FunctionalInterface
interface QueryRunner {

    void run(String action, Function<Spelling, String> query, List<Object> parameters, RowReader reader);

    @FunctionalInterface
    interface RowReader {
        void read(ResultSet row) throws SQLException;
    }
}
