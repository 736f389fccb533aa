package dev.saasextract.metadata;

import static java.util.Objects.requireNonNull;

import java.util.OptionalLong;

/**
 * One row of {@code export_ranges}: a key range {@code (lowerExclusive, upperInclusive]} of a load split for parallel
 * or sharded export, as planned when the load started.
 *
 * @param lowerExclusive empty when the range starts at the smallest bigint
 * @param shardCount     how many {@code --shard} runs share the load; 1 when it is not sharded
 */
public record ExportRange(int rangeIndex, int rangeCount, OptionalLong lowerExclusive, long upperInclusive,
        int shardCount) {
    public ExportRange {
        requireNonNull(lowerExclusive, "lowerExclusive is null");
        if (rangeIndex < 0 || rangeIndex >= rangeCount) {
            throw new IllegalArgumentException("range " + rangeIndex + " of " + rangeCount);
        }
        if (shardCount < 1) {
            throw new IllegalArgumentException("shard count must be positive: " + shardCount);
        }
    }
}
