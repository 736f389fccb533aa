package dev.saasextract.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.saasextract.warehouse.FileLoadResults.FileLoadResult;
import dev.saasextract.warehouse.dialect.TableName;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How the rows a Snowflake COPY returns (one per file) decide a load, without a live connection. */
class FileLoadResultsTest {

    private static final TableName TABLE = new TableName("TAP_POSTGRES", "GITLAB_DB_ISSUES");
    private static final String FOLDER = "gcs://bucket/staging/backfill/gitlab_db_issues/initial_load_start_x/";
    private static final String FIRST = FOLDER + "1.parquet";
    private static final String SECOND = FOLDER + "2.parquet";

    private final FileLoadResults results = new FileLoadResults(TABLE, List.of(FIRST, SECOND));

    @Test
    void everyFileLoadedSumsTheirRows() {
        results.add(new FileLoadResult(SECOND, "LOADED", 7, null));
        results.add(new FileLoadResult("staging/backfill/gitlab_db_issues/initial_load_start_x/1.parquet", "LOADED",
                5, null));

        assertEquals(12, results.rowsLoaded());
    }

    @Test
    void aFailedFileFailsTheLoadNamingItAndItsFirstError() {
        WarehouseException error = assertThrows(WarehouseException.class, () -> results.add(
                new FileLoadResult(SECOND, "LOAD_FAILED", 0, "Numeric value 'abc' is not recognized")));

        assertEquals("load into TAP_POSTGRES.GITLAB_DB_ISSUES: file " + SECOND
                + " is LOAD_FAILED: Numeric value 'abc' is not recognized", error.getMessage());
    }

    @Test
    void aPartiallyLoadedFileFailsTheLoad() {
        results.add(new FileLoadResult(FIRST, "LOADED", 5, null));

        WarehouseException error = assertThrows(WarehouseException.class, () -> results.add(
                new FileLoadResult(SECOND, "PARTIALLY_LOADED", 3, "End of record reached while expected to parse")));

        assertEquals("load into TAP_POSTGRES.GITLAB_DB_ISSUES: file " + SECOND
                + " is PARTIALLY_LOADED: End of record reached while expected to parse", error.getMessage());
    }

    @Test
    void aFileNotReportedFailsTheLoadNamingIt() {
        results.add(new FileLoadResult(FIRST, "LOADED", 5, null));

        WarehouseException error = assertThrows(WarehouseException.class, results::rowsLoaded);

        assertEquals("load into TAP_POSTGRES.GITLAB_DB_ISSUES: 1 file(s) not loaded, first " + SECOND
                + "; Snowflake skips files its load metadata says this table already loaded", error.getMessage());
    }

    @Test
    void zeroFilesProcessedFailsTheLoadQuotingSnowflake() {
        results.addStatusWithoutFile("Copy executed with 0 files processed.");

        WarehouseException error = assertThrows(WarehouseException.class, results::rowsLoaded);

        assertEquals("load into TAP_POSTGRES.GITLAB_DB_ISSUES: 2 file(s) not loaded, first " + FIRST
                + " (the warehouse said: Copy executed with 0 files processed.); Snowflake skips files its load"
                + " metadata says this table already loaded", error.getMessage());
    }

    @Test
    void aFileReportedTwiceOrNotAskedForFailsTheLoad() {
        results.add(new FileLoadResult(FIRST, "LOADED", 5, null));

        WarehouseException twice = assertThrows(WarehouseException.class,
                () -> results.add(new FileLoadResult(FIRST, "LOADED", 5, null)));
        WarehouseException stranger = assertThrows(WarehouseException.class,
                () -> results.add(new FileLoadResult(FOLDER + "3.parquet", "LOADED", 1, null)));

        assertEquals("load into TAP_POSTGRES.GITLAB_DB_ISSUES: the warehouse reported file " + FIRST
                + ", which is not one of this statement's files or was reported twice", twice.getMessage());
        assertEquals("load into TAP_POSTGRES.GITLAB_DB_ISSUES: the warehouse reported file " + FOLDER + "3.parquet"
                + ", which is not one of this statement's files or was reported twice", stranger.getMessage());
    }
}
