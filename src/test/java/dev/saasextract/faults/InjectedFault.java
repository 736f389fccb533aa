package dev.saasextract.faults;

/** The failure a {@link FaultInjector} throws: a crash at one step boundary of a load. */
final class InjectedFault extends RuntimeException {
    InjectedFault(String point, int hit) {
        super("injected fault at " + point + " (checkpoint hit " + hit + ")");
    }
}
