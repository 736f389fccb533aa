package dev.saasextract.cli;

/** A database the config names could not be connected to; the message names the config section and the URL. */
final class DatabaseConnectException extends RuntimeException {
    DatabaseConnectException(String message, Throwable cause) {
        super(message, cause);
    }
}
