package dev.saasextract.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.EncoderBase;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Applies {@code --log-format} and {@code --verbose} to logback, which logback.xml sets up for text on stderr. Each run
 * configures both from scratch, and {@link #reset} goes back to logback.xml's encoder at INFO, so that one in-process
 * run (as tests make them) does not leave its format or level to the next.
 */
final class Logging {
    private static final String APPLICATION_LOGGER = "dev.saasextract";
    /** The appender logback.xml declares on the root logger. */
    private static final String APPENDER = "STDERR";

    /** The encoder logback's configuration file set, before any run replaced it. */
    private static Encoder<ILoggingEvent> configured;

    /** snowflake-jdbc's choice of logger, read once, when its first class loads: before any run may load it. */
    private static final String SNOWFLAKE_LOGGER_PROPERTY = "net.snowflake.jdbc.loggerImpl";
    private static final String SNOWFLAKE_SLF4J_LOGGER = "net.snowflake.client.log.SLF4JLogger";

    private Logging() {
    }

    /**
     * Sends the drivers' logs to logback: snowflake-jdbc's (a value the JVM was started with is kept), and whatever
     * writes through java.util.logging, as pgjdbc (e.g. "JDBC URL port: 99999 not valid"), google-cloud-storage and
     * DuckDB's driver do. Otherwise those lines reach stderr on their own: two lines each, in java.util.logging's
     * format, in the middle of a JSON log.
     */
    static void routeDriverLogs() {
        System.getProperties().putIfAbsent(SNOWFLAKE_LOGGER_PROPERTY, SNOWFLAKE_SLF4J_LOGGER);
        synchronized (Logging.class) {
            if (!SLF4JBridgeHandler.isInstalled()) {
                SLF4JBridgeHandler.removeHandlersForRootLogger();
                SLF4JBridgeHandler.install();
            }
        }
    }

    static void apply(CommonOptions options) {
        EncoderBase<ILoggingEvent> encoder = options.logFormat == CommonOptions.LogFormat.json
                ? new JsonLogEncoder()
                : new TextLogEncoder(onTerminal());
        configure(encoder, options.verbose ? Level.DEBUG : null);
    }

    static synchronized void reset() {
        if (configured != null) {
            configure(configured, null);
        }
    }

    /**
     * From now on logs only what {@code onlyLogger} logs: while the JVM shuts down on a signal, the export's threads go
     * on until it halts, and the summary the signal's hook logs next must stay the last line.
     */
    static synchronized void silenceAllBut(Class<?> onlyLogger) {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            TurboFilter allButOne = new TurboFilter() {
                @Override
                public FilterReply decide(Marker marker, ch.qos.logback.classic.Logger logger, Level level,
                        String format, Object[] params, Throwable t) {
                    return logger.getName().equals(onlyLogger.getName()) ? FilterReply.NEUTRAL : FilterReply.DENY;
                }
            };
            allButOne.setContext(context);
            allButOne.start();
            context.addTurboFilter(allButOne);
        }
    }

    /**
     * True when a person watches the run ({@link System#console()}: stdin and stdout are a terminal), so that progress
     * is drawn as a bar rather than logged.
     */
    static boolean onTerminal() {
        return System.console() != null;
    }

    private static synchronized void configure(Encoder<ILoggingEvent> encoder, Level applicationLevel) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            throw new IllegalStateException("logging: slf4j is not bound to logback ("
                    + LoggerFactory.getILoggerFactory().getClass().getName() + "), so --log-format cannot apply");
        }
        context.getLogger(APPLICATION_LOGGER).setLevel(applicationLevel);
        Appender<ILoggingEvent> appender = context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender(APPENDER);
        if (!(appender instanceof ConsoleAppender<ILoggingEvent> console)) {
            throw new IllegalStateException("logging: logback.xml has no console appender " + APPENDER
                    + " on the root logger, so --log-format cannot apply");
        }
        if (configured == null) {
            configured = console.getEncoder();
        }
        if (!encoder.isStarted()) {
            encoder.setContext(context);
            encoder.start();
        }
        console.stop();
        console.setEncoder(encoder);
        console.start();
    }
}
