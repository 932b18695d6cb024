package dev.yakata.core.internal;

/**
 * The core's time limits and budgets, in one place for the DS component and for tests.
 *
 * @param openTimeoutMillis           how long an adapter may take in {@code open}
 * @param closeTimeoutMillis          how long an adapter may take in {@code close}
 * @param commandTimeoutMillis        how long a command may take to complete
 * @param maxEventsPerSecondPerDevice values and events one device may publish per second before it is FAULT
 * @param adapterWaitSeconds          how long a device waits for an adapter nobody has seen before it is FAULT
 */
record CoreSettings(long openTimeoutMillis, long closeTimeoutMillis, long commandTimeoutMillis,
        int maxEventsPerSecondPerDevice, int adapterWaitSeconds) {

    static CoreSettings defaults() {
        return new CoreSettings(5_000, 5_000, 30_000, 2_000, 10);
    }
}
