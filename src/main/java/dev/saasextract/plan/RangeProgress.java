package dev.saasextract.plan;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * How far each range of a ranged load got: the highest key recorded per range index. A range is finished once that
 * key reaches its upper bound; it resumes after it.
 */
public record RangeProgress(List<KeyRange> ranges, Map<Integer, Long> lastExtractedByRange) {
    public RangeProgress {
        ranges = List.copyOf(ranges);
        lastExtractedByRange = Map.copyOf(requireNonNull(lastExtractedByRange, "lastExtractedByRange is null"));
    }

    public OptionalLong lastExtracted(KeyRange range) {
        Long last = lastExtractedByRange.get(range.index());
        return last == null ? OptionalLong.empty() : OptionalLong.of(last);
    }

    public OptionalLong resumeAfter(KeyRange range) {
        return range.resumeAfter(lastExtracted(range));
    }

    public boolean isFinished(KeyRange range) {
        return range.isFinished(lastExtracted(range));
    }

    public List<KeyRange> unfinished() {
        return ranges.stream().filter(range -> !isFinished(range)).toList();
    }

    /** The share of the load's key span exported so far, 0 to 1, weighting each range by its width. */
    public double fractionDone() {
        double total = ranges.stream().mapToDouble(KeyRange::width).sum();
        double done = ranges.stream().mapToDouble(r -> r.width() * r.fractionDone(lastExtracted(r))).sum();
        return total == 0 ? 1 : done / total;
    }
}
