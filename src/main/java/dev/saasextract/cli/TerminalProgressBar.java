package dev.saasextract.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/**
 * On a terminal: one line on stderr, redrawn in place ({@code \r}), with a bar, rows, rows/s, the share done and the
 * ETA. Log lines erase it before they print ({@link TextLogEncoder}); the next tick draws it again.
 */
final class TerminalProgressBar implements ProgressDisplay {
    static final Duration REFRESH = Duration.ofMillis(500);
    private static final int WIDTH = 30;
    private static final String ERASE_REST = "\u001b[K";

    private final PrintStream terminal;
    private boolean drawn;

    TerminalProgressBar(PrintStream terminal) {
        this.terminal = terminal;
    }

    @Override
    public void show(ProgressSnapshot p) {
        terminal.print('\r' + line(p) + ERASE_REST);
        terminal.flush();
        drawn = true;
    }

    @Override
    public void idle() {
        erase();
    }

    @Override
    public void close() {
        erase();
    }

    static String line(ProgressSnapshot p) {
        StringBuilder line = new StringBuilder(p.table()).append(' ');
        p.fraction().ifPresent(f -> {
            int filled = (int) Math.round(f * WIDTH);
            line.append('[').append("#".repeat(filled)).append("-".repeat(WIDTH - filled)).append("] ")
                    .append(String.format(Locale.ROOT, "%5.1f%% ", f * 100));
        });
        line.append(String.format(Locale.ROOT, "%,d rows  %,.0f rows/s", p.rows(), p.rowsPerSecond()));
        p.eta().ifPresent(eta -> line.append("  ETA ").append(ConsoleProgress.format(eta)));
        return line.toString();
    }

    private void erase() {
        if (drawn) {
            terminal.print('\r' + ERASE_REST);
            terminal.flush();
            drawn = false;
        }
    }
}
