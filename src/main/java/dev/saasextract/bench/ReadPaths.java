package dev.saasextract.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.postgresql.PGConnection;

/** The reference read paths, run in this JVM with pgjdbc's CopyManager. */
final class ReadPaths {
    private ReadPaths() {
    }

    /** The wire limit: the query's rows in binary COPY format, drained to nowhere. Returns seconds. */
    static double binaryCopyToNowhere(DataSource source, String query, long expectedRows) throws SQLException,
            IOException {
        return copy(source, "COPY (" + query + ") TO STDOUT (FORMAT binary)", OutputStream.nullOutputStream(),
                expectedRows);
    }

    /** GitLab's first step: the whole result as CSV with a header, spooled to {@code file}. Returns seconds. */
    static double csvToFile(DataSource source, String query, Path file, long expectedRows) throws SQLException,
            IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            return copy(source, "COPY (" + query + ") TO STDOUT WITH CSV HEADER", out, expectedRows);
        }
    }

    private static double copy(DataSource source, String copySql, OutputStream out, long expectedRows)
            throws SQLException, IOException {
        try (Connection c = source.getConnection()) {
            c.setAutoCommit(false);
            c.setReadOnly(true); // as the extractor reads: BEGIN READ ONLY
            long started = System.nanoTime();
            long rows = c.unwrap(PGConnection.class).getCopyAPI().copyOut(copySql, out);
            out.flush();
            double seconds = (System.nanoTime() - started) / 1e9;
            c.commit();
            if (rows != expectedRows) {
                throw new IllegalStateException(copySql + " returned " + rows + " rows, expected " + expectedRows);
            }
            return seconds;
        }
    }
}
