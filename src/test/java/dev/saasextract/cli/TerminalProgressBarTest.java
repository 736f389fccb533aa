package dev.saasextract.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class TerminalProgressBarTest {
    private static final String ERASE = "\r\u001b[K";

    @Test
    void theBarIsRedrawnInPlaceAndErasedWhenTheExportEnds() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        TerminalProgressBar bar = new TerminalProgressBar(new PrintStream(bytes, true, StandardCharsets.UTF_8));

        bar.show(new ProgressSnapshot("GITLAB_DB_ISSUES", 1_000_000, Duration.ofSeconds(10), OptionalDouble.of(0.25)));
        bar.idle();
        bar.idle();
        bar.close();

        assertEquals("\rGITLAB_DB_ISSUES [########----------------------]  25.0% 1,000,000 rows  100,000 rows/s"
                + "  ETA 30s\u001b[K" + ERASE, bytes.toString(StandardCharsets.UTF_8),
                "one draw, one erase: idle and close erase only what is drawn");
    }

    @Test
    void withoutAShareDoneItShowsRowsAndRateOnly() {
        String line = TerminalProgressBar.line(new ProgressSnapshot("T", 5_000, Duration.ofSeconds(2),
                OptionalDouble.empty()));

        assertEquals("T 5,000 rows  2,500 rows/s", line);
    }
}
