package dev.saasextract.retry;

import static dev.saasextract.retry.FailureKind.PERMANENT;
import static dev.saasextract.retry.FailureKind.TRANSIENT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.saasextract.errors.ManifestException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Snowflake's codes as snowflake-jdbc 4.4.1's ErrorCode and Snowflake's session errors define them. */
class WarehouseFailuresTest {

    @ParameterizedTest(name = "{0}/{1} {4}")
    @CsvSource({
            "08001, 200002, TRANSIENT, true,  CONNECTION_ERROR: the driver could not connect",
            "58030, 200015, TRANSIENT, true,  NETWORK_ERROR: communication error after the driver's HTTP retries",
            "58030, 200016, TRANSIENT, true,  IO_ERROR",
            "08001, 390111, TRANSIENT, true,  session no longer exists",
            "08001, 390112, TRANSIENT, true,  session token expired",
            "08001, 390114, TRANSIENT, true,  master token expired",
            "57014, 200005, TRANSIENT, false, QUERY_CANCELED: statement timeout",
            "57014, 000604, TRANSIENT, false, a server-side cancel: SQLSTATE 57014 decides",
            "08001, 390100, PERMANENT, false, incorrect username or password (SQLSTATE 08 notwithstanding)",
            "08001, 390144, PERMANENT, false, JWT token is invalid (key-pair login)",
            "42S02, 002003, PERMANENT, false, object does not exist or not authorized",
            "42000, 001003, PERMANENT, false, SQL compilation error",
            "22018, 100038, PERMANENT, false, numeric value is not recognized (bad data)",
            "28000, 000000, PERMANENT, false, invalid authorization",
            "XX000, 000000, PERMANENT, false, internal error: not known to be transient"})
    void classifiesSnowflakeFailuresByVendorCodeThenSqlState(String sqlState, int vendorCode, FailureKind expected,
            boolean connectionLost, String meaning) {
        RuntimeException failure = new IllegalStateException("load into T",
                new SQLException("Snowflake: " + meaning, sqlState, vendorCode));

        assertEquals(expected, WarehouseFailures.classify(failure), meaning);
        assertEquals(connectionLost, WarehouseFailures.isConnectionLost(failure), meaning);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"08006, true", "08003, true", "57014, false", "40001, false"})
    void postgresAndDuckDbStatesWithoutVendorCodeAreReadAsSqlFailuresDoes(String sqlState, boolean connectionLost) {
        RuntimeException failure = new RuntimeException(new SQLException("lost", sqlState));

        assertEquals(TRANSIENT, WarehouseFailures.classify(failure));
        assertEquals(connectionLost, WarehouseFailures.isConnectionLost(failure));
    }

    @Test
    void aFinalFailureOrBadInputIsNeverRetriedWhateverItsCause() {
        SQLException network = new SQLException("communication error", "58030", 200015);
        class Unrepeated extends RuntimeException implements FinalFailure {
            Unrepeated() {
                super("swap: communication error (not retried)", network);
            }
        }

        assertEquals(PERMANENT, WarehouseFailures.classify(new Unrepeated()));
        assertEquals(PERMANENT, WarehouseFailures.classify(new ManifestException("manifest.yaml: tables.x: bad")));
    }

    @Test
    void aFailureWithoutSqlExceptionIsPermanent() {
        assertEquals(PERMANENT, WarehouseFailures.classify(new IllegalStateException("bug")));
        assertFalse(WarehouseFailures.isConnectionLost(new IllegalStateException("bug")));
    }
}
