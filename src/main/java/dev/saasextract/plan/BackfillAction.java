package dev.saasextract.plan;

import java.util.Locale;

/** What a backfill does; serialised in lower case for {@code extract plan --json}. */
public enum BackfillAction {
    /** Continue an interrupted export after its last extracted key, in the same folder. */
    RESUME,
    /** Discard an interrupted export that cannot be resumed and start again in a new folder. */
    RESTART,
    /** Start a new export from the first key. */
    START,
    /** No backfill is needed. */
    SKIP;

    /** Anything but SKIP exports. */
    public boolean runs() {
        return this != SKIP;
    }

    /** START and RESTART export from the first key into a new folder: files of earlier exports must go. */
    public boolean startsOver() {
        return this == START || this == RESTART;
    }

    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }
}
