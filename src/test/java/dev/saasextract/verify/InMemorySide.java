package dev.saasextract.verify;

import java.math.BigInteger;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/** A side held in memory, digested the way the SQL does it, counting how often each read is asked for. */
final class InMemorySide implements KeyedSide {
    final TreeMap<Long, KeyVersion> live = new TreeMap<>();
    final TreeSet<Long> flagged = new TreeSet<>();
    int digests;
    int versionReads;

    InMemorySide put(long key, long rows, long updatedMicros) {
        live.put(key, new KeyVersion(key, rows, OptionalLong.of(updatedMicros)));
        return this;
    }

    /** Keys {@code from..to}, one row each, updated_at = key * 1000. */
    InMemorySide keys(long from, long to) {
        for (long key = from; key <= to; key++) {
            put(key, 1, key * 1000);
        }
        return this;
    }

    InMemorySide flag(long key) {
        live.remove(key);
        flagged.add(key);
        return this;
    }

    @Override
    public Optional<KeyInterval> span() {
        TreeSet<Long> all = new TreeSet<>(live.keySet());
        all.addAll(flagged);
        return all.isEmpty() ? Optional.empty() : Optional.of(new KeyInterval(all.first(), all.last()));
    }

    @Override
    public RangeDigest digest(KeyInterval interval) {
        digests++;
        long keys = 0;
        long rows = 0;
        BigInteger keySum = BigInteger.ZERO;
        BigInteger rowWeightedKeySum = BigInteger.ZERO;
        BigInteger updatedSum = BigInteger.ZERO;
        long keysWithUpdated = 0;
        for (KeyVersion version : live.subMap(interval.first(), true, interval.last(), true).values()) {
            keys++;
            rows += version.rows();
            keySum = keySum.add(BigInteger.valueOf(version.key()));
            rowWeightedKeySum = rowWeightedKeySum.add(BigInteger.valueOf(version.key())
                    .multiply(BigInteger.valueOf(version.rows())));
            updatedSum = updatedSum.add(BigInteger.valueOf(version.updatedMicros().orElse(0)));
            keysWithUpdated += version.updatedMicros().isPresent() ? 1 : 0;
        }
        return new RangeDigest(keys, rows, keySum, rowWeightedKeySum, updatedSum, keysWithUpdated);
    }

    @Override
    public void versions(KeyInterval interval, Consumer<KeyVersion> each) {
        versionReads++;
        live.subMap(interval.first(), true, interval.last(), true).values().forEach(each);
    }

    @Override
    public void flaggedKeys(KeyInterval interval, LongConsumer each) {
        flagged.subSet(interval.first(), true, interval.last(), true).forEach(each::accept);
    }
}
