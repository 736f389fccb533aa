package dev.saasextract.source;

/** Reading from the source Postgres failed (connection, query or row handling). Runtime failure: safe to retry. */
public class SourceReadException extends RuntimeException {
    public SourceReadException(String message) {
        super(message);
    }

    public SourceReadException(String message, Throwable cause) {
        super(message, cause);
    }
}
