package dev.saasextract.verify;

import static java.util.Objects.requireNonNull;

import java.math.BigInteger;

/**
 * What one side holds in a key interval, summed exactly over its keys: how many keys, how many rows, the sum of the
 * keys and the sum of each key's {@code updated_at} in epoch microseconds (zero without that column). Two sides
 * with equal digests are taken to be equal in that interval; unequal digests are always a real difference.
 */
public record RangeDigest(long keys, long rows, BigInteger keySum, BigInteger updatedSum) {

    public static final RangeDigest EMPTY = new RangeDigest(0, 0, BigInteger.ZERO, BigInteger.ZERO);

    public RangeDigest {
        requireNonNull(keySum, "keySum is null");
        requireNonNull(updatedSum, "updatedSum is null");
        if (keys < 0 || rows < keys) {
            throw new IllegalArgumentException("digest of " + keys + " keys in " + rows + " rows");
        }
    }
}
