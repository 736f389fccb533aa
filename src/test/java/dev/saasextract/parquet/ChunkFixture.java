package dev.saasextract.parquet;

import dev.saasextract.schema.ColumnSpec;
import dev.saasextract.testing.TestPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;

/** A fresh embedded Postgres database to read rows from, and the chunk writer run over a query's result. */
final class ChunkFixture implements AutoCloseable {
    private final Connection source;

    private ChunkFixture(Connection source) {
        this.source = source;
    }

    /**
     * @param binaryTransfer whether pgjdbc asks for binary values from the first execution (prepareThreshold=-1), as
     *                       a fast extractor would; otherwise it reads the text format
     */
    static ChunkFixture newSource(boolean binaryTransfer) throws SQLException {
        String database = TestPostgres.newDatabase();
        Properties properties = new Properties();
        if (binaryTransfer) {
            properties.setProperty("prepareThreshold", "-1");
        }
        return new ChunkFixture(DriverManager.getConnection(TestPostgres.jdbcUrl(database), properties));
    }

    void execute(String sql) throws SQLException {
        try (Statement statement = source.createStatement()) {
            statement.execute(sql);
        }
    }

    Connection source() {
        return source;
    }

    /** Writes every row {@code query} returns to {@code file}; returns the closed writer for its counters. */
    ParquetChunkWriter writeChunk(String query, List<ColumnSpec> columns, List<ConstantColumn> constants, Path file,
            long rowGroupBytes) throws IOException, SQLException {
        try (PreparedStatement statement = source.prepareStatement(query);
                ResultSet rows = statement.executeQuery();
                ParquetChunkWriter writer = ParquetChunkWriter.open(new LocalFileStagedOutputStream(file), columns,
                        constants, rowGroupBytes)) {
            JdbcRows jdbc = new JdbcRows(writer, columns);
            while (rows.next()) {
                jdbc.write(rows);
            }
            return writer;
        }
    }

    ParquetChunkWriter writeChunk(String query, List<ColumnSpec> columns, Path file) throws IOException, SQLException {
        return writeChunk(query, columns, List.of(), file, ParquetChunkWriter.ROW_GROUP_BUDGET_BYTES);
    }

    @Override
    public void close() throws SQLException {
        source.close();
    }
}
