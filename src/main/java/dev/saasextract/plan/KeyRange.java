package dev.saasextract.plan;

import static java.util.Objects.requireNonNull;

import java.util.OptionalLong;

/**
 * One contiguous slice {@code (lowerExclusive, upperInclusive]} of a load's chunking keys, exported by its own chunk
 * loop and resumed on its own.
 *
 * @param index          position in the load's plan, from 0
 * @param lowerExclusive the key the range starts after; empty only when it starts at {@link Long#MIN_VALUE}, which
 *                       has no key below it to name
 * @param upperInclusive the range's last key
 */
public record KeyRange(int index, OptionalLong lowerExclusive, long upperInclusive) {
    public KeyRange {
        requireNonNull(lowerExclusive, "lowerExclusive is null");
        if (index < 0) {
            throw new IllegalArgumentException("range index must not be negative: " + index);
        }
        if (lowerExclusive.isPresent() && lowerExclusive.getAsLong() >= upperInclusive) {
            throw new IllegalArgumentException("range " + index + " is empty: (" + lowerExclusive.getAsLong() + ", "
                    + upperInclusive + "]");
        }
    }

    /** Where this range's export continues: after its highest recorded key, else from its start. */
    public OptionalLong resumeAfter(OptionalLong lastExtracted) {
        return lastExtracted.isPresent() ? lastExtracted : lowerExclusive;
    }

    /** True once a recorded key reached the range's upper bound. */
    public boolean isFinished(OptionalLong lastExtracted) {
        return lastExtracted.isPresent() && lastExtracted.getAsLong() >= upperInclusive;
    }

    /** How many key values the range spans, as a double because the full bigint range does not fit a long. */
    public double width() {
        double lower = lowerExclusive.isPresent() ? lowerExclusive.getAsLong() : Long.MIN_VALUE - 1.0;
        return (double) upperInclusive - lower;
    }

    /** The share of the range's key values at or below {@code lastExtracted}, 0 to 1. */
    public double fractionDone(OptionalLong lastExtracted) {
        if (lastExtracted.isEmpty()) {
            return 0;
        }
        if (isFinished(lastExtracted)) {
            return 1;
        }
        double done = (double) lastExtracted.getAsLong() - (upperInclusive - width());
        return Math.max(0, Math.min(1, done / width()));
    }

    @Override
    public String toString() {
        return "range " + index + " " + (lowerExclusive.isPresent() ? "(" + lowerExclusive.getAsLong() : "[min")
                + ", " + upperInclusive + "]";
    }
}
