package dev.saasextract.load;

import static java.util.Objects.requireNonNull;

import dev.saasextract.plan.Shard;
import java.util.Optional;

/**
 * How a backfill's export is spread: {@code readers} key ranges read at once by this run ({@code --parallel}), and
 * optionally which of several runs this is ({@code --shard}). A new load is split into readers × shards ranges.
 */
public record ExportParallelism(int readers, Optional<Shard> shard) {
    public static final int MAX_READERS = 64;
    /** One reader, no shards: the single-range export. */
    public static final ExportParallelism SINGLE = new ExportParallelism(1, Optional.empty());

    public ExportParallelism {
        requireNonNull(shard, "shard is null");
        if (readers < 1 || readers > MAX_READERS) {
            throw new IllegalArgumentException("readers must be 1.." + MAX_READERS + ": " + readers);
        }
    }

    public int shardCount() {
        return shard.map(Shard::count).orElse(1);
    }

    /** How many key ranges a load started by this run is split into. */
    int rangeCount() {
        return readers * shardCount();
    }

    /** True when a new load is planned as key ranges rather than exported as one. */
    boolean splitsNewLoads() {
        return readers > 1 || shard.isPresent();
    }
}
