package dev.yakata.store.shell;

import java.util.Locale;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import dev.yakata.store.api.EventStore;
import dev.yakata.store.api.HistoryQuery;
import dev.yakata.store.api.HistorySample;
import dev.yakata.store.api.Page;
import dev.yakata.store.api.Resolution;

@Command(scope = "yakata", name = "point-history", description = "Prints one point's history: every change, or minute or hour rollups (min, max, average, last).")
@Service
public class PointHistoryCommand extends StoreQueryCommand {

    @Argument(index = 0, name = "device", description = "The device id, e.g. hvac.2f.server-room", required = true)
    String device;

    @Argument(index = 1, name = "point", description = "The point id, e.g. supply-temp", required = true)
    String point;

    @Option(name = "--resolution", description = "raw (every change, kept for the raw window), minute or hour")
    String resolution = "raw";

    @Reference
    EventStore store;

    @Override
    public Object execute() {
        TimeRange range = range();
        Page<HistorySample> page = store.history(HistoryQuery.of(device, point, range.from(), range.to())
                .withResolution(resolution()).withLimit(limit).withNext(next));
        Tables.Rows rows = new Tables.Rows(0, "Time", "Min", "Max", "Average", "Last", "Quality", "Count");
        for (HistorySample s : page.items()) {
            rows.add(Tables.time(s.time(), zone), number(s.min()), number(s.max()), number(s.average()), s.last(),
                    s.quality(), s.count());
        }
        rows.print(noFormat, System.out);
        printNext(page.next());
        return null;
    }

    Resolution resolution() {
        try {
            return Resolution.valueOf(resolution.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--resolution '" + resolution + "' is not one of raw, minute, hour");
        }
    }

    private static String number(Double value) {
        return value == null ? "" : String.format(Locale.ROOT, "%.3f", value);
    }
}
