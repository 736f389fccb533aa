package dev.saasextract.retry;

/**
 * A transient failure that kept happening until the attempts ran out. Still a runtime failure (exit 1): a later run
 * may succeed. The message is the last failure's, on one line, with the number of attempts.
 */
public final class RetriesExhaustedException extends RuntimeException implements FinalFailure {
    private final int attempts;

    RetriesExhaustedException(int attempts, RuntimeException last) {
        super(oneLine(last) + " (gave up after " + attempts + " attempts)", last);
        this.attempts = attempts;
    }

    public int attempts() {
        return attempts;
    }

    /** pgjdbc and GCS put details on further lines; logs and the exit message keep one. */
    static String oneLine(Throwable failure) {
        return String.valueOf(failure.getMessage()).replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    }
}
