package dev.saasextract.warehouse;

import dev.saasextract.retry.FinalFailure;

/**
 * A transient failure of a warehouse operation that must not simply run again, because the failed attempt may have
 * taken effect: a swap, a carry-over, or a commit whose outcome is unknown. The run ends (exit 1), and the next run's
 * recovery looks at what is there instead of repeating the statement blindly.
 */
public final class UnrepeatedWarehouseException extends WarehouseException implements FinalFailure {

    UnrepeatedWarehouseException(String message, Throwable cause) {
        super(message, cause);
    }
}
