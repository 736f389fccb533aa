package dev.saasextract.load;

import static java.util.Objects.requireNonNull;

import dev.saasextract.plan.KeyRange;
import dev.saasextract.plan.Shard;
import java.time.Instant;
import java.util.List;

/**
 * A load split into key ranges, as stored when it started: every run and every shard of the load reads this.
 *
 * @param shardCount how many {@code --shard} runs share the load; 1 when it is not sharded
 */
record RangedLoad(Instant initialLoadStart, List<KeyRange> ranges, int shardCount) {
    RangedLoad {
        requireNonNull(initialLoadStart, "initialLoadStart is null");
        ranges = List.copyOf(ranges);
        if (ranges.isEmpty()) {
            throw new IllegalArgumentException("a ranged load has at least one range");
        }
    }

    /** The load's highest key: the last range's upper bound. */
    long maxKey() {
        return ranges.get(ranges.size() - 1).upperInclusive();
    }

    List<KeyRange> rangesOf(Shard shard) {
        return ranges.stream().filter(shard::owns).toList();
    }
}
