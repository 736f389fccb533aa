package dev.saasextract.metadata;

/** What a metadata schema holds, as seen by a command that must not change it ({@code plan}, {@code status}). */
public enum MetadataSchemaState {
    /** Migrated to this version's layout. */
    CURRENT,
    /** None of the tool's tables: the first extract run creates them, and until then nothing has been recorded. */
    ABSENT,
    /** GitLab's pipeline's tables, or an older saas-extract's: the next extract run migrates them. */
    NOT_MIGRATED
}
