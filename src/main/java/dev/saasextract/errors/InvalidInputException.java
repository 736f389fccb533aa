package dev.saasextract.errors;

/**
 * Bad input from the user: manifest, config or arguments. Retrying will not help, so the CLI maps it to exit
 * code 2. The message must be one line that names the file, key, table or column at fault.
 */
public class InvalidInputException extends RuntimeException {
    public InvalidInputException(String message) {
        super(message);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
