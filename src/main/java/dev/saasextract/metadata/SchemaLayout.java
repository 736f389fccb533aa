package dev.saasextract.metadata;

import dev.saasextract.sql.SqlIdentifiers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Which tables and columns a metadata schema has. A migrated schema has every one; a schema read before a run has
 * migrated it (GitLab's pipeline's tables at cutover, an older saas-extract's after an upgrade) is read as it is: a
 * missing table has no rows, rows without {@code row_id} are taken in their physical order (the order an append-only
 * table was written in), rows without {@code range_index} belong to no key range.
 */
final class SchemaLayout {
    static final SchemaLayout COMPLETE = new SchemaLayout(true, Map.of());
    static final SchemaLayout EMPTY = new SchemaLayout(false, Map.of());

    private final boolean complete;
    private final Map<String, Set<String>> columnsByTable;

    private SchemaLayout(boolean complete, Map<String, Set<String>> columnsByTable) {
        this.complete = complete;
        this.columnsByTable = columnsByTable;
    }

    /**
     * The tables and columns {@code schema} has now, from the catalog: {@code information_schema} would leave out the
     * tables this role may not read, which would then read as holding no rows instead of failing on the privilege.
     */
    static SchemaLayout inspect(DataSource dataSource, String schema) {
        String sql = "SELECT c.relname, a.attname FROM pg_catalog.pg_attribute AS a"
                + " JOIN pg_catalog.pg_class AS c ON c.oid = a.attrelid"
                + " JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = ? AND c.relkind IN ('r', 'p', 'v', 'f') AND a.attnum > 0 AND NOT a.attisdropped";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, schema);
            Map<String, Set<String>> columns = new HashMap<>();
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    columns.computeIfAbsent(rs.getString(1), table -> new HashSet<>()).add(rs.getString(2));
                }
            }
            return new SchemaLayout(false, columns);
        } catch (SQLException e) {
            throw new MetadataStoreException("cannot inspect metadata schema " + SqlIdentifiers.quoted(schema), e);
        }
    }

    boolean hasTable(String table) {
        return complete || columnsByTable.containsKey(table);
    }

    boolean hasColumn(String table, String column) {
        return complete || columnsByTable.getOrDefault(table, Set.of()).contains(column);
    }
}
