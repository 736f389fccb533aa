package dev.saasextract.seeds;

/** A seed file could not be read for a reason that may pass (network, server error): worth another attempt. */
public final class SeedFetchException extends RuntimeException {
    SeedFetchException(String message, Throwable cause) {
        super(message, cause);
    }

    SeedFetchException(String message) {
        super(message);
    }
}
