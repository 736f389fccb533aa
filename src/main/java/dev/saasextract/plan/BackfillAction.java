package dev.saasextract.plan;

import java.util.Locale;

/** What a backfill does; serialised in lower case for {@code extract plan --json}. */
public enum BackfillAction {
    /** Continue an interrupted export after its last extracted key, in the same folder. */
    RESUME,
    /** Discard a stale interrupted export and start again in a new folder. */
    RESTART,
    /** Start a new export from the first key. */
    START,
    /** No backfill is needed. */
    SKIP;

    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }
}
