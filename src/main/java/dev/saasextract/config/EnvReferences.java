package dev.saasextract.config;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.regex.Pattern;

/** {@code ${NAME}} substitution from the environment; {@code $${} stands for a literal {@code ${}. */
final class EnvReferences {

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern SINGLE_REFERENCE = Pattern.compile("\\$\\{" + NAME.pattern() + "}");

    private final Map<String, String> env;

    EnvReferences(Map<String, String> env) {
        this.env = Map.copyOf(requireNonNull(env, "env is null"));
    }

    /** Whether {@code raw} is exactly one reference, e.g. {@code ${GITLAB_COM_DB_PASS}}. */
    static boolean isSingleReference(String raw) {
        return SINGLE_REFERENCE.matcher(raw).matches();
    }

    /** Escapes a literal so that {@link #resolve} gives it back unchanged. */
    static String escape(String literal) {
        return literal.replace("${", "$${");
    }

    /**
     * Replaces every reference with its variable's value.
     *
     * @throws UnresolvedReference naming the variable, for the caller to put in context
     */
    String resolve(String raw) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < raw.length()) {
            if (raw.startsWith("$${", i)) {
                out.append("${");
                i += 3;
            } else if (raw.startsWith("${", i)) {
                int close = raw.indexOf('}', i + 2);
                if (close < 0) {
                    throw new UnresolvedReference("${ is not closed (write $${ for a literal ${)");
                }
                out.append(lookUp(raw.substring(i + 2, close)));
                i = close + 1;
            } else {
                out.append(raw.charAt(i));
                i++;
            }
        }
        return out.toString();
    }

    private String lookUp(String name) {
        if (!NAME.matcher(name).matches()) {
            // The text may be part of a secret, so it is not repeated.
            throw new UnresolvedReference("${...} holds an invalid environment variable name"
                    + " (letters, digits and _; write $${ for a literal ${)");
        }
        String value = env.get(name);
        if (value == null) {
            throw new UnresolvedReference("environment variable " + name + " is not set");
        }
        return value;
    }

    /** A reference that cannot be resolved; the message lacks file and key, which the caller adds. */
    static final class UnresolvedReference extends RuntimeException {
        UnresolvedReference(String message) {
            super(message);
        }
    }
}
