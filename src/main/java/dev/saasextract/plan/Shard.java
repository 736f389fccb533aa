package dev.saasextract.plan;

/**
 * One of {@code count} runs ({@code --shard index/count}, index from 0) that export one backfill together. Ranges are
 * dealt out in turn, so every shard gets a share of the low and of the high keys, whose row density often differs.
 */
public record Shard(int index, int count) {
    public Shard {
        if (count < 1 || index < 0 || index >= count) {
            throw new IllegalArgumentException("shard " + index + "/" + count + ": needs 0 <= index < count");
        }
    }

    public boolean owns(KeyRange range) {
        return range.index() % count == index;
    }

    /** The shard that exports {@code range} in a load split among {@code count} shards. */
    public static int ownerOf(KeyRange range, int count) {
        return range.index() % count;
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
