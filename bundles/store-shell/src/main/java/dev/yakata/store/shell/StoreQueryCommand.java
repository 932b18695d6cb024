package dev.yakata.store.shell;

import java.time.Clock;
import java.time.ZoneId;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Option;

/**
 * The options every store query shares: the time range, the page, plain output. Karaf reads options from the
 * superclasses of a command too (its own bundle commands share their arguments this way).
 */
abstract class StoreQueryCommand implements Action {

    @Option(name = "--from", description = "First time included: 2026-12-01, 2026-12-01T09:30 (the hub's time zone) or an ISO instant; default 24 hours before --to")
    String from;

    @Option(name = "--to", description = "First time excluded, in the same forms; default now")
    String to;

    @Option(name = "--last", description = "A span back from now instead of --from/--to: 30m, 24h, 7d")
    String last;

    @Option(name = "--limit", description = "Rows per page, 1 to 10000")
    int limit = 100;

    @Option(name = "--next", description = "The token the previous page printed, for the page after it")
    String next;

    @Option(name = "--no-format", description = "Plain output, for scripts: one row per line, tab-separated, no header")
    boolean noFormat;

    /** The hub's time zone, in which times are read and printed. */
    ZoneId zone = ZoneId.systemDefault();
    Clock clock = Clock.systemUTC();

    TimeRange range() {
        return TimeRange.parse(from, to, last, clock.instant(), zone);
    }

    /** The line that tells how to get the next page, or nothing when this was the last. */
    void printNext(String token) {
        if (!token.isEmpty() && !noFormat) {
            System.out.println("More rows: repeat the command with --next " + token);
        }
    }
}
