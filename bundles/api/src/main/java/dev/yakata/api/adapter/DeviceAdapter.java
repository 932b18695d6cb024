package dev.yakata.api.adapter;

import dev.yakata.api.device.DeviceDefinition;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A protocol adapter: the one service a vendor implements. Register it as an OSGi service with the
 * {@link #ADAPTER_ID} property; the hub opens one {@link DeviceHandler} for every configured device that names
 * that id, when the adapter arrives or the device's file appears, and closes them when either goes away.
 *
 * <pre>{@code
 * @Component(property = DeviceAdapter.ADAPTER_ID + "=acme-door")
 * public class AcmeDoorAdapter implements DeviceAdapter { ... }
 * }</pre>
 *
 * <p>The hub calls adapters through a time limit on threads of its own: an adapter that throws or hangs
 * sets only its own device to FAULT.
 */
@ConsumerType
public interface DeviceAdapter {

    /** Service property naming the adapter; device files refer to it with {@code adapter = <id>}. */
    String ADAPTER_ID = "yakata.adapter.id";

    /**
     * Starts driving one device. Called on a hub thread, never concurrently for the same device; must
     * return within the hub's open time limit (5 s by default). Slow work (connecting, discovery) belongs on
     * {@link DeviceContext#scheduler()}; report progress through {@link DeviceContext#updateStatus}.
     * The device is ONLINE once the handler reports so; until then it shows OFFLINE/STARTING.
     *
     * @param device  the device's configuration, already validated for the common keys
     * @param context where the handler publishes values, events and status
     * @return the handler that serves the device until {@link DeviceHandler#close()}
     * @throws Exception when the device cannot be driven (e.g. an invalid adapter-specific setting); the message
     *                   becomes the device's FAULT reason, so make it say what to fix
     */
    DeviceHandler open(DeviceDefinition device, DeviceContext context) throws Exception;

    /**
     * The device-file keys of this adapter that hold secrets (passwords, keys, tokens). The hub never shows their
     * values: not in device listings, the shell, events or logs. Keys whose last segment contains {@code password},
     * {@code secret}, {@code token} or is {@code key} are treated as secret whatever this returns.
     */
    default java.util.Set<String> secretSettings() {
        return java.util.Set.of();
    }
}
