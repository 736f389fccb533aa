package dev.saasextract.faults;

/** The failure a {@link FaultInjector} throws: a crash at one step boundary of a load. */
final class InjectedFault extends RuntimeException {
    InjectedFault(String point, int hit) {
        super("injected fault at " + point + " (checkpoint hit " + hit + ")");
    }

    /** Whether {@code failure} is an injected fault or was caused by one (a parallel range wraps it). */
    static boolean causedIt(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof InjectedFault) {
                return true;
            }
        }
        return false;
    }
}
