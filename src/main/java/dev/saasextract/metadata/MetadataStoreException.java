package dev.saasextract.metadata;

/** The metadata database could not be migrated, read or written. A runtime failure: retrying may help. */
public class MetadataStoreException extends RuntimeException {
    public MetadataStoreException(String message) {
        super(message);
    }

    public MetadataStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
