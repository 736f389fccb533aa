package dev.saasextract.cli;

import dev.saasextract.errors.InvalidInputException;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code --progress-interval}: how often a run off a terminal logs its progress. */
final class ProgressInterval {
    static final String DEFAULT = "30s";
    private static final Pattern SPELLING = Pattern.compile("(\\d{1,9})(ms|s|m)?");

    private ProgressInterval() {
    }

    /** A positive whole number of milliseconds ({@code ms}), seconds ({@code s}, the default unit) or minutes. */
    static Duration parse(String text) {
        Matcher m = SPELLING.matcher(text.strip());
        if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
            throw new InvalidInputException("--progress-interval: expected a positive duration such as 30s, 2m or"
                    + " 500ms, got '" + text + "'");
        }
        long amount = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofSeconds(amount);
        };
    }
}
