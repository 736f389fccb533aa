package dev.saasextract.verify;

import static java.util.Objects.requireNonNull;

import java.util.EnumMap;
import java.util.Map;

/**
 * The outcome of comparing a table's source query with its warehouse target.
 *
 * @param source the digest of the whole source side
 * @param warehouse the digest of the warehouse's latest version of each key, keys flagged deleted left out
 * @param updatedAtCompared whether the query returns an {@code updated_at} column, compared per key
 * @param rangesCompared key intervals whose digests were compared on both sides
 * @param rangesFetched key intervals whose keys were read one by one from both sides to classify them
 * @param differences every {@link Difference}, each with its count and first keys
 */
public record VerifyReport(String table, String target, RangeDigest source, RangeDigest warehouse,
        boolean updatedAtCompared, long rangesCompared, long rangesFetched, Map<Difference, KeysFound> differences) {

    public VerifyReport {
        requireNonNull(table, "table is null");
        requireNonNull(target, "target is null");
        requireNonNull(source, "source is null");
        requireNonNull(warehouse, "warehouse is null");
        EnumMap<Difference, KeysFound> all = new EnumMap<>(Difference.class);
        for (Difference difference : Difference.values()) {
            all.put(difference, requireNonNull(differences, "differences is null").getOrDefault(difference,
                    KeysFound.NONE));
        }
        differences = Map.copyOf(all);
    }

    public KeysFound found(Difference difference) {
        return differences.get(difference);
    }

    /** True when no key differs in any way. */
    public boolean equal() {
        return differences.values().stream().allMatch(found -> found.count() == 0);
    }
}
