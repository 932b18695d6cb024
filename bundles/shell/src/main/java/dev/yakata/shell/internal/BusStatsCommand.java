package dev.yakata.shell.internal;

import dev.yakata.bus.api.EventBus;
import dev.yakata.bus.api.LaneStatistics;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Command(scope = "yakata", name = "bus-stats", description = "Shows each bus lane's and listener's queue and counters.")
@Service
public class BusStatsCommand implements Action {

    @Option(name = "--no-format", description = "Plain output, for scripts")
    boolean noFormat;

    @Reference
    EventBus bus;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        for (String column : new String[] {"Queue", "Capacity", "Queued", "Accepted", "Delivered", "Dropped", "Failed",
            "From journal", "Unjournaled"}) {
            table.column(column);
        }
        for (LaneStatistics s : bus.statistics()) {
            table.addRow().addContent(s.name(), s.capacity(), s.queued(), s.accepted(), s.delivered(), s.dropped(), s.failed(),
                    s.overflowed(), s.unjournaled());
        }
        table.print(System.out, !noFormat);
        return null;
    }
}
