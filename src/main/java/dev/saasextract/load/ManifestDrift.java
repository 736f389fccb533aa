package dev.saasextract.load;

import dev.saasextract.manifest.TableSpec;
import dev.saasextract.metadata.ExportColumns;
import dev.saasextract.source.SourceQueries;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the manifest has moved away from what a load started with, as {@code export_columns} recorded it: another key
 * column, or other rows. Either way the load cannot be resumed (see {@link dev.saasextract.plan.ExportState}). Columns
 * added to the query are not drift: a resumed backfill finishes with the columns it started with.
 *
 * @param rekeyed     the load was chunked by another key column than the manifest names now
 * @param rowsChanged the manifest now selects other rows than the load did
 */
public record ManifestDrift(boolean rekeyed, boolean rowsChanged) {
    public static final ManifestDrift NONE = new ManifestDrift(false, false);
    private static final Logger LOG = LoggerFactory.getLogger(ManifestDrift.class);

    /** What {@code spec} says now against what the load started with; nothing for loads that recorded neither. */
    public static ManifestDrift of(TableSpec spec, Optional<ExportColumns> startedWith) {
        boolean rekeyed = startedWith.filter(recorded -> recorded.chunkedByAnotherKeyThan(spec.primaryKey()))
                .isPresent();
        boolean rowsChanged = startedWith.flatMap(ExportColumns::rowSource)
                .map(recorded -> !sameRows(spec, recorded))
                .orElse(false);
        return new ManifestDrift(rekeyed, rowsChanged);
    }

    private static boolean sameRows(TableSpec spec, String recorded) {
        Optional<Boolean> same = SourceQueries.sameRows(recorded, SourceQueries.rowSource(spec));
        if (same.isEmpty()) {
            LOG.warn("table {}: the rows its unfinished load started with no longer parse, so they are not compared"
                    + " with the manifest's: {}", spec.target(), recorded);
        }
        return same.orElse(true);
    }
}
