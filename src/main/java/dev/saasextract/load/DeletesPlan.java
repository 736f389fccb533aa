package dev.saasextract.load;

import static java.util.Objects.requireNonNull;

import dev.saasextract.manifest.TableSpec;
import dev.saasextract.plan.DeletesDecision;
import dev.saasextract.schema.ColumnSpec;
import java.time.Instant;
import java.util.List;

/**
 * The deletes process of one table, decided: whether it runs (and resumes), over which key query, for which logical
 * date.
 */
public record DeletesPlan(TableSpec spec, DeletesDecision decision, String keysQuery, List<ColumnSpec> keyColumns,
        Instant logicalDate) {
    public DeletesPlan {
        requireNonNull(spec, "spec is null");
        requireNonNull(decision, "decision is null");
        requireNonNull(keysQuery, "keysQuery is null");
        keyColumns = List.copyOf(keyColumns);
        requireNonNull(logicalDate, "logicalDate is null");
    }
}
