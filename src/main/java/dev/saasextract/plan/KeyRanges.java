package dev.saasextract.plan;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/** Splits a load's key span into contiguous ranges read concurrently ({@code --parallel}, {@code --shard}). */
public final class KeyRanges {
    private KeyRanges() {
    }

    /**
     * {@code n} ranges of equal width by key value (widths differ by at most one) that together cover
     * {@code [minKey, maxKey]} exactly; fewer when the span has fewer than {@code n} key values. The arithmetic is
     * done in {@link BigInteger} because {@code maxKey - minKey + 1} overflows a long for spans over half the bigint
     * range.
     */
    public static List<KeyRange> split(long minKey, long maxKey, int n) {
        if (minKey > maxKey) {
            throw new IllegalArgumentException("min key " + minKey + " is above max key " + maxKey);
        }
        if (n < 1) {
            throw new IllegalArgumentException("range count must be positive: " + n);
        }
        BigInteger min = BigInteger.valueOf(minKey);
        BigInteger span = BigInteger.valueOf(maxKey).subtract(min).add(BigInteger.ONE);
        int count = span.min(BigInteger.valueOf(n)).intValueExact();
        List<KeyRange> ranges = new ArrayList<>(count);
        OptionalLong lower = minKey == Long.MIN_VALUE ? OptionalLong.empty() : OptionalLong.of(minKey - 1);
        for (int i = 0; i < count; i++) {
            long upper = i == count - 1 ? maxKey
                    : min.add(span.multiply(BigInteger.valueOf(i + 1)).divide(BigInteger.valueOf(count)))
                            .subtract(BigInteger.ONE).longValueExact();
            ranges.add(new KeyRange(i, lower, upper));
            lower = OptionalLong.of(upper);
        }
        return List.copyOf(ranges);
    }
}
