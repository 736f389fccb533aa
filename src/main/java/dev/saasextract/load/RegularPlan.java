package dev.saasextract.load;

import static java.util.Objects.requireNonNull;

import dev.saasextract.manifest.TableSpec;
import dev.saasextract.plan.IncrementalWindow;
import dev.saasextract.schema.ColumnSpec;
import dev.saasextract.schema.UploadedAtForm;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A regular load, decided: which query, staged in which folder, starting after which key (by-id), over which window
 * (by date), and how many rows the source's planner expects.
 *
 * @param resumes true when an interrupted by-id export continues in its own folder
 */
public record RegularPlan(TableSpec spec, RegularKind kind, String query, List<ColumnSpec> columns,
        Instant initialLoadStart, OptionalLong startAfter, boolean resumes, Optional<IncrementalWindow> window,
        long estimatedRows, UploadedAtForm uploadedAt) {
    public RegularPlan {
        requireNonNull(spec, "spec is null");
        requireNonNull(kind, "kind is null");
        requireNonNull(query, "query is null");
        columns = List.copyOf(columns);
        requireNonNull(initialLoadStart, "initialLoadStart is null");
        requireNonNull(startAfter, "startAfter is null");
        requireNonNull(window, "window is null");
        requireNonNull(uploadedAt, "uploadedAt is null");
    }
}
