package dev.saasextract.verify;

import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * One side of a comparison (the source query, or the warehouse's latest version of each key) seen through its
 * integer chunking key. Every method reads a key interval and streams; none holds the interval's rows.
 */
public interface KeyedSide {

    /** Where this side's keys lie (it may include keys flagged deleted); empty when it has none. */
    Optional<KeyInterval> span();

    /** The digest of the keys in {@code interval} that are not flagged deleted. */
    RangeDigest digest(KeyInterval interval);

    /** Each key in {@code interval} not flagged deleted, in key order. */
    void versions(KeyInterval interval, Consumer<KeyVersion> each);

    /** Each key in {@code interval} whose latest version is flagged {@code is_deleted}, in key order. */
    void flaggedKeys(KeyInterval interval, LongConsumer each);
}
