package dev.yakata.adapter.bacnet;

import dev.yakata.adapter.bacnet.client.BacnetClient;
import dev.yakata.adapter.bacnet.client.BacnetException;
import dev.yakata.adapter.bacnet.client.DiscoveredDevice;
import dev.yakata.adapter.bacnet.codec.BacnetAddress;
import dev.yakata.adapter.bacnet.codec.BacnetValue;
import dev.yakata.adapter.bacnet.codec.EngineeringUnits;
import dev.yakata.adapter.bacnet.codec.ObjectIdentifier;
import dev.yakata.adapter.bacnet.codec.ObjectTypes;
import dev.yakata.adapter.bacnet.codec.PropertyIds;
import dev.yakata.adapter.bacnet.codec.Services;
import dev.yakata.adapter.bacnet.discovery.BacnetDiscovery;
import dev.yakata.api.device.PointKind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** The blocking discovery walk behind {@link BacnetDiscovery}: Who-Is, object-list, then names, units and values. */
final class Discoverer {

    private static final int OBJECTS_PER_REQUEST = 20;

    private final BacnetClient client;

    Discoverer(BacnetClient client) {
        this.client = client;
    }

    List<BacnetDiscovery.DeviceInfo> discover(BacnetAddress target, long low, long high, long waitMillis,
            boolean withObjects) throws InterruptedException {
        Map<Integer, DiscoveredDevice> found = new ConcurrentHashMap<>();
        Consumer<DiscoveredDevice> listener = device -> {
            if (low < 0 || (device.instance() >= low && device.instance() <= high)) {
                found.putIfAbsent(device.instance(), device);
            }
        };
        client.addIAmListener(listener);
        try {
            if (target != null) {
                client.whoIs(target, low, high);
            } else {
                client.whoIsBroadcast(low, high);
            }
            Thread.sleep(waitMillis);
        } finally {
            client.removeIAmListener(listener);
        }
        List<BacnetDiscovery.DeviceInfo> devices = new ArrayList<>();
        for (DiscoveredDevice device : found.values().stream()
                .sorted(Comparator.comparingInt(DiscoveredDevice::instance)).toList()) {
            devices.add(describe(device, withObjects));
        }
        return devices;
    }

    private BacnetDiscovery.DeviceInfo describe(DiscoveredDevice device, boolean withObjects)
            throws InterruptedException {
        ObjectIdentifier id = device.iAm().device();
        String name = "";
        List<BacnetDiscovery.ObjectInfo> objects = new ArrayList<>();
        String problem = "";
        try {
            name = text(await(client.readProperty(device.address(), id, PropertyIds.OBJECT_NAME, -1)));
            if (withObjects) {
                List<ObjectIdentifier> ids = objectList(device.address(), id);
                for (int from = 0; from < ids.size(); from += OBJECTS_PER_REQUEST) {
                    objects.addAll(describeObjects(device.address(),
                            ids.subList(from, Math.min(ids.size(), from + OBJECTS_PER_REQUEST))));
                }
            }
        } catch (BacnetException e) {
            problem = e.getMessage();
        }
        return new BacnetDiscovery.DeviceInfo(device.address().toString(), device.instance(),
                device.iAm().vendorId(), device.iAm().maxApdu(), name, objects, problem);
    }

    private List<ObjectIdentifier> objectList(BacnetAddress address, ObjectIdentifier device)
            throws BacnetException, InterruptedException {
        List<BacnetValue> values;
        try {
            values = await(client.readProperty(address, device, PropertyIds.OBJECT_LIST, -1));
        } catch (BacnetException e) {
            if (!e.deviceAnswered()) {
                throw e;
            }
            // too long for a device that cannot segment: element by element
            long count = ((BacnetValue.Unsigned) await(client.readProperty(address, device,
                    PropertyIds.OBJECT_LIST, 0)).get(0)).value();
            values = new ArrayList<>();
            for (long i = 1; i <= count; i++) {
                values.addAll(await(client.readProperty(address, device, PropertyIds.OBJECT_LIST, i)));
            }
        }
        List<ObjectIdentifier> ids = new ArrayList<>();
        for (BacnetValue value : values) {
            if (value instanceof BacnetValue.ObjectId o && o.value().type() != ObjectTypes.DEVICE) {
                ids.add(o.value());
            }
        }
        return ids;
    }

    private List<BacnetDiscovery.ObjectInfo> describeObjects(BacnetAddress address, List<ObjectIdentifier> ids)
            throws BacnetException, InterruptedException {
        List<Services.ReadAccessSpec> specs = new ArrayList<>();
        for (ObjectIdentifier id : ids) {
            specs.add(new Services.ReadAccessSpec(id, List.of(new Services.PropertyReference(PropertyIds.OBJECT_NAME),
                    new Services.PropertyReference(PropertyIds.UNITS),
                    new Services.PropertyReference(PropertyIds.PRESENT_VALUE))));
        }
        Services.ReadPropertyMultipleAck ack = await(client.readPropertyMultiple(address, specs));
        List<BacnetDiscovery.ObjectInfo> objects = new ArrayList<>();
        for (Services.ReadAccessResult result : ack.results()) {
            String name = "";
            String units = "";
            String value = "";
            for (Services.PropertyResult property : result.results()) {
                if (!property.isValue()) {
                    continue;
                }
                switch (property.property()) {
                    case PropertyIds.OBJECT_NAME -> name = text(property.values());
                    case PropertyIds.UNITS -> units = property.values().size() == 1
                            && property.values().get(0) instanceof BacnetValue.Enumerated e
                            ? EngineeringUnits.symbol(e.value()) : "";
                    case PropertyIds.PRESENT_VALUE -> value = text(property.values());
                    default -> {
                    }
                }
            }
            objects.add(new BacnetDiscovery.ObjectInfo(ObjectTypes.name(result.object().type()),
                    result.object().instance(), name, units, value));
        }
        return objects;
    }

    private static String text(List<BacnetValue> values) {
        Object text = ValueMapping.toPoint(PointKind.TEXT, values);
        return text == null ? "" : text.toString();
    }

    private static <T> T await(java.util.concurrent.CompletionStage<T> stage)
            throws BacnetException, InterruptedException {
        try {
            return stage.toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof BacnetException b) {
                throw b;
            }
            throw BacnetException.of(BacnetException.Kind.CLOSED, String.valueOf(e.getCause()));
        } catch (java.util.concurrent.TimeoutException e) {
            throw BacnetException.of(BacnetException.Kind.TIMEOUT, "no answer within 60 s");
        }
    }
}
