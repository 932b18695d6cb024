package dev.yakata.store.shell;

import java.time.ZoneId;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import dev.yakata.store.api.EventStore;
import dev.yakata.store.api.RetentionReport;
import dev.yakata.store.api.StoreStatus;

@Command(scope = "yakata", name = "store-status", description = "Shows whether the event store is writing (and if not, why and what to fix), its journal lag and counters.")
@Service
public class StoreStatusCommand implements Action {

    @Reference
    EventStore store;

    @Override
    public Object execute() {
        StoreStatus s = store.status();
        System.out.println("Writing:            " + (s.connected() ? "yes" : "NO: " + s.reason()));
        System.out.println("Schema version:     " + (s.schemaVersion().isEmpty() ? "(not migrated yet)" : s.schemaVersion()));
        System.out.println("Journal lag:        " + s.journalLag() + " control events not yet stored");
        System.out.println("Written since start: " + s.eventsWritten() + " events, " + s.auditWritten() + " audit entries, "
                + s.samplesWritten() + " point samples");
        System.out.println("Telemetry dropped:  " + s.telemetryDropped());
        RetentionReport r = s.lastRetention();
        System.out.println("Last retention:     " + (r == null ? "not run since start" : retention(r)));
        System.out.println("Audit chain:        " + (s.auditProblem().isEmpty() ? s.auditChain()
                : "NOT SIGNING CHECKPOINTS: " + s.auditProblem()));
        return null;
    }

    static String retention(RetentionReport r) {
        return Tables.time(r.finishedAt(), ZoneId.systemDefault()) + ": removed " + r.controlEvents() + " events, "
                + r.auditEntries() + " audit entries, " + r.accessEntries() + " Level-3 access records, "
                + r.rawSamples() + " raw samples, " + r.minuteRollups()
                + " minute and " + r.hourRollups() + " hour rollups" + (r.note().isEmpty() ? "" : " (" + r.note() + ")");
    }
}
