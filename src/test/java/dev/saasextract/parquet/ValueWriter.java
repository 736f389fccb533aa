package dev.saasextract.parquet;

import java.sql.ResultSet;
import java.sql.SQLException;
import org.apache.parquet.io.api.RecordConsumer;

/** Copies one column of the current JDBC row straight into the Parquet record being written. */
@FunctionalInterface
interface ValueWriter {

    /** Reads JDBC column {@code index} of {@code row}; unless it is SQL NULL, writes it into {@code field}. */
    void write(ResultSet row, int index, RecordConsumer out, Field field) throws SQLException;
}
