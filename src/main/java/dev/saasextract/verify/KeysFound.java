package dev.saasextract.verify;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** How many keys show one {@link Difference}, and the first of them in key order (at most a few). */
public record KeysFound(long count, List<Long> firstKeys) {

    public static final KeysFound NONE = new KeysFound(0, List.of());

    public KeysFound {
        firstKeys = List.copyOf(requireNonNull(firstKeys, "firstKeys is null"));
        if (firstKeys.size() > count) {
            throw new IllegalArgumentException(firstKeys.size() + " keys listed of " + count);
        }
    }
}
