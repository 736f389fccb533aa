package dev.saasextract.load;

/**
 * The key export looks wrong (empty, or missing most of the warehouse's keys): marking would flag rows deleted that
 * probably are not. Nothing was marked; {@code --force} applies it anyway.
 */
public class DeletesRefusedException extends RuntimeException {
    public DeletesRefusedException(String message) {
        super(message);
    }
}
