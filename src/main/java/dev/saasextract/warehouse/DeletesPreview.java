package dev.saasextract.warehouse;

/**
 * What a deletes run would look at, for a safety check before marking: the distinct keys of the target up to the
 * export's max key, and how many of them the exported source keys lack (the rows that would be flagged deleted).
 */
public record DeletesPreview(long targetKeys, long keysAbsentFromSource) {

    public DeletesPreview {
        if (targetKeys < 0 || keysAbsentFromSource < 0 || keysAbsentFromSource > targetKeys) {
            throw new IllegalArgumentException("impossible deletes preview: " + keysAbsentFromSource + " of "
                    + targetKeys + " target keys absent from the source");
        }
    }
}
