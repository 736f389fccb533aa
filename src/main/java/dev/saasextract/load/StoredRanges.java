package dev.saasextract.load;

import dev.saasextract.metadata.ExportRange;
import dev.saasextract.metadata.MetadataStore;
import dev.saasextract.metadata.MetadataTable;
import dev.saasextract.plan.KeyRange;
import dev.saasextract.plan.RangeProgress;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Reads the key ranges a load was split into, and how far each got, for the runners, {@code plan} and {@code status}. */
public final class StoredRanges {
    private StoredRanges() {
    }

    /** The load's ranges with their progress; empty for a load exported as a single range. */
    public static Optional<RangeProgress> progress(MetadataStore metadata, MetadataTable table, String tableName,
            Instant initialLoadStart) {
        List<KeyRange> ranges = keyRanges(metadata.ranges(table, tableName, initialLoadStart));
        if (ranges.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new RangeProgress(ranges,
                metadata.lastExtractedByRange(table, tableName, initialLoadStart)));
    }

    static List<KeyRange> keyRanges(List<ExportRange> stored) {
        return stored.stream()
                .map(row -> new KeyRange(row.rangeIndex(), row.lowerExclusive(), row.upperInclusive()))
                .toList();
    }
}
