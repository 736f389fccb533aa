package dev.saasextract.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Applies {@code --log-format} and {@code --verbose} to logback, which logback.xml sets up for text on stderr. */
final class Logging {
    private Logging() {
    }

    static void apply(CommonOptions options) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        if (options.verbose) {
            context.getLogger("dev.saasextract").setLevel(Level.DEBUG);
        }
        if (options.logFormat == CommonOptions.LogFormat.json
                && root.getAppender("STDERR") instanceof ConsoleAppender<ILoggingEvent> console) {
            console.stop();
            JsonEncoder encoder = new JsonEncoder();
            encoder.setContext(context);
            encoder.setWithSequenceNumber(false);
            encoder.setWithNanoseconds(false);
            encoder.setWithContext(false);
            encoder.start();
            console.setEncoder(encoder);
            console.start();
        }
    }
}
