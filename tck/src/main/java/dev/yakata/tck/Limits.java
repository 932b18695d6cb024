package dev.yakata.tck;

import java.time.Duration;
import java.util.Objects;

/**
 * The time limits a contract run holds the adapter to. The first three are the hub's own ({@code openTimeoutMillis},
 * {@code closeTimeoutMillis}, {@code commandTimeoutMillis}) and are given to the real lifecycle the adapter runs in;
 * the last two are how long the TCK waits for the device to report what it should. Immutable; change one with the
 * {@code with…} copies.
 *
 * @param open    how long {@code open()} may take (the hub's default: 5 s)
 * @param close   how long {@code close()} may take (the hub's default: 5 s)
 * @param command how long a command may take to complete; after it the hub reports TIMED_OUT (the hub's default is
 *                30 s, the TCK's 10 s)
 * @param online  how long the device may take to report ONLINE after {@code open()} returned, or after its
 *                connection came back, and its profile's points to carry a GOOD value after ONLINE
 * @param offline how long the device may take to report OFFLINE after its connection was cut
 */
public record Limits(Duration open, Duration close, Duration command, Duration online, Duration offline) {

    public Limits {
        positive(open, "open");
        positive(close, "close");
        positive(command, "command");
        positive(online, "online");
        positive(offline, "offline");
    }

    /** Open 5 s and close 5 s (the hub's), command 10 s, online 15 s, offline 15 s. */
    public static Limits defaults() {
        return new Limits(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(15),
                Duration.ofSeconds(15));
    }

    public Limits withOpen(Duration value) {
        return new Limits(value, close, command, online, offline);
    }

    public Limits withClose(Duration value) {
        return new Limits(open, value, command, online, offline);
    }

    public Limits withCommand(Duration value) {
        return new Limits(open, close, value, online, offline);
    }

    public Limits withOnline(Duration value) {
        return new Limits(open, close, command, value, offline);
    }

    public Limits withOffline(Duration value) {
        return new Limits(open, close, command, online, value);
    }

    private static void positive(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("the " + name + " limit must be positive, not " + value);
        }
    }
}
