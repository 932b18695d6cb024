package dev.yakata.adapter.bacnet.discovery;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Finds BACnet devices and lists their objects, for wiring device files; used by {@code yakata:bacnet-discover}
 * (a bundle of its own that installs only where the Karaf shell is). Blocking: meant for the shell, not for the hub's
 * threads.
 */
@ProviderType
public interface BacnetDiscovery {

    /**
     * One object of a discovered device.
     *
     * @param type         object type name
     * @param instance     object instance
     * @param name         object-name, or "" when unreadable
     * @param units        units symbol, or "" when the object has none
     * @param presentValue present value as text, or "" when the object has none
     */
    record ObjectInfo(String type, int instance, String name, String units, String presentValue) {
    }

    /**
     * A device that answered Who-Is.
     *
     * @param address  where it answered from ({@code ip:port}, with network and MAC when routed)
     * @param instance its device instance
     * @param vendorId its vendor identifier
     * @param maxApdu  its max APDU length accepted
     * @param name     its device object-name, or ""
     * @param objects  its objects, when asked for
     * @param problem  why the objects could not be listed, or ""
     */
    record DeviceInfo(String address, int instance, long vendorId, long maxApdu, String name, List<ObjectInfo> objects,
            String problem) {
    }

    /**
     * Sends Who-Is and collects I-Am answers for {@code waitMillis}, then (when {@code withObjects}) reads each
     * device's object list with object names, units and present values.
     *
     * @param target      {@code ip[:port]} for a unicast Who-Is, or null/empty for a broadcast
     * @param low         lowest device instance, or -1 for all
     * @param high        highest device instance, or -1 for all
     * @param waitMillis  how long to collect I-Am answers
     * @param withObjects whether to read each device's objects
     * @throws Exception when the BACnet socket cannot be opened or the target is not an address
     */
    List<DeviceInfo> discover(String target, long low, long high, long waitMillis, boolean withObjects)
            throws Exception;
}
