package dev.yakata.store.shell;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import dev.yakata.store.api.AuditEntry;
import dev.yakata.store.api.AuditQuery;
import dev.yakata.store.api.EventStore;
import dev.yakata.store.api.Page;

@Command(scope = "yakata", name = "audit-list", description = "Lists the operator audit trail (commands from every channel with their outcome, log-ins, configuration changes), or with --chain access the Level-3 entry/exit record.")
@Service
public class AuditListCommand extends StoreQueryCommand {

    @Option(name = "--chain", description = "The chain: audit (the operator audit trail, the default) or access (the Level-3 entry/exit record)")
    String chain;

    @Option(name = "--user", description = "Only entries of this user (in the access chain: this person id)")
    String user;

    @Option(name = "--channel", description = "Only entries through this channel: SHELL, REST, OPCUA, MQTT, RULE, SCHEDULE, HUB")
    String channel;

    @Option(name = "--device", description = "Only entries about this device (for a configuration change: its PID)")
    String device;

    @Option(name = "--kind", description = "Only this kind (policy.refused) or kinds with this prefix (command.)")
    String kind;

    @Reference
    EventStore store;

    @Override
    public Object execute() {
        Page<AuditEntry> page = store.audit(query());
        Tables.Rows rows = new Tables.Rows(60, "#", "Time", "Kind", "User", "Channel", "Device", "Action", "Outcome", "Reason");
        for (AuditEntry a : page.items()) {
            rows.add(a.sequence(), Tables.time(a.time(), zone), a.kind(), a.user(), a.channel(), a.device(), a.action(),
                    a.outcome(), a.reason());
        }
        rows.print(noFormat, System.out);
        printNext(page.next());
        return null;
    }

    AuditQuery query() {
        TimeRange range = range();
        return AuditQuery.between(range.from(), range.to()).withChain(chain).withUser(user).withChannel(channel)
                .withDevice(device).withKind(kind).withLimit(limit).withNext(next);
    }
}
