package dev.saasextract.bench;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One read path's repeated runs over the same rows.
 *
 * @param seconds     wall time of each repetition; empty when the path could not be measured
 * @param stagedBytes bytes written per run (the Parquet files), when the path stages files
 * @param skipped     why the path was not measured; present exactly when {@code seconds} is empty
 */
public record Throughput(String path, long rows, List<Double> seconds, Optional<Long> stagedBytes,
        Optional<String> skipped) {

    public Throughput {
        requireNonNull(path, "path is null");
        seconds = List.copyOf(requireNonNull(seconds, "seconds is null"));
        requireNonNull(stagedBytes, "stagedBytes is null");
        requireNonNull(skipped, "skipped is null");
        if (seconds.isEmpty() == skipped.isEmpty()) {
            throw new IllegalArgumentException(path + ": either run times or a reason for skipping, not both");
        }
    }

    public static Throughput measured(String path, long rows, List<Double> seconds, Optional<Long> stagedBytes) {
        return new Throughput(path, rows, seconds, stagedBytes, Optional.empty());
    }

    public static Throughput skipped(String path, long rows, String reason) {
        return new Throughput(path, rows, List.of(), Optional.empty(), Optional.of(reason));
    }

    public OptionalDouble medianSeconds() {
        return seconds.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(Stats.median(seconds));
    }

    public OptionalDouble rowsPerSecond() {
        OptionalDouble median = medianSeconds();
        return median.isPresent() ? OptionalDouble.of(rows / median.getAsDouble()) : OptionalDouble.empty();
    }

    public OptionalDouble megabytesPerSecond() {
        OptionalDouble median = medianSeconds();
        return median.isPresent() && stagedBytes.isPresent()
                ? OptionalDouble.of(stagedBytes.get() / 1e6 / median.getAsDouble())
                : OptionalDouble.empty();
    }
}
