package dev.saasextract.stage;

/** The staging sub-folder of each kind of export (CONTRACT §5). */
public enum LoadKind {
    BACKFILL("backfill"),
    REGULAR("regular"),
    INCREMENTAL_BY_ID("incremental_load_by_id"),
    DELETES("deletes");

    private final String folder;

    LoadKind(String folder) {
        this.folder = folder;
    }

    public String folder() {
        return folder;
    }
}
