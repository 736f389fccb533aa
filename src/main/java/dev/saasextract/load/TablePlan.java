package dev.saasextract.load;

import static java.util.Objects.requireNonNull;

import dev.saasextract.manifest.TableSpec;
import dev.saasextract.plan.BackfillDecision;
import dev.saasextract.schema.ColumnSpec;
import dev.saasextract.schema.UploadedAtForm;
import java.util.List;

/**
 * A table's backfill decision together with what it reads: the query covering all rows and its columns (for a resumed
 * backfill, only the columns it started with).
 *
 * @param deferredColumns query columns a resumed backfill leaves out because it started without them; the next run's
 *                        schema-addition backfill adds them. Empty unless the backfill resumes.
 */
public record TablePlan(TableSpec spec, String fullRangeQuery, List<ColumnSpec> columns, BackfillDecision backfill,
        UploadedAtForm uploadedAt, List<String> deferredColumns) {
    public TablePlan {
        requireNonNull(spec, "spec is null");
        requireNonNull(fullRangeQuery, "fullRangeQuery is null");
        columns = List.copyOf(columns);
        requireNonNull(backfill, "backfill is null");
        requireNonNull(uploadedAt, "uploadedAt is null");
        deferredColumns = List.copyOf(deferredColumns);
    }
}
