package dev.saasextract.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.saasextract.config.LogCapture;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.slf4j.bridge.SLF4JBridgeHandler;

/** What pgjdbc, google-cloud-storage and DuckDB log through java.util.logging becomes logback's lines. */
class JulLogsTest {

    @Test
    void aDriversJavaUtilLoggingWarningIsALogbackLine() {
        Logging.routeDriverLogs();
        try (LogCapture log = LogCapture.of("org.postgresql")) {
            Logger.getLogger("org.postgresql.util.PGPropertyUtil").warning("JDBC URL port: 99999 not valid");

            assertEquals(List.of("JDBC URL port: 99999 not valid"), log.warnings());
        }
    }

    @Test
    void routingTwiceInstallsOneBridge() {
        Logging.routeDriverLogs();
        Logging.routeDriverLogs();

        Handler[] handlers = Logger.getLogger("").getHandlers();
        assertEquals(1, handlers.length);
        assertInstanceOf(SLF4JBridgeHandler.class, handlers[0], "not java.util.logging's own console handler");
    }
}
