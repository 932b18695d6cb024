package dev.yakata.store.internal;

import dev.yakata.store.api.RetentionReport;
import dev.yakata.store.api.StoreStatus;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/** What {@link dev.yakata.store.api.EventStore#status()} reports; written by the store's threads, read by anyone. */
final class StoreState {

    volatile boolean connected;
    volatile String reason = "starting";
    volatile String schemaVersion = "";
    volatile RetentionReport lastRetention;
    volatile String auditChain = "";
    volatile String auditProblem = "";
    final LongAdder eventsWritten = new LongAdder();
    final LongAdder auditWritten = new LongAdder();
    final LongAdder samplesWritten = new LongAdder();
    final LongAdder telemetryDropped = new LongAdder();

    void connected() {
        reason = "";
        connected = true;
    }

    void notConnected(String why) {
        reason = why;
        connected = false;
    }

    StoreStatus snapshot(LongSupplier journalLag) {
        return new StoreStatus(connected, reason, schemaVersion, journalLag.getAsLong(), eventsWritten.sum(),
                auditWritten.sum(), samplesWritten.sum(), telemetryDropped.sum(), lastRetention,
                auditChain, auditProblem);
    }
}
