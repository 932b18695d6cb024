package dev.yakata.adapter.bacnet.client;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * How a {@link BacnetClient} binds and times its transactions.
 *
 * @param bind                  local address and UDP port (port 0 picks a free one)
 * @param broadcast             where a broadcast goes (the subnet's directed broadcast address, port 47808 by default)
 * @param apduTimeoutMillis     how long to wait for an answer before sending again
 * @param retries               how many times to send again after a timeout
 * @param maxSegmentsAccepted   segments of a segmented answer this client takes (2..64)
 * @param callbackThreads       threads that complete stages and deliver notifications
 */
public record ClientConfig(InetSocketAddress bind, InetSocketAddress broadcast, long apduTimeoutMillis, int retries,
        int maxSegmentsAccepted, int callbackThreads) {

    /** The BACnet/IP UDP port, 0xBAC0. */
    public static final int STANDARD_PORT = 47808;
    /** The hub's default bind address: loopback, so BACnet reaches no network until the settings name one. */
    public static final String LOOPBACK = "127.0.0.1";
    /** The default broadcast address: loopback's, which stays on this host. */
    public static final String LOOPBACK_BROADCAST = "127.255.255.255";

    public ClientConfig {
        Objects.requireNonNull(bind, "bind");
        Objects.requireNonNull(broadcast, "broadcast");
        if (apduTimeoutMillis < 10) {
            throw new IllegalArgumentException("apduTimeoutMillis " + apduTimeoutMillis + " is below 10 ms");
        }
        if (retries < 0 || retries > 10) {
            throw new IllegalArgumentException("retries " + retries + " outside 0..10");
        }
        if (maxSegmentsAccepted < 2 || maxSegmentsAccepted > 64) {
            throw new IllegalArgumentException("maxSegmentsAccepted " + maxSegmentsAccepted + " outside 2..64");
        }
        if (callbackThreads < 1) {
            throw new IllegalArgumentException("callbackThreads must be at least 1");
        }
    }

    /**
     * Binds {@code bind}, broadcasts to the loopback broadcast 127.255.255.255:47808 (so nothing leaves the host
     * unless {@link #withBroadcast} says where), 3 s timeout, 2 retries, 64 segments, 1 thread.
     */
    public static ClientConfig bindTo(InetSocketAddress bind) {
        return new ClientConfig(bind, new InetSocketAddress(LOOPBACK_BROADCAST, STANDARD_PORT), 3000, 2, 64, 1);
    }

    /** @return a copy with another APDU timeout and retry count */
    public ClientConfig withTimeout(long apduTimeoutMillis, int retries) {
        return new ClientConfig(bind, broadcast, apduTimeoutMillis, retries, maxSegmentsAccepted, callbackThreads);
    }

    /** @return a copy that broadcasts to {@code broadcast} */
    public ClientConfig withBroadcast(InetSocketAddress broadcast) {
        return new ClientConfig(bind, broadcast, apduTimeoutMillis, retries, maxSegmentsAccepted, callbackThreads);
    }
}
