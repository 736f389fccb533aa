package dev.saasextract.cli;

import dev.saasextract.errors.InvalidInputException;
import dev.saasextract.errors.ManifestException;
import dev.saasextract.manifest.TableSpec;
import dev.saasextract.schema.ColumnSpec;
import dev.saasextract.source.PostgresSource;
import dev.saasextract.source.SourceQueries;
import dev.saasextract.source.SourceReadException;
import java.sql.SQLException;
import java.util.List;

/**
 * A table's manifest entry checked against the source before a run takes its lock, migrates the metadata schema or
 * opens the warehouse: the query must prepare and return an integer key column. A manifest error then writes nothing.
 * It reads the source only, in a read-only transaction, and never executes the query.
 */
final class SourceCheck {
    private SourceCheck() {
    }

    /**
     * @throws ManifestException when the source rejects the query or it lacks the integer key column (exit 2)
     * @throws SourceReadException when the source cannot be reached (exit 1)
     */
    static void requireUsable(PostgresSource source, TableSpec spec) {
        List<ColumnSpec> columns;
        try {
            columns = source.describe(SourceQueries.fullRangeQuery(spec));
        } catch (SourceReadException e) {
            throw rejectedQuery(spec, e);
        } catch (ManifestException e) {
            throw e;
        } catch (InvalidInputException e) {
            // e.g. a column returned twice: the message names the column, this adds the table
            throw new ManifestException("table '" + spec.key() + "': import_query: " + e.getMessage(), e);
        }
        PostgresSource.requireKey(columns, spec);
    }

    /**
     * SQLSTATE class 42 (a missing table or column, bad syntax, no privilege) is the query's fault: retrying will not
     * help. The same rule as the planner's, applied before anything is opened for writing.
     */
    private static RuntimeException rejectedQuery(TableSpec spec, SourceReadException e) {
        if (e.getCause() instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("42")) {
            return new ManifestException("table '" + spec.key() + "': import_query: the source rejects it: "
                    + sql.getMessage().lines().findFirst().orElse(""), e);
        }
        return e;
    }
}
