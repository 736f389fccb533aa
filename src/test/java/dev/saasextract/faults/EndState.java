package dev.saasextract.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saasextract.metadata.MetadataTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * The checks after a scenario ran to completion: the warehouse equals the source exactly, the metadata is consistent
 * with it, and no staged file of the table is left. Shared by the in-process and the kill -9 scenarios.
 */
final class EndState {
    private EndState() {
    }

    /** Asserts the end state of a table whose backfill {@code rig} ran, outside the exhaustive suite's tally. */
    static void assertBackfilled(String what, FaultRig rig, SourceTable table) throws Exception {
        assertConsistent(what, new FaultTally(), rig.sourceAdmin, rig.metadataAdmin, rig.warehouseFile,
                rig.stagingRoot, table.target(),
                new Scenario.Expected(table.sourceRows(), table.warehouseRows(), Optional.empty()));
    }

    /** Adds the comparison to the tally, then asserts the end state. */
    static void assertConsistent(String what, FaultTally tally, DataSource source, DataSource metadata,
            Path warehouseFile, Path stagingRoot, String target, Scenario.Expected expected) throws Exception {
        Reconciliation reconciliation;
        try (Connection pg = source.getConnection();
                Connection duck = java.sql.DriverManager.getConnection("jdbc:duckdb:" + warehouseFile)) {
            reconciliation = Reconciliation.of(pg, expected.sourceRows(), duck, expected.warehouseRows());
        }
        tally.compared(reconciliation);
        assertTrue(reconciliation.exact(), what + ": the warehouse differs from the source: " + reconciliation);

        MetadataAudit backfills = audited(what, metadata, MetadataTable.BACKFILL, target);
        MetadataAudit increments = audited(what, metadata, MetadataTable.INCREMENTAL, target);
        // The scenarios' regular loads all follow the table's newest backfill, which replaced what came before it.
        long recorded = backfills.rowsInNewestCompletedLoad() + increments.rowsInCompletedLoads();
        if (increments.completedLoads() == 0) {
            assertEquals(reconciliation.warehouse().rows(), recorded,
                    what + ": the files of the newest backfill hold every warehouse row; " + backfills);
        } else {
            // A by-id load stopped after its rows were loaded but before its completion row is never completed: the
            // next run starts after the warehouse's highest key instead (ByIdDecider: the warehouse wins).
            assertTrue(recorded <= reconciliation.warehouse().rows(), what + ": the completed loads record more rows"
                    + " than the warehouse holds; " + backfills + " " + increments);
        }
        Optional<String> exportedKeys = expected.exportedKeys();
        if (exportedKeys.isPresent()) {
            MetadataAudit deletes = audited(what, metadata, MetadataTable.DELETES, target);
            assertEquals(count(source, exportedKeys.get()), deletes.rowsInNewestCompletedLoad(),
                    what + ": the completed key export holds every source key; " + deletes);
        }
        assertEquals(List.of(), filesLeft(stagingRoot, target), what + ": staged files left after the load");
    }

    private static MetadataAudit audited(String what, DataSource metadata, MetadataTable table, String target)
            throws SQLException {
        MetadataAudit audit = MetadataAudit.of(metadata, table, target);
        if (audit.completedLoads() > 0) {
            assertTrue(audit.newestCompleted(), what + ": the newest " + table.tableName() + " row completes a load");
        }
        assertEquals(0, audit.duplicateFileRows(), what + ": a file recorded twice in one load of " + table);
        assertEquals(0, audit.duplicateCompletions(), what + ": a load of " + table + " completed twice");
        return audit;
    }

    /** Every file under the table's staging folders, hidden temporary ones included. */
    static List<String> filesLeft(Path stagingRoot, String target) throws IOException {
        if (!Files.isDirectory(stagingRoot)) {
            return List.of();
        }
        String folder = "/" + target.toLowerCase(Locale.ROOT) + "/";
        try (Stream<Path> files = Files.walk(stagingRoot)) {
            return files.filter(Files::isRegularFile)
                    .map(file -> stagingRoot.relativize(file).toString())
                    .filter(file -> ("/" + file).contains(folder))
                    .sorted()
                    .toList();
        }
    }

    private static long count(DataSource source, String query) throws SQLException {
        try (Connection c = source.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM (" + query + ") q")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
