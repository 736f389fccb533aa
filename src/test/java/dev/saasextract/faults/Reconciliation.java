package dev.saasextract.faults;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.LocalDateTime;

/**
 * Source against warehouse, both streamed in key order (never held): row count, distinct keys and a checksum (the sum
 * of a hash of each row's values in a canonical form) per side, and per key the rows lost, duplicated, extra or
 * different. Each query returns the key first, then the compared columns, in the same order on both sides.
 *
 * @param losses     source keys absent from the warehouse
 * @param duplicates warehouse rows beyond the first of their key
 * @param extras     warehouse keys the source does not have
 * @param mismatches keys whose values differ
 */
record Reconciliation(Fingerprint source, Fingerprint warehouse, long losses, long duplicates, long extras,
        long mismatches) {

    /** What one side holds. */
    record Fingerprint(long rows, long distinctKeys, long checksum) {
    }

    boolean exact() {
        return source.equals(warehouse) && losses == 0 && duplicates == 0 && extras == 0 && mismatches == 0;
    }

    static Reconciliation of(Connection source, String sourceQuery, Connection warehouse, String warehouseQuery)
            throws SQLException {
        try (Statement ss = source.createStatement();
                ResultSet expected = ss.executeQuery("SELECT * FROM (" + sourceQuery + ") s ORDER BY 1");
                Statement ws = warehouse.createStatement();
                ResultSet actual = ws.executeQuery("SELECT * FROM (" + warehouseQuery + ") w ORDER BY 1, 2")) {
            return merge(new Side(expected), new Side(actual));
        }
    }

    private static Reconciliation merge(Side source, Side warehouse) throws SQLException {
        long losses = 0;
        long duplicates = 0;
        long extras = 0;
        long mismatches = 0;
        source.next();
        warehouse.next();
        while (source.hasRow() || warehouse.hasRow()) {
            if (!warehouse.hasRow() || (source.hasRow() && source.key < warehouse.key)) {
                losses++;
                source.next();
                continue;
            }
            long key = warehouse.key;
            long hash = warehouse.hash;
            int copies = 0;
            while (warehouse.hasRow() && warehouse.key == key) {
                copies++;
                warehouse.next();
            }
            duplicates += copies - 1;
            if (source.hasRow() && source.key == key) {
                if (source.hash != hash) {
                    mismatches++;
                }
                source.next();
            } else {
                extras++;
            }
        }
        return new Reconciliation(source.fingerprint(), warehouse.fingerprint(), losses, duplicates, extras,
                mismatches);
    }

    /** One side's cursor with its running fingerprint. */
    private static final class Side {
        private final ResultSet rows;
        private final MessageDigest sha;
        private boolean hasRow;
        private long key;
        private long hash;
        private long count;
        private long distinct;
        private long checksum;
        private boolean counted;
        private long lastKey;

        Side(ResultSet rows) {
            this.rows = rows;
            try {
                this.sha = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        boolean hasRow() {
            return hasRow;
        }

        void next() throws SQLException {
            hasRow = rows.next();
            if (!hasRow) {
                return;
            }
            key = rows.getLong(1);
            hash = hashOfRow();
            count++;
            checksum += hash;
            if (!counted || key != lastKey) {
                distinct++;
            }
            counted = true;
            lastKey = key;
        }

        Fingerprint fingerprint() {
            return new Fingerprint(count, distinct, checksum);
        }

        private long hashOfRow() throws SQLException {
            ResultSetMetaData meta = rows.getMetaData();
            StringBuilder row = new StringBuilder();
            for (int column = 1; column <= meta.getColumnCount(); column++) {
                row.append(canonical(column, meta.getColumnType(column))).append('\u0001');
            }
            return ByteBuffer.wrap(sha.digest(row.toString().getBytes(StandardCharsets.UTF_8))).getLong();
        }

        /** One value as text both drivers agree on. */
        private String canonical(int column, int type) throws SQLException {
            if (rows.getObject(column) == null) {
                return "\u0000NULL";
            }
            return switch (type) {
                case Types.TIMESTAMP -> rows.getObject(column, LocalDateTime.class).toString();
                case Types.NUMERIC, Types.DECIMAL -> rows.getBigDecimal(column).toPlainString();
                case Types.BOOLEAN, Types.BIT -> Boolean.toString(rows.getBoolean(column));
                case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT -> Long.toString(rows.getLong(column));
                default -> rows.getString(column);
            };
        }
    }
}
