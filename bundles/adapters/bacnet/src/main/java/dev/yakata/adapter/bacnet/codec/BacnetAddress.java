package dev.yakata.adapter.bacnet.codec;

import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Where a BACnet device is: the B/IP address that reaches it (the device itself, or the router in front of it),
 * and for a device on another BACnet network (an MS/TP trunk behind a router) that network number and its MAC.
 *
 * @param ip      B/IP address (IPv4 and UDP port)
 * @param network remote network number 1..65534, or -1 when the device is on the local B/IP network
 * @param mac     MAC address on {@code network} (one byte for MS/TP), empty when local
 */
public record BacnetAddress(InetSocketAddress ip, int network, byte[] mac) {

    public BacnetAddress {
        Objects.requireNonNull(ip, "ip");
        mac = mac == null ? new byte[0] : mac.clone();
        if (network < -1 || network > 0xFFFF) {
            throw new IllegalArgumentException("network number " + network + " outside 1..65535");
        }
    }

    /** A device on the local B/IP network. */
    public static BacnetAddress of(InetSocketAddress ip) {
        return new BacnetAddress(ip, -1, null);
    }

    @Override
    public byte[] mac() {
        return mac.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof BacnetAddress o && ip.equals(o.ip) && network == o.network
                && Arrays.equals(mac, o.mac);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * ip.hashCode() + network) + Arrays.hashCode(mac);
    }

    @Override
    public String toString() {
        String host = ip.getAddress() != null ? ip.getAddress().getHostAddress() : ip.getHostString();
        return host + ":" + ip.getPort() + (network >= 0 ? " net " + network + " mac " + HexFormat.of().formatHex(mac)
                : "");
    }
}
