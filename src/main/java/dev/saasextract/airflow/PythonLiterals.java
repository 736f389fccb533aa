package dev.saasextract.airflow;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Python literals for text that must reach the DAG file unchanged. Every manifest- or option-derived string goes
 * through {@link #string}, so a quote, backslash, newline or non-ASCII character cannot end the literal early.
 */
final class PythonLiterals {
    private PythonLiterals() {
    }

    /** A double-quoted, ASCII-only Python {@code str} literal whose value is exactly {@code text}. */
    static String string(String text) {
        StringBuilder literal = new StringBuilder(text.length() + 2).append('"');
        text.codePoints().forEach(c -> {
            switch (c) {
                case '\\' -> literal.append("\\\\");
                case '"' -> literal.append("\\\"");
                case '\n' -> literal.append("\\n");
                case '\r' -> literal.append("\\r");
                case '\t' -> literal.append("\\t");
                default -> {
                    if (c >= 0x20 && c < 0x7f) {
                        literal.append((char) c);
                    } else if (c <= 0xff) {
                        literal.append(String.format(Locale.ROOT, "\\x%02x", c));
                    } else if (c <= 0xffff) {
                        literal.append(String.format(Locale.ROOT, "\\u%04x", c));
                    } else {
                        literal.append(String.format(Locale.ROOT, "\\U%08x", c));
                    }
                }
            }
        });
        return literal.append('"').toString();
    }

    static String stringList(List<String> values) {
        return values.stream().map(PythonLiterals::string).collect(Collectors.joining(", ", "[", "]"));
    }

    /** A dict literal in the map's iteration order. */
    static String stringDict(Map<String, String> values) {
        return values.entrySet().stream()
                .map(e -> string(e.getKey()) + ": " + string(e.getValue()))
                .collect(Collectors.joining(", ", "{", "}"));
    }
}
