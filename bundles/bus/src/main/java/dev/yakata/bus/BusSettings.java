package dev.yakata.bus;

import java.nio.file.Path;

/**
 * The bus's configuration as plain values, for tests and benchmarks; the OSGi component fills it from its
 * {@code dev.yakata.bus} configuration.
 *
 * @param controlLaneSize           capacity of the control lane
 * @param telemetryLaneSize         capacity of the telemetry lane
 * @param controlOfferTimeoutMillis how long a control publish waits for room before it is refused
 * @param routesDirectory           directory of user YAML routes; {@code null} loads none
 * @param routesPollMillis          how often the routes directory is scanned for changes
 * @param maxRouteFileBytes         route files larger than this are refused
 */
public record BusSettings(int controlLaneSize, int telemetryLaneSize, long controlOfferTimeoutMillis,
        Path routesDirectory, long routesPollMillis, long maxRouteFileBytes) {

    public static final int DEFAULT_CONTROL_LANE_SIZE = 10_000;
    public static final int DEFAULT_TELEMETRY_LANE_SIZE = 50_000;
    public static final long DEFAULT_CONTROL_OFFER_TIMEOUT_MILLIS = 1000;
    public static final long DEFAULT_ROUTES_POLL_MILLIS = 1000;
    public static final long DEFAULT_MAX_ROUTE_FILE_BYTES = 262_144;

    public BusSettings {
        if (controlLaneSize < 1 || telemetryLaneSize < 1) {
            throw new IllegalArgumentException("lane sizes must be at least 1");
        }
        if (controlOfferTimeoutMillis < 0 || routesPollMillis < 1 || maxRouteFileBytes < 1) {
            throw new IllegalArgumentException("timeouts, poll interval and file size limit must be positive");
        }
    }

    /** The defaults, with the given routes directory (or none). */
    public static BusSettings defaults(Path routesDirectory) {
        return new BusSettings(DEFAULT_CONTROL_LANE_SIZE, DEFAULT_TELEMETRY_LANE_SIZE,
                DEFAULT_CONTROL_OFFER_TIMEOUT_MILLIS, routesDirectory, DEFAULT_ROUTES_POLL_MILLIS,
                DEFAULT_MAX_ROUTE_FILE_BYTES);
    }

    public BusSettings withLaneSizes(int control, int telemetry) {
        return new BusSettings(control, telemetry, controlOfferTimeoutMillis, routesDirectory, routesPollMillis,
                maxRouteFileBytes);
    }

    public BusSettings withControlOfferTimeoutMillis(long millis) {
        return new BusSettings(controlLaneSize, telemetryLaneSize, millis, routesDirectory, routesPollMillis,
                maxRouteFileBytes);
    }

    public BusSettings withRoutesPollMillis(long millis) {
        return new BusSettings(controlLaneSize, telemetryLaneSize, controlOfferTimeoutMillis, routesDirectory, millis,
                maxRouteFileBytes);
    }

    public BusSettings withMaxRouteFileBytes(long bytes) {
        return new BusSettings(controlLaneSize, telemetryLaneSize, controlOfferTimeoutMillis, routesDirectory,
                routesPollMillis, bytes);
    }
}
