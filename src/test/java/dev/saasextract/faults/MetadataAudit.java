package dev.saasextract.faults;

import dev.saasextract.metadata.MetadataTable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;

/**
 * What the metadata says about one table's loads of one kind: whether its newest row is a completion row, how many
 * rows the files of its completed loads hold (all of them, and the newest one), and how often a file or a completion
 * was recorded twice in one load.
 */
record MetadataAudit(boolean newestCompleted, int completedLoads, long rowsInCompletedLoads,
        long rowsInNewestCompletedLoad, int duplicateFileRows, int duplicateCompletions) {

    static MetadataAudit of(DataSource metadata, MetadataTable table, String target) throws SQLException {
        String sql = "SELECT initial_load_start_date, upload_file_name, chunk_row_count, is_export_completed FROM \""
                + FaultRig.METADATA_SCHEMA + "\".\"" + table.tableName() + "\" WHERE table_name = ?"
                + " ORDER BY upload_date, row_id";
        Map<Timestamp, Set<String>> filesByLoad = new HashMap<>();
        Map<Timestamp, Long> rowsByLoad = new HashMap<>();
        Map<Timestamp, Integer> completionsByLoad = new HashMap<>();
        int duplicateFiles = 0;
        boolean newestCompleted = false;
        Timestamp newestCompletedLoad = null;
        try (Connection c = metadata.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, target);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Timestamp load = rs.getTimestamp(1);
                    String file = rs.getString(2);
                    newestCompleted = rs.getBoolean(4);
                    if (newestCompleted) {
                        newestCompletedLoad = load;
                        completionsByLoad.merge(load, 1, Integer::sum);
                    }
                    if (file != null) {
                        if (!filesByLoad.computeIfAbsent(load, l -> new HashSet<>()).add(file)) {
                            duplicateFiles++;
                        }
                        rowsByLoad.merge(load, rs.getLong(3), Long::sum);
                    }
                }
            }
        }
        long completedRows = completionsByLoad.keySet().stream().mapToLong(load -> rowsByLoad.getOrDefault(load, 0L))
                .sum();
        int duplicateCompletions = completionsByLoad.values().stream().mapToInt(n -> n - 1).sum();
        long newestRows = newestCompletedLoad == null ? 0 : rowsByLoad.getOrDefault(newestCompletedLoad, 0L);
        return new MetadataAudit(newestCompleted, completionsByLoad.size(), completedRows, newestRows, duplicateFiles,
                duplicateCompletions);
    }
}
