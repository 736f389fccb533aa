package dev.saasextract.config;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * A password or passphrase. {@link #toString()} shows at most the {@code ${NAME}} it came from, never the value, and
 * {@link #equals(Object)} is identity so that comparing secrets cannot be used to probe a value.
 */
public final class Secret {

    private final String value;
    private final String reference;

    private Secret(String value, String reference) {
        this.value = requireNonNull(value, "value is null");
        this.reference = reference;
    }

    /** A secret read from the environment through {@code reference}, e.g. {@code ${GITLAB_COM_DB_PASS}}. */
    public static Secret fromReference(String reference, String value) {
        return new Secret(value, requireNonNull(reference, "reference is null"));
    }

    /** A secret written in plain text in a file. */
    public static Secret literal(String value) {
        return new Secret(value, null);
    }

    /** The value itself; call only where it is handed to a driver. */
    public String reveal() {
        return value;
    }

    /** The {@code ${NAME}} reference it was read through; empty when it was written in plain text. */
    public Optional<String> reference() {
        return Optional.ofNullable(reference);
    }

    @Override
    public String toString() {
        return reference == null ? "Secret(****)" : "Secret(" + reference + ")";
    }
}
