package dev.saasextract.verify;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/** The chunking keys from {@code first} to {@code last}, both included. */
public record KeyInterval(long first, long last) {

    public KeyInterval {
        if (first > last) {
            throw new IllegalArgumentException("empty key interval [" + first + ", " + last + "]");
        }
    }

    /** How many integer keys the interval holds: a BigInteger, as [Long.MIN_VALUE, Long.MAX_VALUE] holds 2^64. */
    BigInteger width() {
        return BigInteger.valueOf(last).subtract(BigInteger.valueOf(first)).add(BigInteger.ONE);
    }

    /** The smallest interval holding both. */
    KeyInterval union(KeyInterval other) {
        return new KeyInterval(Math.min(first, other.first), Math.max(last, other.last));
    }

    /**
     * Consecutive intervals covering this one exactly, of near-equal widths: {@code segments} of them, or one per key
     * when the interval holds fewer keys.
     */
    List<KeyInterval> split(int segments) {
        if (segments < 2) {
            throw new IllegalArgumentException("split into at least 2 segments, got " + segments);
        }
        BigInteger width = width();
        int parts = width.min(BigInteger.valueOf(segments)).intValueExact();
        List<KeyInterval> intervals = new ArrayList<>(parts);
        BigInteger start = BigInteger.valueOf(first);
        for (int part = 1; part <= parts; part++) {
            BigInteger end = BigInteger.valueOf(first).add(width.multiply(BigInteger.valueOf(part))
                    .divide(BigInteger.valueOf(parts))).subtract(BigInteger.ONE);
            intervals.add(new KeyInterval(start.longValueExact(), end.longValueExact()));
            start = end.add(BigInteger.ONE);
        }
        return List.copyOf(intervals);
    }

    @Override
    public String toString() {
        return "[" + first + ", " + last + "]";
    }
}
