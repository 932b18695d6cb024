package dev.yakata.api.adapter;

import dev.yakata.api.device.DeviceDefinition;
import dev.yakata.api.device.DeviceStatus;
import dev.yakata.api.device.PointValue;
import dev.yakata.api.event.Severity;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import org.osgi.annotation.versioning.ProviderType;

/**
 * What the hub gives a device handler. All methods are thread-safe and return at once; none of them
 * blocks on the bus.
 */
@ProviderType
public interface DeviceContext {

    /** The device's configuration. */
    DeviceDefinition device();

    /**
     * Publishes a point's value. Unknown point ids and values that cannot be converted to the point's kind are
     * dropped and logged (rate limited), never thrown; other number types are converted (an Integer for an ANALOG
     * point becomes a Double). Unchanged values (same value and quality) are not republished.
     */
    void publishValue(String pointId, PointValue value);

    /** Starts an event about this device ({@code door.forced}, {@code card.swiped}, ...); see {@link EventPublication}. */
    EventPublication event(String type);

    /**
     * Publishes an event about this device, stamped now, with the device as source and its zone. The same as
     * {@code event(type).severity(severity).data(data).publish()}.
     */
    default void publishEvent(String type, Severity severity, Map<String, Object> data) {
        event(type).severity(severity).data(data == null ? Map.of() : data).publish();
    }

    /** Reports the device's status; the hub publishes {@code device.status} when it changes. */
    void updateStatus(DeviceStatus status);

    /**
     * A scheduler for this device's periodic and slow work. Its tasks are cancelled when the device closes;
     * never shut it down yourself. Threads are shared with other devices of the same adapter, so do not block
     * in them for long.
     */
    ScheduledExecutorService scheduler();
}
