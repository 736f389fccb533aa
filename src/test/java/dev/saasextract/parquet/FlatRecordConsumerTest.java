package dev.saasextract.parquet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.saasextract.schema.ColumnSpec;
import dev.saasextract.schema.ColumnType;
import dev.saasextract.schema.ToolColumns;
import dev.saasextract.source.PostgresSource;
import dev.saasextract.testing.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.api.RecordConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * {@link FlatRecordConsumer} computes repetition and definition levels itself instead of Parquet's general record
 * consumer: for every type, NULLs, empty lists, lists of NULLs and the constant tool columns, both must write the same
 * file, byte for byte.
 */
class FlatRecordConsumerTest {
    private static final List<ConstantColumn> CONSTANTS = List.of(
            new ConstantColumn(new ColumnSpec(ToolColumns.UPLOADED_AT,
                    ColumnType.of(ColumnType.Kind.TIMESTAMPTZ, "timestamptz")), Instant.parse("2026-11-26T01:00:00Z")),
            new ConstantColumn(new ColumnSpec(ToolColumns.TASK_INSTANCE, ColumnType.of(ColumnType.Kind.TEXT, "text")),
                    "extract__every_type__2026-11-26"));

    @TempDir
    Path dir;

    @Test
    void writesTheSameFileAsParquetsGeneralRecordConsumer() throws Exception {
        String database = TestPostgres.newDatabase(CopyTupleDifferentialTest.TABLE + CopyTupleDifferentialTest.ROWS);
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(TestPostgres.jdbcUrl(database));
        dataSource.setPrepareThreshold(-1);
        dataSource.setBinaryTransferDisable("TIMETZ");
        PostgresSource source = new PostgresSource(dataSource);
        String query = "SELECT * FROM every_type";
        List<ColumnSpec> columns = source.describe(query);

        Path flat = dir.resolve("flat.parquet");
        long rows;
        try (ParquetChunkWriter writer = ParquetChunkWriter.open(new LocalFileStagedOutputStream(flat), columns,
                CONSTANTS)) {
            source.readInKeyOrder(query, "id", OptionalLong.empty(), (key, bytes) -> writer.writeCopyTuple(bytes));
            rows = writer.rowCount();
        }
        Path general = dir.resolve("general.parquet");
        ChunkWriteSupport records = new ChunkWriteSupport(columns, CONSTANTS);
        CopyTupleRecord tuple = new CopyTupleRecord(columns);
        try (ParquetWriter<SourceRecord> writer = generalWriter(general, records)) {
            source.readInKeyOrder(query, "id", OptionalLong.empty(), (key, bytes) -> writer.write(tuple.at(bytes)));
        }

        assertEquals(3000, rows);
        assertArrayEquals(Files.readAllBytes(general), Files.readAllBytes(flat));
    }

    /** ParquetWriter, which always writes through the general consumer, configured as ParquetChunkWriter is. */
    private static ParquetWriter<SourceRecord> generalWriter(Path file, ChunkWriteSupport records) throws Exception {
        GeneralBuilder builder = new GeneralBuilder(new StagedOutputFile(new LocalFileStagedOutputStream(file)),
                records)
                .withConf(new PlainParquetConfiguration())
                .withCodecFactory(new ZstdCodecFactory(ParquetChunkWriter.ZSTD_LEVEL))
                .withCompressionCodec(CompressionCodecName.ZSTD)
                .withRowGroupSize(ParquetChunkWriter.ROW_GROUP_BUDGET_BYTES)
                .withPageSize(ParquetChunkWriter.PAGE_BYTES)
                .withDictionaryPageSize(ParquetChunkWriter.DICTIONARY_PAGE_BYTES)
                .withDictionaryEncoding(false)
                .withStatisticsEnabled(false)
                .withSizeStatisticsEnabled(false)
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE);
        for (String path : DictionaryEncoding.dictionaryColumns(CONSTANTS)) {
            builder.withDictionaryEncoding(path, true);
        }
        return builder.build();
    }

    private static final class GeneralBuilder extends ParquetWriter.Builder<SourceRecord, GeneralBuilder> {
        private final ChunkWriteSupport records;

        GeneralBuilder(OutputFile file, ChunkWriteSupport records) {
            super(file);
            this.records = records;
        }

        @Override
        protected GeneralBuilder self() {
            return this;
        }

        @Override
        protected WriteSupport<SourceRecord> getWriteSupport(ParquetConfiguration conf) {
            return new WriteSupport<>() {
                @Override
                public WriteContext init(ParquetConfiguration configuration) {
                    return new WriteContext(records.schema(), java.util.Map.of());
                }

                @Override
                public WriteContext init(Configuration configuration) {
                    throw new UnsupportedOperationException("built with a ParquetConfiguration");
                }

                @Override
                public void prepareForWrite(RecordConsumer recordConsumer) {
                    records.prepareForWrite(recordConsumer);
                }

                @Override
                public String getName() {
                    return records.getName();
                }

                @Override
                public void write(SourceRecord record) {
                    records.write(record);
                }
            };
        }

        @Override
        protected WriteSupport<SourceRecord> getWriteSupport(Configuration conf) {
            throw new UnsupportedOperationException("built with a ParquetConfiguration");
        }
    }
}
