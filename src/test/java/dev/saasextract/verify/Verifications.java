package dev.saasextract.verify;

import dev.saasextract.manifest.TableSpec;
import dev.saasextract.source.PostgresSource;
import dev.saasextract.warehouse.Warehouse;

/** {@code extract verify} for the load tests: leaves of 100 keys, so that their few thousand rows are bisected. */
public final class Verifications {
    public static final long LEAF_KEYS = 100;

    private Verifications() {
    }

    public static VerifyReport verify(PostgresSource source, Warehouse warehouse, TableSpec spec) {
        return new TableVerifier(source, warehouse, new RangeBisection(TableVerifier.DEFAULT_SEGMENTS, LEAF_KEYS))
                .verify(spec);
    }
}
