package dev.saasextract.bench;

import static java.util.Objects.requireNonNull;

/** The extractor's largest resident set over one backfill of {@code rows} rows, from {@code /usr/bin/time -v}. */
public record PeakRss(long rows, long kilobytes) {
    public PeakRss {
        if (rows < 0 || kilobytes <= 0) {
            throw new IllegalArgumentException("rows " + rows + ", peak RSS " + kilobytes + " kB");
        }
    }

    public double megabytes() {
        return kilobytes / 1024.0;
    }

    static PeakRss of(long rows, TimedRun run) {
        requireNonNull(run, "run is null");
        return new PeakRss(rows, run.peakRssKilobytes());
    }
}
