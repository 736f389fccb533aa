package dev.saasextract.errors;

/** extract.yaml is unreadable or invalid. Exit code 2. */
public class ConfigException extends InvalidInputException {
    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
