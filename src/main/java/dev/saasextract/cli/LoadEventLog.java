package dev.saasextract.cli;

import dev.saasextract.load.ExportProgress;
import dev.saasextract.load.LoadListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * Logs what a load does as named events ({@code event} key): export_started, chunk_staged, export_staged, loaded and
 * deletes_applied. The run's MDC names the table; chunk_staged names it too, since a parallel export stages from
 * threads of its own.
 */
final class LoadEventLog implements LoadListener {
    private static final Logger LOG = LoggerFactory.getLogger(LoadEventLog.class);

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
        LOG.atInfo().setMessage("table {}: export staged").addArgument(p.table())
                .addKeyValue(LogValues.EVENT, "export_staged")
                .addKeyValue("rows", p.rows())
                .log();
    }

    @Override
    public void loaded(String table, long rows) {
        LOG.atInfo().setMessage("table {}: loaded into the warehouse").addArgument(table)
                .addKeyValue(LogValues.EVENT, "loaded")
                .addKeyValue("rows", rows)
                .log();
    }

    @Override
    public void flagged(String table, long rows) {
        LOG.atInfo().setMessage("table {}: is_deleted changed").addArgument(table)
                .addKeyValue(LogValues.EVENT, "deletes_applied")
                .addKeyValue("rows", rows)
                .log();
    }
}
