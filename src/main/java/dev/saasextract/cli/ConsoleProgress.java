package dev.saasextract.cli;

import dev.saasextract.load.ExportProgress;
import dev.saasextract.load.LoadListener;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;

/**
 * The demo's narrative on stdout: one line per staged chunk (rows, share of the key range, rate, ETA). A table run logs
 * its events instead ({@link LoadEventLog}, {@link ProgressReporter}).
 */
final class ConsoleProgress implements LoadListener {
    private final PrintWriter out;

    ConsoleProgress(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void exportStarting(ExportProgress p) {
        if (!p.keyed()) {
            out.printf("%s: streaming the query%n", p.table());
        } else if (p.maxKey().isEmpty()) {
            out.printf("%s: the source query returns no rows%n", p.table());
        } else {
            out.printf(Locale.ROOT, "%s: exporting keys %s up to %,d%n", p.table(),
                    p.lastKey().isPresent() ? String.format(Locale.ROOT, "after %,d", p.lastKey().getAsLong()) : "from the start",
                    p.maxKey().getAsLong());
        }
        out.flush();
    }

    @Override
    public void chunkStaged(ExportProgress p) {
        double seconds = Math.max(p.elapsed().toMillis(), 1) / 1000.0;
        double fraction = fraction(p);
        String eta = fraction > 0 && fraction < 1
                ? format(Duration.ofMillis((long) (p.elapsed().toMillis() * (1 - fraction) / fraction)))
                : "-";
        String file = p.file().substring(p.file().lastIndexOf('/') + 1);
        if (p.keyed()) {
            out.printf(Locale.ROOT, "%s: staged %s (%,d rows) | %,d rows | %5.1f%% of keys | %,.0f rows/s | ETA %s%n",
                    p.table(), file, p.chunkRows(), p.rows(), fraction * 100, p.rows() / seconds, eta);
        } else {
            out.printf(Locale.ROOT, "%s: staged %s (%,d rows) | %,d rows | %,.0f rows/s%n",
                    p.table(), file, p.chunkRows(), p.rows(), p.rows() / seconds);
        }
        out.flush();
    }

    @Override
    public void loaded(String table, long rows) {
        out.printf(Locale.ROOT, "%s: %,d rows loaded into the warehouse%n", table, rows);
        out.flush();
    }

    @Override
    public void flagged(String table, long rows) {
        out.printf(Locale.ROOT, "%s: is_deleted changed on %,d row(s)%n", table, rows);
        out.flush();
    }

    private static double fraction(ExportProgress p) {
        if (p.maxKey().isEmpty() || p.lastKey().isEmpty() || p.maxKey().getAsLong() <= 0) {
            return 0;
        }
        return Math.min(1.0, Math.max(0.0, (double) p.lastKey().getAsLong() / p.maxKey().getAsLong()));
    }

    static String format(Duration d) {
        long s = d.toSeconds();
        return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60)
                : s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
    }
}
