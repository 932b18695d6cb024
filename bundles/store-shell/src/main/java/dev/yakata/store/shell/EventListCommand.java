package dev.yakata.store.shell;

import java.io.PrintStream;
import java.time.ZoneId;
import java.util.List;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import dev.yakata.api.event.Event;
import dev.yakata.store.api.EventQuery;
import dev.yakata.store.api.EventStore;
import dev.yakata.store.api.Page;
import dev.yakata.store.api.StoredEvent;

@Command(scope = "yakata", name = "event-list", description = "Lists stored control events (commands and outcomes, access, doors, shutters, alarms, device status) by time, device, zone, type, actor and correlation id.")
@Service
public class EventListCommand extends StoreQueryCommand {

    @Option(name = "--device", description = "Only events of this source (a device id, hub, store)")
    String device;

    @Option(name = "--zone", description = "Only events in this zone")
    String zoneFilter;

    @Option(name = "--type", description = "Only this type (door.forced) or types with this prefix (door.)")
    String type;

    @Option(name = "--actor", description = "Only events caused by this user, rule or card pseudonym")
    String actor;

    @Option(name = "--correlation", description = "Only events answering this command or swipe")
    String correlation;

    @Reference
    EventStore store;

    @Override
    public Object execute() {
        Page<StoredEvent> page = store.events(query());
        print(page.items(), noFormat, zone, System.out);
        printNext(page.next());
        return null;
    }

    EventQuery query() {
        TimeRange range = range();
        return EventQuery.between(range.from(), range.to()).withDevice(device).withZone(zoneFilter).withType(type)
                .withActor(actor).withCorrelationId(correlation).withLimit(limit).withNext(next);
    }

    static void print(List<StoredEvent> events, boolean noFormat, ZoneId zone, PrintStream out) {
        Tables.Rows rows = new Tables.Rows(80, "Time", "Severity", "Type", "Source", "Zone", "Actor", "Data");
        for (StoredEvent stored : events) {
            Event e = stored.event();
            rows.add(Tables.time(e.time(), zone), e.severity().name(), e.type(),
                    e.source() + (e.subject().isEmpty() ? "" : "/" + e.subject()), e.zone(), e.actor(), Tables.data(e.data()));
        }
        rows.print(noFormat, out);
    }
}
