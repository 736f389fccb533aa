package dev.saasextract.load;

import dev.saasextract.manifest.TableSpec;
import dev.saasextract.metadata.ExportRange;
import dev.saasextract.metadata.MetadataTable;
import dev.saasextract.plan.KeyRange;
import dev.saasextract.plan.KeyRanges;
import dev.saasextract.plan.RangeProgress;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The key-range plans of backfills in the metadata DB: reading a load's plan and its progress, starting one. */
final class RangePlans {
    private static final Logger LOG = LoggerFactory.getLogger(RangePlans.class);
    private static final MetadataTable TABLE = MetadataTable.BACKFILL;

    private final LoadContext context;

    RangePlans(LoadContext context) {
        this.context = context;
    }

    /** The ranges the load was split into when it started; empty for a load exported as a single range. */
    Optional<RangedLoad> stored(TableSpec spec, Instant initialLoadStart) {
        List<ExportRange> rows = context.metadata().ranges(TABLE, spec.target(), initialLoadStart);
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new RangedLoad(initialLoadStart, StoredRanges.keyRanges(rows), rows.get(0).shardCount()));
    }

    RangeProgress progress(TableSpec spec, RangedLoad load) {
        return new RangeProgress(load.ranges(),
                context.metadata().lastExtractedByRange(TABLE, spec.target(), load.initialLoadStart()));
    }

    /**
     * Splits the new load of {@code request} into {@code rangeCount} ranges of the source's current key span, stores
     * them, and records a file-less "load started" row so other runs and shards see a backfill in progress and join
     * it. Call under the table's planning lock. Empty when the query returns no rows: there is nothing to split.
     */
    Optional<RangedLoad> start(ExportRequest request, int rangeCount, int shardCount) {
        TableSpec spec = request.spec();
        Optional<RangedLoad> planned = stored(spec, request.initialLoadStart());
        if (planned.isPresent()) {
            // a run that crashed between storing the plan and recording the start, with the same clock
            return planned;
        }
        String key = spec.primaryKey();
        OptionalLong min = context.source().minKey(request.baseQuery(), key);
        OptionalLong max = context.source().maxKey(request.baseQuery(), key);
        if (min.isEmpty() || max.isEmpty()) {
            LOG.info("table {}: the query returns no rows; nothing to split into key ranges", spec.target());
            return Optional.empty();
        }
        List<KeyRange> ranges = KeyRanges.split(min.getAsLong(), max.getAsLong(), rangeCount);
        context.metadata().saveRanges(TABLE, spec.target(), request.initialLoadStart(), ranges.stream()
                .map(r -> new ExportRange(r.index(), ranges.size(), r.lowerExclusive(), r.upperInclusive(), shardCount))
                .toList());
        RangedLoad load = new RangedLoad(request.initialLoadStart(), ranges, shardCount);
        context.stagedFiles(spec.advancedMetadata()).recordProgress(request, OptionalInt.empty(),
                ranges.get(0).lowerExclusive().orElse(Long.MIN_VALUE), load.maxKey());
        LOG.info("table {}: keys {} to {} split into {} range(s) for {} shard(s)", spec.target(), min.getAsLong(),
                max.getAsLong(), ranges.size(), shardCount);
        return Optional.of(load);
    }
}
