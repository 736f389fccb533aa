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
 */
public record TablePlan(TableSpec spec, String fullRangeQuery, List<ColumnSpec> columns, BackfillDecision backfill,
        UploadedAtForm uploadedAt) {
    public TablePlan {
        requireNonNull(spec, "spec is null");
        requireNonNull(fullRangeQuery, "fullRangeQuery is null");
        columns = List.copyOf(columns);
        requireNonNull(backfill, "backfill is null");
        requireNonNull(uploadedAt, "uploadedAt is null");
    }
}
