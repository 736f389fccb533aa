package dev.saasextract.cli;

import dev.saasextract.load.LogContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/** Off a terminal: one INFO line ({@code event=progress}) per tick while an export runs. */
final class ProgressLogLine implements ProgressDisplay {
    private static final Logger LOG = LoggerFactory.getLogger(ProgressLogLine.class);

    @Override
    public void show(ProgressSnapshot p) {
        LoggingEventBuilder line = LOG.atInfo().setMessage("export progress")
                .addKeyValue(LogValues.EVENT, "progress")
                .addKeyValue("table", p.table())
                .addKeyValue("rows", p.rows())
                .addKeyValue("rows_per_s", Math.round(p.rowsPerSecond()))
                .addKeyValue("elapsed_s", Seconds.of(p.elapsed()));
        p.fraction().ifPresent(f -> line.addKeyValue("percent", Math.round(f * 1000) / 10.0));
        p.eta().ifPresent(eta -> line.addKeyValue("eta_s", Seconds.of(eta)));
        LogContext.runWith(p.logContext(), line::log);
    }

    @Override
    public void idle() {
        // nothing runs, so nothing moves: the step's own events say what it does
    }
}
