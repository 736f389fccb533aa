package dev.saasextract.cli;

import dev.saasextract.load.ExportProgress;
import dev.saasextract.load.LoadListener;
import dev.saasextract.plan.BackfillDecision;
import java.util.List;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * Logs what a load does as named events ({@code event} key): decision, export_started, chunk_staged, export_staged,
 * loaded and deletes_applied. The run's MDC names the table; chunk_staged names it too, since a parallel export stages
 * from threads of its own.
 */
final class LoadEventLog implements LoadListener {
    private static final Logger LOG = LoggerFactory.getLogger(LoadEventLog.class);

    /** The decision of a step, with where a resume starts and which columns a schema addition adds. */
    static void decision(String table, LoadType step, String action, String reason, OptionalLong startAfter,
            List<String> newColumns) {
        LoggingEventBuilder line = LOG.atInfo().setMessage("table {}: decided").addArgument(table)
                .addKeyValue(LogValues.EVENT, "decision")
                .addKeyValue("step", step.name())
                .addKeyValue("action", action)
                .addKeyValue("reason", reason);
        startAfter.ifPresent(key -> line.addKeyValue("start_after_id", key));
        if (!newColumns.isEmpty()) {
            line.addKeyValue("new_columns", String.join(",", newColumns));
        }
        line.log();
    }

    @Override
    public void shardDecided(String table, BackfillDecision d) {
        decision(table, LoadType.backfill, d.action().json(), d.reason().json(), d.startAfterId(), d.newColumns());
    }

    @Override
    public void exportStarting(ExportProgress p) {
        LoggingEventBuilder event = LOG.atInfo().addKeyValue(LogValues.EVENT, "export_started");
        if (!p.keyed()) {
            event.setMessage("table {}: streaming the query");
        } else if (p.maxKey().isEmpty()) {
            event.setMessage("table {}: exporting keys: the source query returns no rows");
        } else {
            event.setMessage("table {}: exporting keys");
            p.lastKey().ifPresent(after -> event.addKeyValue("after_key", after));
            event.addKeyValue("max_key", p.maxKey().getAsLong());
        }
        event.addArgument(p.table()).log();
    }

    @Override
    public void chunkStaged(ExportProgress p) {
        LOG.atInfo().setMessage("staged a file")
                .addKeyValue(LogValues.EVENT, "chunk_staged")
                .addKeyValue("table", p.table())
                .addKeyValue("rows", p.chunkRows())
                .addKeyValue("file", p.file())
                .log();
    }

    @Override
    public void exportStaged(ExportProgress p) {
        tableEvent("export staged", p.table(), "export_staged", p.rows());
    }

    @Override
    public void loaded(String table, long rows) {
        tableEvent("loaded into the warehouse", table, "loaded", rows);
    }

    @Override
    public void flagged(String table, long rows) {
        tableEvent("is_deleted changed", table, "deletes_applied", rows);
    }

    /** An INFO line "table T: what" carrying its event name and row count. */
    private static void tableEvent(String what, String table, String event, long rows) {
        LOG.atInfo().setMessage("table {}: " + what).addArgument(table)
                .addKeyValue(LogValues.EVENT, event)
                .addKeyValue("rows", rows)
                .log();
    }
}
