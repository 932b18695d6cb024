package dev.yakata.bus;

import java.nio.file.Path;

/**
 * The bus's configuration as plain values, for tests and benchmarks; the OSGi component fills it from its
 * {@code dev.yakata.bus} configuration.
 *
 * @param telemetryLaneSize capacity of the telemetry lane; beyond it telemetry is shed and counted
 * @param telemetryBatch    telemetry events the dispatcher takes per cycle (one exchange) before it looks at the
 *                          catch-up of listeners that are behind on control again
 * @param routesDirectory   directory of user YAML routes; {@code null} loads none
 * @param routesPollMillis  how often the routes directory is scanned for changes
 * @param maxRouteFileBytes route files larger than this are refused
 */
public record BusSettings(int telemetryLaneSize, int telemetryBatch, Path routesDirectory,
        long routesPollMillis, long maxRouteFileBytes) {

    /**
     * At the dispatcher's rate (millions of events/s) this absorbs a burst of a few ms, and 40 ms at the design rate
     * of 100,000/s. It is also live data for the garbage collector when a flood fills it: every young pause copies
     * what the lane holds (~300 bytes per point change), so a full lane of 16,384 made pauses of 4-5 ms instead of
     * 1-2 ms through the core (measured, GC logs), and 50,000 events ~30 ms; control events wait out each pause.
     */
    public static final int DEFAULT_TELEMETRY_LANE_SIZE = 4_096;
    public static final int DEFAULT_TELEMETRY_BATCH = 256;
    public static final long DEFAULT_ROUTES_POLL_MILLIS = 1000;
    public static final long DEFAULT_MAX_ROUTE_FILE_BYTES = 262_144;

    public BusSettings {
        if (telemetryLaneSize < 1) {
            throw new IllegalArgumentException("telemetryLaneSize must be at least 1; got " + telemetryLaneSize);
        }
        if (telemetryBatch < 1 || telemetryBatch > 65_536) {
            throw new IllegalArgumentException("telemetryBatch must be between 1 and 65536; got " + telemetryBatch);
        }
        if (routesPollMillis < 1 || maxRouteFileBytes < 1) {
            throw new IllegalArgumentException("routesPollMillis and maxRouteFileBytes must be positive; got "
                    + routesPollMillis + " and " + maxRouteFileBytes);
        }
    }

    /** The defaults, with the given routes directory (or none). */
    public static BusSettings defaults(Path routesDirectory) {
        return new BusSettings(DEFAULT_TELEMETRY_LANE_SIZE, DEFAULT_TELEMETRY_BATCH,
                routesDirectory, DEFAULT_ROUTES_POLL_MILLIS, DEFAULT_MAX_ROUTE_FILE_BYTES);
    }

    public BusSettings withTelemetryLaneSize(int telemetry) {
        return new BusSettings(telemetry, telemetryBatch, routesDirectory, routesPollMillis,
                maxRouteFileBytes);
    }

    public BusSettings withTelemetryBatch(int batch) {
        return new BusSettings(telemetryLaneSize, batch, routesDirectory, routesPollMillis,
                maxRouteFileBytes);
    }

    public BusSettings withRoutesPollMillis(long millis) {
        return new BusSettings(telemetryLaneSize, telemetryBatch, routesDirectory, millis,
                maxRouteFileBytes);
    }

    public BusSettings withMaxRouteFileBytes(long bytes) {
        return new BusSettings(telemetryLaneSize, telemetryBatch, routesDirectory,
                routesPollMillis, bytes);
    }
}
