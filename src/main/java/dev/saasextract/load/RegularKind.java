package dev.saasextract.load;

import dev.saasextract.manifest.TableSpec;
import dev.saasextract.stage.LoadKind;

/** The regular (non-backfill) load a table gets, from its manifest entry. */
public enum RegularKind {
    /** Rows changed in the Airflow time window, appended. */
    INCREMENTAL_BY_DATE(LoadKind.REGULAR, "incremental"),
    /** Insert-only tables: keys above the warehouse's highest, appended. */
    INCREMENTAL_BY_ID(LoadKind.INCREMENTAL_BY_ID, "incremental"),
    /** Tables without a time window: the whole query result appended as a new snapshot. */
    SNAPSHOT(LoadKind.REGULAR, "scd");

    private final LoadKind stagingKind;
    private final String loadType;

    RegularKind(LoadKind stagingKind, String loadType) {
        this.stagingKind = stagingKind;
        this.loadType = loadType;
    }

    public static RegularKind of(TableSpec spec) {
        if (spec.isLoadById()) {
            return INCREMENTAL_BY_ID;
        }
        return spec.usesTimeWindow() ? INCREMENTAL_BY_DATE : SNAPSHOT;
    }

    public LoadKind stagingKind() {
        return stagingKind;
    }

    /** The {@code --load-type} that runs it: {@code incremental} or {@code scd}. */
    public String loadType() {
        return loadType;
    }
}
