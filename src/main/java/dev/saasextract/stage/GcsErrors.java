package dev.saasextract.stage;

import java.io.IOException;

/** Turns a failed GCS call, after the library's own retries, into a one-line IOException naming the object. */
final class GcsErrors {
    private GcsErrors() {
    }

    static IOException failed(String action, String gsUri, Exception cause) {
        return new IOException(gsUri + ": " + action + " failed: " + firstLine(cause), cause);
    }

    /** GCS error messages carry the HTTP request and JSON body on further lines. */
    static String firstLine(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline).strip();
    }
}
