package dev.saasextract.errors;

/** The manifest is unreadable or an entry is invalid. Exit code 2. */
public class ManifestException extends InvalidInputException {
    public ManifestException(String message) {
        super(message);
    }

    public ManifestException(String message, Throwable cause) {
        super(message, cause);
    }
}
