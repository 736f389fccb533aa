package dev.saasextract.manifest;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Locale;

/**
 * One table entry of a GitLab manifest, validated. Keys that other tools use (dbt_source_model, ...) are not kept.
 *
 * @param key                 the manifest key, e.g. {@code ci_job_artifacts}
 * @param importQuery         the query exactly as written in the manifest (placeholders and {@code %%} untouched)
 * @param importDb            e.g. {@code GITLAB_DB}
 * @param exportTable         e.g. {@code ci_job_artifacts}
 * @param primaryKey          the chunking key column (need not be unique, must be an integer column)
 * @param exportSchema        e.g. {@code gitlab_com}; empty when absent
 * @param databaseType        e.g. {@code main}; empty when absent
 * @param incrementalType     {@code load_by_id} or empty
 * @param additionalFiltering a SQL condition fragment starting with AND, or empty
 * @param advancedMetadata    add {@code _task_instance}
 * @param deletesExempt       never run the deletes process
 */
public record TableSpec(
        String key,
        String importQuery,
        String importDb,
        String exportTable,
        String primaryKey,
        String exportSchema,
        String databaseType,
        String incrementalType,
        String additionalFiltering,
        boolean advancedMetadata,
        boolean deletesExempt) {

    /** Placeholders whose presence makes a query incremental by date; they belong to the time-window predicates. */
    public static final List<String> TIME_WINDOW_PLACEHOLDERS =
            List.of("{BEGIN_TIMESTAMP}", "{END_TIMESTAMP}", "{EXECUTION_DATE}", "{HOURS}");

    public static final String LOAD_BY_ID = "load_by_id";

    public TableSpec {
        requireNonNull(key, "key is null");
        requireNonNull(importQuery, "importQuery is null");
        requireNonNull(importDb, "importDb is null");
        requireNonNull(exportTable, "exportTable is null");
        requireNonNull(primaryKey, "primaryKey is null");
        exportSchema = exportSchema == null ? "" : exportSchema;
        databaseType = databaseType == null ? "" : databaseType;
        incrementalType = incrementalType == null ? "" : incrementalType;
        additionalFiltering = additionalFiltering == null ? "" : additionalFiltering.strip();
    }

    /** The same entry with another {@code additional_filtering}, e.g. with its internal lists filled in. */
    public TableSpec withAdditionalFiltering(String filtering) {
        return new TableSpec(key, importQuery, importDb, exportTable, primaryKey, exportSchema, databaseType,
                incrementalType, filtering, advancedMetadata, deletesExempt);
    }

    /** Warehouse table name, e.g. {@code GITLAB_DB_CI_JOB_ARTIFACTS}. */
    public String target() {
        return (importDb + "_" + exportTable).toUpperCase(Locale.ROOT);
    }

    /** The table a backfill loads before it is swapped into {@link #target()}. */
    public String tempTarget() {
        return target() + "_TEMP";
    }

    public boolean isLoadById() {
        return LOAD_BY_ID.equals(incrementalType);
    }

    public boolean usesTimeWindow() {
        return TIME_WINDOW_PLACEHOLDERS.stream().anyMatch(importQuery::contains);
    }

    public boolean isIncremental() {
        return usesTimeWindow() || isLoadById();
    }
}
