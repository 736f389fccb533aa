package dev.saasextract.cli;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.encoder.EncoderBase;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The default log format, one line per event: {@code <time UTC> <LEVEL> [<event>] <message> key=value ...}, then the
 * stack trace of an exception. Values with spaces, quotes or {@code =} are quoted as JSON strings.
 */
public final class TextLogEncoder extends EncoderBase<ILoggingEvent> {
    /** Carriage return and ANSI "erase line": wipes a half-drawn progress bar before the line. */
    private static final String ERASE_LINE = "\r\u001b[K";
    private static final Pattern PLAIN = Pattern.compile("[^\\s\"=\\\\]*");

    private final boolean eraseLine;

    /** Used by logback.xml; no progress bar shares the terminal. */
    public TextLogEncoder() {
        this(false);
    }

    /** @param eraseLine start each line by erasing the terminal line, where a progress bar may stand */
    TextLogEncoder(boolean eraseLine) {
        this.eraseLine = eraseLine;
    }

    @Override
    public byte[] headerBytes() {
        return null;
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        StringBuilder line = new StringBuilder(160);
        if (eraseLine) {
            line.append(ERASE_LINE);
        }
        line.append(Json.instant(Instant.ofEpochMilli(event.getTimeStamp()))).append(' ')
                .append(String.format(Locale.ROOT, "%-5s", event.getLevel())).append(' ');
        Map<String, Object> values = LogValues.keyValues(event);
        Object name = values.remove(LogValues.EVENT);
        if (name != null) {
            line.append('[').append(name).append("] ");
        }
        line.append(event.getFormattedMessage());
        values.forEach((key, value) -> line.append(' ').append(key).append('=').append(text(value)));
        line.append(CoreConstants.LINE_SEPARATOR);
        IThrowableProxy error = event.getThrowableProxy();
        if (error != null) {
            line.append(ThrowableProxyUtil.asString(error)).append(CoreConstants.LINE_SEPARATOR);
        }
        return line.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] footerBytes() {
        return null;
    }

    private static String text(Object value) {
        String text = String.valueOf(value);
        if (!text.isEmpty() && PLAIN.matcher(text).matches()) {
            return text;
        }
        return '"' + new String(JsonStringEncoder.getInstance().quoteAsString(text)) + '"';
    }
}
