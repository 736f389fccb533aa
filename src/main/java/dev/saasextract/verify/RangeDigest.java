package dev.saasextract.verify;

import static java.util.Objects.requireNonNull;

import java.math.BigInteger;

/**
 * What one side holds in a key interval, summed exactly over its keys: how many keys, how many rows, the sum of the
 * keys, the sum of each key's rows times the key (rows moving from one key to another change it, though the totals
 * stay), the sum of each key's {@code updated_at} in epoch microseconds (zero without that column) and how many keys
 * have one (a NULL and 1970-01-01 add alike to the sum). Two sides with equal digests are taken to be equal in that
 * interval; unequal digests are always a real difference.
 */
public record RangeDigest(long keys, long rows, BigInteger keySum, BigInteger rowWeightedKeySum,
        BigInteger updatedSum, long keysWithUpdated) {

    public static final RangeDigest EMPTY = new RangeDigest(0, 0, BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO,
            0);

    public RangeDigest {
        requireNonNull(keySum, "keySum is null");
        requireNonNull(rowWeightedKeySum, "rowWeightedKeySum is null");
        requireNonNull(updatedSum, "updatedSum is null");
        if (keys < 0 || rows < keys || keysWithUpdated < 0 || keysWithUpdated > keys) {
            throw new IllegalArgumentException("digest of " + keys + " keys in " + rows + " rows, " + keysWithUpdated
                    + " with updated_at");
        }
    }
}
