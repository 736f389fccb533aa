package dev.saasextract.cli;

import dev.saasextract.errors.ManifestException;
import dev.saasextract.manifest.TableSpec;
import dev.saasextract.source.PostgresSource;
import dev.saasextract.source.SourceQueries;
import dev.saasextract.source.SourceReadException;

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
        PostgresSource.requireKey(source.describe(spec, SourceQueries.fullRangeQuery(spec)), spec);
    }
}
