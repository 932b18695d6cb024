package dev.yakata.tck;

/**
 * Runs the adapter contract against one adapter: the adapter is driven inside the hub's real device lifecycle (the
 * same checks, policy and time limits as in the hub) through one scenario: registration, open, ONLINE, every command,
 * silence, disconnection, close. Each clause of {@link Clause} gets a result; a failed one says in plain words what was
 * seen, why it matters and what to fix.
 *
 * <p>A run watches the whole JVM's threads and sockets, so run one at a time. It takes a few seconds plus the limits
 * it has to wait out (a command that times out, a device that never reports OFFLINE).
 */
public final class AdapterContract {

    private AdapterContract() {
    }

    /** Runs the whole scenario once. Never throws for a fault of the adapter; a hook that throws is a finding too. */
    public static ContractReport check(AdapterUnderTest subject) {
        return new ContractRun(subject).run();
    }
}
