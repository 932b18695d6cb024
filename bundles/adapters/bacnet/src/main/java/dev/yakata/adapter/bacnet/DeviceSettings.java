package dev.yakata.adapter.bacnet;

import dev.yakata.adapter.bacnet.codec.BacnetAddress;
import dev.yakata.adapter.bacnet.codec.ObjectIdentifier;
import dev.yakata.adapter.bacnet.codec.Services;
import dev.yakata.api.device.DeviceDefinition;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * A BACnet device's settings from its device file ({@code bacnet.*} keys), checked when the device opens.
 *
 * @param address                where the device is ({@code bacnet.address = ip[:port]}, {@code bacnet.network},
 *                               {@code bacnet.mac}); null to find it by a broadcast Who-Is for its instance
 * @param instance               its device instance ({@code bacnet.instance})
 * @param useCov                 subscribe to COV where the device accepts it ({@code bacnet.cov}, default true)
 * @param confirmedCov           ask for confirmed notifications ({@code bacnet.covConfirmed}, default false)
 * @param covLifetimeSeconds     subscription lifetime, renewed at half of it ({@code bacnet.covLifetimeSeconds}, 300)
 * @param pollMillis             polling period of points without COV ({@code bacnet.pollMillis}, 1000)
 * @param maxOutstanding         requests in flight to this device at most ({@code bacnet.maxOutstanding}, 1)
 * @param writePriority          default command priority ({@code bacnet.writePriority}, 8)
 * @param maxApdu                largest APDU to ask for, 0 to learn it from the device ({@code bacnet.maxApdu})
 * @param backoffMaxMillis       longest wait between probes of an offline device ({@code bacnet.backoffMaxMillis},
 *                               60000)
 * @param livenessMillis         how long a device whose points are all on COV may stay silent before it is asked
 *                               whether it is still there ({@code bacnet.livenessMillis}, 10000)
 */
record DeviceSettings(BacnetAddress address, int instance, boolean useCov, boolean confirmedCov,
        long covLifetimeSeconds, long pollMillis, int maxOutstanding, int writePriority, int maxApdu,
        long backoffMaxMillis, long livenessMillis) {

    static DeviceSettings of(DeviceDefinition device) {
        String where = device.id() + ": ";
        String addressText = device.property("bacnet.address", "").trim();
        InetSocketAddress ip = addressText.isEmpty() ? null : ipAddress(where, addressText);
        int network = (int) number(device, "bacnet.network", -1, -1, 65534);
        byte[] mac = null;
        String macText = device.property("bacnet.mac", "").trim();
        if (!macText.isEmpty()) {
            try {
                mac = HexFormat.of().parseHex(macText.replace(":", "").toLowerCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + "bacnet.mac '" + macText + "' is not hex (e.g. 0A)");
            }
            if (mac.length == 0 || mac.length > 7) {
                throw new IllegalArgumentException(where + "bacnet.mac must be 1..7 bytes");
            }
        }
        if (ip == null && (network >= 0 || mac != null)) {
            throw new IllegalArgumentException(where + "bacnet.network and bacnet.mac need bacnet.address (the router "
                    + "in front of the device); without all three the device is found by a broadcast Who-Is");
        }
        if ((network >= 0) != (mac != null)) {
            throw new IllegalArgumentException(where + "bacnet.network and bacnet.mac go together: a device behind a "
                    + "router needs both (e.g. bacnet.network = 5, bacnet.mac = 0A)");
        }
        String instanceText = device.property("bacnet.instance", "").trim();
        if (instanceText.isEmpty()) {
            throw new IllegalArgumentException(where + "bacnet.instance is missing; set it to the device instance "
                    + "number (yakata:bacnet-discover lists them)");
        }
        int instance = (int) number(device, "bacnet.instance", -1, 0, ObjectIdentifier.MAX_INSTANCE - 1);
        return new DeviceSettings(ip == null ? null : new BacnetAddress(ip, network, mac), instance,
                bool(device, "bacnet.cov", true), bool(device, "bacnet.covConfirmed", false),
                number(device, "bacnet.covLifetimeSeconds", 300, 10, 86_400),
                number(device, "bacnet.pollMillis", 1000, 50, 3_600_000),
                (int) number(device, "bacnet.maxOutstanding", 1, 1, 16),
                (int) number(device, "bacnet.writePriority", 8, 1, Services.LOWEST_PRIORITY),
                (int) number(device, "bacnet.maxApdu", 0, 0, 1476),
                number(device, "bacnet.backoffMaxMillis", 60_000, 100, 3_600_000),
                number(device, "bacnet.livenessMillis", 10_000, 100, 3_600_000));
    }

    private static InetSocketAddress ipAddress(String where, String text) {
        int colon = text.lastIndexOf(':');
        String host = colon > 0 ? text.substring(0, colon) : text;
        int port = 47808;
        if (colon > 0) {
            try {
                port = Integer.parseInt(text.substring(colon + 1).trim());
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException(where + "bacnet.address '" + text + "' has no valid UDP port");
            }
        }
        if (!host.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            // an IPv4 literal only: a name would need DNS, which the hub's segment may not have
            throw new IllegalArgumentException(where + "bacnet.address '" + text + "' must be an IPv4 address");
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(where + "bacnet.address '" + text + "' is not an IPv4 address");
        }
    }

    private static long number(DeviceDefinition device, String key, long defaultValue, long min, long max) {
        String text = device.property(key, "").trim();
        if (text.isEmpty()) {
            return defaultValue;
        }
        long value;
        try {
            value = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(device.id() + ": " + key + " = '" + text + "' is not a whole number");
        }
        if (value < min || value > max) {
            throw new IllegalArgumentException(device.id() + ": " + key + " = " + value + " is outside " + min + ".."
                    + max);
        }
        return value;
    }

    private static boolean bool(DeviceDefinition device, String key, boolean defaultValue) {
        String text = device.property(key, "").trim().toLowerCase(Locale.ROOT);
        return switch (text) {
            case "" -> defaultValue;
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw new IllegalArgumentException(device.id() + ": " + key + " = '" + text
                    + "' is not true or false");
        };
    }
}
