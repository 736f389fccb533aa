package dev.saasextract.plan;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * Everything the deletes decision looks at for one table.
 *
 * @param incremental              the manifest query is incremental (only those tables get deletes exports)
 * @param deletesExempt            the manifest marks the table {@code deletes_exempt}
 * @param targetHasIsDeleted       the warehouse table has the {@code is_deleted} column
 * @param newest                   the newest delete_metadata row of this table
 * @param lastCompletedExportStart initial_load_start_date of the newest completed deletes export
 * @param lastBackfillCompleted    when the newest completed backfill of the table finished (upload_date of its
 *                                 completion row)
 * @param logicalDate              the run's logical date: {@code $DATE_INTERVAL_END}, else now (the caller decides)
 * @param forced                   {@code --load-type deletes}: run even when not due
 */
public record DeletesInputs(
        boolean incremental,
        boolean deletesExempt,
        boolean targetHasIsDeleted,
        Optional<ExportState> newest,
        Optional<Instant> lastCompletedExportStart,
        Optional<Instant> lastBackfillCompleted,
        Instant logicalDate,
        boolean forced) {

    public DeletesInputs {
        requireNonNull(newest, "newest is null");
        requireNonNull(lastCompletedExportStart, "lastCompletedExportStart is null");
        requireNonNull(lastBackfillCompleted, "lastBackfillCompleted is null");
        requireNonNull(logicalDate, "logicalDate is null");
        if (newest.filter(ExportState::completed).isPresent() && lastCompletedExportStart.isEmpty()) {
            throw new IllegalArgumentException("the newest deletes export is completed, so a completed export exists");
        }
    }
}
