package dev.saasextract.config.yaml;

import com.fasterxml.jackson.databind.JsonNode;

/** Renders YAML keys and values inside one-line error messages, whatever characters the file contains. */
public final class Printable {

    private static final int MAX_LENGTH = 80;

    private Printable() {
    }

    /** {@code 'text'} with control characters escaped and long text cut, for keys and names. */
    public static String quoted(String text) {
        return "'" + oneLine(text) + "'";
    }

    /** How a value looks in "got ..." messages: {@code "yes"}, {@code 12}, {@code null}, {@code a list}. */
    public static String describe(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        if (node.isTextual()) {
            return "\"" + oneLine(node.textValue()) + "\"";
        }
        if (node.isArray()) {
            return "a list";
        }
        if (node.isObject()) {
            return "a mapping";
        }
        if (node.isBinary()) {
            return "binary data";
        }
        return oneLine(node.asText());
    }

    /** What sort of value a node is, without its content: for values that may be secret. */
    public static String kind(JsonNode node) {
        if (node.isTextual()) {
            return "a string";
        }
        if (node.isNumber()) {
            return "a number";
        }
        if (node.isBoolean()) {
            return "a boolean";
        }
        return node.isNull() ? "null" : describe(node);
    }

    /** Escapes line breaks and other control characters and shortens the text to at most 80 characters. */
    public static String oneLine(String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints().forEach(c -> {
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (Character.isISOControl(c) || Character.getType(c) == Character.LINE_SEPARATOR
                            || Character.getType(c) == Character.PARAGRAPH_SEPARATOR) {
                        out.append(String.format("\\u%04x", c));
                    } else {
                        out.appendCodePoint(c);
                    }
                }
            }
        });
        if (out.length() <= MAX_LENGTH) {
            return out.toString();
        }
        int cut = MAX_LENGTH - 3;
        if (Character.isHighSurrogate(out.charAt(cut - 1))) {
            cut--;
        }
        return out.substring(0, cut) + "...";
    }
}
