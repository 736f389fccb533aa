package dev.saasextract.warehouse;

/**
 * What a deletes run would change, for a safety check before marking: the live keys of the target up to the export's
 * max key (those with a row not flagged deleted yet), and how many of them the exported source keys lack (the keys it
 * would newly flag deleted).
 */
public record DeletesPreview(long liveKeys, long keysAbsentFromSource) {

    public DeletesPreview {
        if (liveKeys < 0 || keysAbsentFromSource < 0 || keysAbsentFromSource > liveKeys) {
            throw new IllegalArgumentException("impossible deletes preview: " + keysAbsentFromSource + " of "
                    + liveKeys + " live target keys absent from the source");
        }
    }
}
