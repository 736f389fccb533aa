package dev.saasextract.stage;

/** The staging sub-folder of each kind of export (CONTRACT §5), and the one GitLab's pipeline used for it. */
public enum LoadKind {
    BACKFILL("backfill", "backfill"),
    REGULAR("regular", "regular"),
    INCREMENTAL_BY_ID("incremental_load_by_id", "load_by_id"),
    DELETES("deletes", "deletes");

    private final String folder;
    private final String gitlabFolder;

    LoadKind(String folder, String gitlabFolder) {
        this.folder = folder;
        this.gitlabFolder = gitlabFolder;
    }

    public String folder() {
        return folder;
    }

    /** Where GitLab's pipeline staged this kind: its by-id loads under {@code staging/load_by_id/}. */
    String gitlabFolder() {
        return gitlabFolder;
    }
}
