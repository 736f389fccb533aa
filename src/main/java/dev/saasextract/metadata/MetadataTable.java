package dev.saasextract.metadata;

/** The three progress tables GitLab's pipeline keeps, one per kind of export. */
public enum MetadataTable {
    BACKFILL("backfill_metadata"),
    INCREMENTAL("incremental_metadata"),
    DELETES("delete_metadata");

    private final String tableName;

    MetadataTable(String tableName) {
        this.tableName = tableName;
    }

    public String tableName() {
        return tableName;
    }
}
