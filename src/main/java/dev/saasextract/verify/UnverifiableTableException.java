package dev.saasextract.verify;

import dev.saasextract.errors.InvalidInputException;

/** The warehouse holds no target to compare with, or one that lacks a column the comparison needs (exit 2). */
public final class UnverifiableTableException extends InvalidInputException {
    public UnverifiableTableException(String message) {
        super(message);
    }
}
