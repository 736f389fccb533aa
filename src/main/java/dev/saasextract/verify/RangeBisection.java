package dev.saasextract.verify;

import static java.util.Objects.requireNonNull;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Finds the keys on which two {@link KeyedSide}s differ without reading every key: the data-diff idea. It compares
 * the digests of the union of both sides' key spans; an interval whose digests differ is split into
 * {@code segments} intervals, recursively, until it holds at most {@code leafKeys} keys on either side (or its
 * width is that small); such a leaf is read key by key from both sides and each key is classified.
 *
 * <p>Leaves are visited in key order and each is classified in key order, so the first keys reported are the smallest.
 *
 * <p>Memory: a leaf's warehouse keys (at most {@code leafKeys}) and its source keys absent from the warehouse (at most
 * as many) are held to classify them; the recursion is depth first, at most 64 / log2(segments) levels deep.
 */
public final class RangeBisection {

    /** Sample keys kept per difference. */
    static final int FIRST_KEYS = 10;

    private final int segments;
    private final long leafKeys;

    public RangeBisection(int segments, long leafKeys) {
        if (segments < 2) {
            throw new IllegalArgumentException("segments must be at least 2, got " + segments);
        }
        if (leafKeys < 1) {
            throw new IllegalArgumentException("leafKeys must be at least 1, got " + leafKeys);
        }
        this.segments = segments;
        this.leafKeys = leafKeys;
    }

    /** The comparison of {@code source} with {@code warehouse}; the table names only label the report. */
    public VerifyReport compare(String table, String target, KeyedSide source, KeyedSide warehouse,
            boolean updatedAtCompared) {
        requireNonNull(source, "source is null");
        requireNonNull(warehouse, "warehouse is null");
        Run run = new Run(source, warehouse);
        Optional<KeyInterval> span = union(source.span(), warehouse.span());
        RangeDigest sourceDigest = RangeDigest.EMPTY;
        RangeDigest warehouseDigest = RangeDigest.EMPTY;
        if (span.isPresent()) {
            sourceDigest = source.digest(span.get());
            warehouseDigest = warehouse.digest(span.get());
            run.compare(span.get(), sourceDigest, warehouseDigest);
        }
        return new VerifyReport(table, target, sourceDigest, warehouseDigest, updatedAtCompared, run.rangesCompared,
                run.rangesFetched, run.found());
    }

    private static Optional<KeyInterval> union(Optional<KeyInterval> a, Optional<KeyInterval> b) {
        if (a.isPresent() && b.isPresent()) {
            return Optional.of(a.get().union(b.get()));
        }
        return a.or(() -> b);
    }

    /** The state of one comparison. */
    private final class Run {
        private final KeyedSide source;
        private final KeyedSide warehouse;
        private final Map<Difference, Long> counts = new EnumMap<>(Difference.class);
        private final Map<Difference, List<Long>> firstKeys = new EnumMap<>(Difference.class);
        private long rangesCompared;
        private long rangesFetched;

        Run(KeyedSide source, KeyedSide warehouse) {
            this.source = source;
            this.warehouse = warehouse;
        }

        void compare(KeyInterval interval, RangeDigest sourceDigest, RangeDigest warehouseDigest) {
            rangesCompared++;
            if (sourceDigest.equals(warehouseDigest)) {
                return;
            }
            boolean small = Math.max(sourceDigest.keys(), warehouseDigest.keys()) <= leafKeys
                    || interval.width().compareTo(BigInteger.valueOf(leafKeys)) <= 0;
            if (small) {
                classify(interval);
                return;
            }
            for (KeyInterval part : interval.split(segments)) {
                compare(part, source.digest(part), warehouse.digest(part));
            }
        }

        /**
         * Reads the leaf's warehouse keys, then streams its source keys against them; source keys the warehouse lacks
         * are either missing or flagged deleted, which one more streamed read of the flagged keys tells apart.
         */
        private void classify(KeyInterval interval) {
            rangesFetched++;
            TreeMap<Long, KeyVersion> inWarehouse = new TreeMap<>();
            warehouse.versions(interval, version -> inWarehouse.put(version.key(), version));
            TreeSet<Long> absent = new TreeSet<>();
            source.versions(interval, version -> {
                KeyVersion stored = inWarehouse.remove(version.key());
                if (stored == null) {
                    absent.add(version.key());
                } else if (!stored.sameAs(version)) {
                    record(Difference.STALE, version.key());
                }
            });
            inWarehouse.keySet().forEach(key -> record(Difference.EXTRA, key));
            if (!absent.isEmpty()) {
                warehouse.flaggedKeys(interval, key -> {
                    if (absent.remove(key)) {
                        record(Difference.WRONGLY_FLAGGED, key);
                    }
                });
            }
            absent.forEach(key -> record(Difference.MISSING, key));
        }

        private void record(Difference difference, long key) {
            counts.merge(difference, 1L, Long::sum);
            List<Long> keys = firstKeys.computeIfAbsent(difference, d -> new ArrayList<>());
            if (keys.size() < FIRST_KEYS) {
                keys.add(key);
            }
        }

        Map<Difference, KeysFound> found() {
            Map<Difference, KeysFound> found = new EnumMap<>(Difference.class);
            counts.forEach((difference, count) -> found.put(difference,
                    new KeysFound(count, firstKeys.get(difference))));
            return found;
        }
    }
}
