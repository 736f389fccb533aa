package dev.saasextract.verify;

/** How a key differs between the source and the warehouse's latest version of it. */
public enum Difference {
    /** The source returns the key; the warehouse lacks it. */
    MISSING("missing", "in the source, not in the warehouse"),
    /** The warehouse holds the key, not flagged deleted; the source does not return it. */
    EXTRA("extra", "in the warehouse (not flagged deleted), not in the source"),
    /** Both hold the key, with a different updated_at or a different number of rows sharing it. */
    STALE("stale", "in both, the warehouse's latest version has another updated_at or row count"),
    /** The warehouse flags the key {@code is_deleted}, yet the source still returns it. */
    WRONGLY_FLAGGED("wrongly_flagged", "flagged is_deleted in the warehouse, still in the source");

    private final String json;
    private final String meaning;

    Difference(String json, String meaning) {
        this.json = json;
        this.meaning = meaning;
    }

    public String json() {
        return json;
    }

    public String meaning() {
        return meaning;
    }
}
