package dev.saasextract.cli;

import dev.saasextract.errors.ManifestException;
import dev.saasextract.manifest.TableSpec;
import dev.saasextract.source.PostgresSource;
import dev.saasextract.source.SourceQueries;
import dev.saasextract.source.SourceReadException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A table's manifest entry checked against the source before a run takes its lock, migrates the metadata schema or
 * opens the warehouse: the query must prepare and return an integer key column. A manifest error then writes nothing.
 * It reads the source only, in a read-only transaction, and never executes the query.
 */
final class SourceCheck {
    private static final Logger LOG = LoggerFactory.getLogger(SourceCheck.class);

    private SourceCheck() {
    }

    /**
     * Also warns when the key is a nullable table column: every load reads key ranges, so rows whose key is NULL are
     * never extracted. Counting them would scan the table, so the warning goes by the column's declaration.
     *
     * @throws ManifestException when the source rejects the query or it lacks the integer key column (exit 2)
     * @throws SourceReadException when the source cannot be reached (exit 1)
     */
    static void requireUsable(PostgresSource source, TableSpec spec) {
        String query = SourceQueries.fullRangeQuery(spec);
        PostgresSource.requireKey(source.describe(spec, query), spec);
        if (source.isNullableTableColumn(query, spec.primaryKey())) {
            LOG.warn("table {}: chunking key '{}' is a nullable column in the source; rows where it is NULL are never"
                    + " extracted (export_table_primary_key should name a NOT NULL column)", spec.key(),
                    spec.primaryKey());
        }
    }
}
