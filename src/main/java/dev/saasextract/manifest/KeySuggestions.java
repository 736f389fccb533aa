package dev.saasextract.manifest;

import dev.saasextract.config.yaml.Printable;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Helps a user who mistyped a table key: the closest known keys, or some known keys when none is close. */
final class KeySuggestions {

    private static final int MAX_SHOWN = 5;

    private KeySuggestions() {
    }

    /** "did you mean issues, issue_links?" or "known tables: a, b, c, d, e (and 3 more)". */
    static String describe(String wanted, List<String> knownKeys) {
        String needle = wanted.toLowerCase(Locale.ROOT);
        List<String> close = knownKeys.stream()
                .filter(key -> isClose(needle, key.toLowerCase(Locale.ROOT)))
                .sorted(Comparator.comparingInt((String key) -> distance(needle, key.toLowerCase(Locale.ROOT)))
                        .thenComparing(Comparator.naturalOrder()))
                .limit(MAX_SHOWN)
                .collect(Collectors.toList());
        if (!close.isEmpty()) {
            return "did you mean " + join(close) + "?";
        }
        String known = "known tables: " + join(knownKeys.subList(0, Math.min(MAX_SHOWN, knownKeys.size())));
        int more = knownKeys.size() - MAX_SHOWN;
        return more > 0 ? known + " (and " + more + " more)" : known;
    }

    private static String join(List<String> keys) {
        return keys.stream().map(Printable::oneLine).collect(Collectors.joining(", "));
    }

    private static boolean isClose(String wanted, String key) {
        if (!wanted.isEmpty() && (key.contains(wanted) || wanted.contains(key))) {
            return true;
        }
        return distance(wanted, key) <= Math.max(2, wanted.length() / 3);
    }

    /** Levenshtein edit distance. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
