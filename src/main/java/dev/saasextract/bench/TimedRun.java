package dev.saasextract.bench;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A child process run to completion under {@code /usr/bin/time -v}: when it was launched (wall clock, to compare with
 * the times it logs), its wall time, peak RSS and output.
 */
public record TimedRun(Instant launched, double seconds, long peakRssKilobytes, String output) {
    private static final Pattern MAX_RSS = Pattern.compile("Maximum resident set size \\(kbytes\\): (\\d+)");

    public TimedRun {
        requireNonNull(launched, "launched is null");
        requireNonNull(output, "output is null");
    }

    /** Runs {@code command}; a non-zero exit fails with the command's output, since a failed run measures nothing. */
    static TimedRun run(List<String> command, Path workDir) throws IOException, InterruptedException {
        Path timeReport = Files.createTempFile("bench-time", ".txt");
        try {
            List<String> timed = new ArrayList<>(List.of("/usr/bin/time", "-v", "-o", timeReport.toString()));
            timed.addAll(command);
            Instant launched = Instant.now();
            long started = System.nanoTime();
            Process process = new ProcessBuilder(timed).directory(workDir.toFile()).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int exit = process.waitFor();
            double seconds = (System.nanoTime() - started) / 1e9;
            if (exit != 0) {
                throw new IllegalStateException(String.join(" ", command) + " exited with " + exit + ":\n" + output);
            }
            return new TimedRun(launched, seconds, peakRss(Files.readString(timeReport), command), output);
        } finally {
            Files.deleteIfExists(timeReport);
        }
    }

    static long peakRss(String timeReport, List<String> command) {
        Matcher m = MAX_RSS.matcher(timeReport);
        if (!m.find()) {
            throw new IllegalStateException("/usr/bin/time -v printed no maximum resident set size for "
                    + String.join(" ", command) + ":\n" + timeReport);
        }
        return Long.parseLong(m.group(1));
    }
}
