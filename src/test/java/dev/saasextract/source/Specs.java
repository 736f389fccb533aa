package dev.saasextract.source;

import dev.saasextract.manifest.TableSpec;

/** Manifest entries for tests, shaped like GitLab's (see reference §2.1). */
final class Specs {
    private Specs() {
    }

    static TableSpec table(String key, String importQuery) {
        return table(key, importQuery, "");
    }

    static TableSpec table(String key, String importQuery, String additionalFiltering) {
        return new TableSpec(key, importQuery, "GITLAB_DB", key, "id", "gitlab_com", "main", "", additionalFiltering,
                false, false);
    }

    static TableSpec withKey(TableSpec spec, String primaryKey) {
        return new TableSpec(spec.key(), spec.importQuery(), spec.importDb(), spec.exportTable(), primaryKey,
                spec.exportSchema(), spec.databaseType(), spec.incrementalType(), spec.additionalFiltering(),
                spec.advancedMetadata(), spec.deletesExempt());
    }
}
