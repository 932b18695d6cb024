package dev.yakata.adapter.bacnet.sim;

import dev.yakata.adapter.bacnet.codec.Apdu;
import dev.yakata.adapter.bacnet.codec.BacnetAddress;
import dev.yakata.adapter.bacnet.codec.BacnetValue;
import dev.yakata.adapter.bacnet.codec.DecodeException;
import dev.yakata.adapter.bacnet.codec.Frame;
import dev.yakata.adapter.bacnet.codec.ObjectIdentifier;
import dev.yakata.adapter.bacnet.codec.ObjectTypes;
import dev.yakata.adapter.bacnet.codec.PropertyIds;
import dev.yakata.adapter.bacnet.codec.Services;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A small BACnet/IP device in Java on a real UDP socket on 127.0.0.1, built on this module's codec: objects with
 * properties, commandable present values with a priority array, COV subscriptions, segmented answers, and knobs for
 * misbehaviour (silence, dropped requests, duplicate answers, answers from another socket). It serves the client's
 * transport tests and the scale benchmark; interoperability is proven against an independent stack elsewhere.
 */
public final class SimulatedBacnetDevice implements AutoCloseable {

    private final int instance;
    private final DatagramChannel channel;
    private final DatagramChannel otherSocket;
    private final Thread thread;
    private final Map<ObjectIdentifier, Map<Integer, List<BacnetValue>>> objects = new ConcurrentHashMap<>();
    private final Map<ObjectIdentifier, BacnetValue[]> priorityArrays = new ConcurrentHashMap<>();
    private final Map<ObjectIdentifier, BacnetValue> relinquishDefaults = new ConcurrentHashMap<>();
    private final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /** Stop answering anything (a device that went away). */
    public volatile boolean silent;
    /** Drop this many confirmed requests before answering (to exercise retries). */
    public final AtomicInteger dropRequests = new AtomicInteger();
    /** Send every answer twice. */
    public volatile boolean duplicateAnswers;
    /** Send answers from a second socket (a device answering from the wrong address). */
    public volatile boolean answerFromOtherSocket;
    /** Largest APDU this device sends; longer answers go segmented when the client accepts them. */
    public volatile int maxApdu = 1476;
    /** Whether objects accept SubscribeCOV. */
    public volatile boolean covSupported = true;
    /** When set, the device sits on this remote network behind a router at its socket (MS/TP behind B/IP). */
    public volatile int routedNetwork = -1;
    /** Its MAC address on {@link #routedNetwork}. */
    public volatile byte[] routedMac;
    /** Whether a routed device's answers leave out SNET/SADR (a broken router). */
    public volatile boolean dropSourceAddress;
    /** The largest REAL a write may set; above it the write is refused PROPERTY / VALUE_OUT_OF_RANGE, as a
     *  controller refuses a setpoint outside its limits. */
    public volatile float writeMax = Float.MAX_VALUE;
    /** When 0 or more, every confirmed request is answered with an Abort of this reason. */
    public volatile int abortReason = -1;
    /** Requests served. */
    public final AtomicLong requests = new AtomicLong();
    /** Segment-ACKs received. */
    public final AtomicLong segmentAcks = new AtomicLong();

    private record Subscription(InetSocketAddress subscriber, long processId, ObjectIdentifier object,
            boolean confirmed, long expiresAtMillis) {
    }

    private final Map<Integer, PendingSegments> segmentedAnswers = new ConcurrentHashMap<>();

    private record PendingSegments(InetSocketAddress to, List<byte[]> segments, int serviceChoice) {
    }

    /** Starts a device with {@code instance} on a free 127.0.0.1 port. */
    public SimulatedBacnetDevice(int instance) throws IOException {
        this.instance = instance;
        channel = DatagramChannel.open(StandardProtocolFamily.INET).bind(new InetSocketAddress("127.0.0.1", 0));
        otherSocket = DatagramChannel.open(StandardProtocolFamily.INET).bind(new InetSocketAddress("127.0.0.1", 0));
        ObjectIdentifier device = ObjectIdentifier.device(instance);
        Map<Integer, List<BacnetValue>> deviceProperties = new ConcurrentHashMap<>();
        deviceProperties.put(PropertyIds.OBJECT_NAME, List.of(new BacnetValue.CharacterString("sim-" + instance)));
        deviceProperties.put(PropertyIds.MAX_APDU_LENGTH_ACCEPTED, List.of(new BacnetValue.Unsigned(1476)));
        deviceProperties.put(PropertyIds.SEGMENTATION_SUPPORTED, List.of(new BacnetValue.Enumerated(0)));
        deviceProperties.put(PropertyIds.VENDOR_IDENTIFIER, List.of(new BacnetValue.Unsigned(999)));
        objects.put(device, deviceProperties);
        thread = new Thread(this::serve, "sim-bacnet-device-" + instance);
        thread.setDaemon(true);
        thread.start();
    }

    /** @return where the device listens */
    public BacnetAddress address() {
        try {
            return BacnetAddress.of((InetSocketAddress) channel.getLocalAddress());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return the device instance */
    public int instance() {
        return instance;
    }

    /** Adds an object with a name, units (or -1) and a present value; commandable types get a priority array. */
    public void addObject(ObjectIdentifier id, String name, long units, BacnetValue presentValue) {
        Map<Integer, List<BacnetValue>> properties = new ConcurrentHashMap<>();
        properties.put(PropertyIds.OBJECT_NAME, List.of(new BacnetValue.CharacterString(name)));
        properties.put(PropertyIds.OBJECT_TYPE, List.of(new BacnetValue.Enumerated(id.type())));
        properties.put(PropertyIds.OBJECT_IDENTIFIER, List.of(new BacnetValue.ObjectId(id)));
        properties.put(PropertyIds.STATUS_FLAGS, List.of(new BacnetValue.BitString(new boolean[4])));
        if (units >= 0) {
            properties.put(PropertyIds.UNITS, List.of(new BacnetValue.Enumerated(units)));
        }
        properties.put(PropertyIds.PRESENT_VALUE, List.of(presentValue));
        objects.put(id, properties);
        if (id.type() == ObjectTypes.ANALOG_OUTPUT || id.type() == ObjectTypes.BINARY_OUTPUT
                || id.type() == ObjectTypes.ANALOG_VALUE || id.type() == ObjectTypes.BINARY_VALUE
                || id.type() == ObjectTypes.MULTI_STATE_OUTPUT || id.type() == ObjectTypes.MULTI_STATE_VALUE) {
            BacnetValue[] priorities = new BacnetValue[16];
            Arrays.fill(priorities, BacnetValue.Null.INSTANCE);
            priorityArrays.put(id, priorities);
            relinquishDefaults.put(id, presentValue);
        }
        List<BacnetValue> list = new ArrayList<>(objects.get(ObjectIdentifier.device(instance))
                .getOrDefault(PropertyIds.OBJECT_LIST, List.of(new BacnetValue.ObjectId(ObjectIdentifier.device(
                        instance)))));
        list.add(new BacnetValue.ObjectId(id));
        objects.get(ObjectIdentifier.device(instance)).put(PropertyIds.OBJECT_LIST, list);
    }

    /** @return the present value */
    public BacnetValue presentValue(ObjectIdentifier id) {
        return objects.get(id).get(PropertyIds.PRESENT_VALUE).get(0);
    }

    /** @return the priority array slot 1..16 */
    public BacnetValue priority(ObjectIdentifier id, int priority) {
        return priorityArrays.get(id)[priority - 1];
    }

    /** Changes a present value as the field would, and notifies COV subscribers. */
    public void setPresentValue(ObjectIdentifier id, BacnetValue value) {
        objects.get(id).put(PropertyIds.PRESENT_VALUE, List.of(value));
        notifySubscribers(id);
    }

    /** @return how many COV subscriptions are active */
    public int subscriptionCount() {
        long now = System.currentTimeMillis();
        return (int) subscriptions.values().stream().filter(s -> s.expiresAtMillis() > now).count();
    }

    private void serve() {
        ByteBuffer buffer = ByteBuffer.allocate(2048);
        while (!closed) {
            try {
                buffer.clear();
                InetSocketAddress from = (InetSocketAddress) channel.receive(buffer);
                if (from == null || silent) {
                    continue;
                }
                Frame frame;
                try {
                    frame = Frame.decode(buffer.array(), 0, buffer.position());
                } catch (DecodeException e) {
                    continue;
                }
                if (routedNetwork >= 0 && (frame.npdu() == null || frame.npdu().dnet() != routedNetwork
                        || !Arrays.equals(frame.npdu().dadr(), routedMac))) {
                    continue; // not for the device behind this router
                }
                if (frame.apdu() instanceof Apdu.ConfirmedRequest request) {
                    if (dropRequests.get() > 0 && dropRequests.getAndDecrement() > 0) {
                        continue;
                    }
                    requests.incrementAndGet();
                    onConfirmed(from, request);
                } else if (frame.apdu() instanceof Apdu.UnconfirmedRequest request
                        && request.serviceChoice() == Services.WHO_IS) {
                    Services.WhoIs whoIs = Services.WhoIs.decode(request.serviceData());
                    if (whoIs.low() < 0 || (whoIs.low() <= instance && instance <= whoIs.high())) {
                        send(from, new Apdu.UnconfirmedRequest(Services.I_AM, new Services.IAm(
                                ObjectIdentifier.device(instance), 1476, Services.SEGMENTED_BOTH, 999).encode()));
                    }
                } else if (frame.apdu() instanceof Apdu.SegmentAck ack) {
                    segmentAcks.incrementAndGet();
                    PendingSegments pending = segmentedAnswers.get(ack.invokeId());
                    if (pending != null && !ack.negative()) {
                        int next = ack.sequenceNumber() + 1;
                        sendSegments(pending, ack.invokeId(), next, ack.actualWindowSize());
                    }
                }
            } catch (IOException | DecodeException | RuntimeException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    private void onConfirmed(InetSocketAddress from, Apdu.ConfirmedRequest request) throws DecodeException {
        int invokeId = request.invokeId();
        if (abortReason >= 0) {
            send(from, new Apdu.Abort(true, invokeId, abortReason));
            return;
        }
        switch (request.serviceChoice()) {
            case Services.READ_PROPERTY -> {
                Services.ReadPropertyRequest rp = Services.ReadPropertyRequest.decode(request.serviceData());
                List<BacnetValue> values = read(rp.object(), rp.property(), rp.arrayIndex());
                if (values == null) {
                    send(from, new Apdu.Error(invokeId, Services.READ_PROPERTY, objects.containsKey(rp.object())
                            ? 2 : 1, objects.containsKey(rp.object()) ? 32 : 31));
                    return;
                }
                answer(from, request, Services.READ_PROPERTY,
                        new Services.ReadPropertyAck(rp.object(), rp.property(), rp.arrayIndex(), values).encode());
            }
            case Services.READ_PROPERTY_MULTIPLE -> {
                Services.ReadPropertyMultipleRequest rpm = Services.ReadPropertyMultipleRequest
                        .decode(request.serviceData());
                List<Services.ReadAccessResult> results = new ArrayList<>();
                for (Services.ReadAccessSpec spec : rpm.specs()) {
                    List<Services.PropertyResult> propertyResults = new ArrayList<>();
                    for (Services.PropertyReference reference : spec.properties()) {
                        List<BacnetValue> values = read(spec.object(), reference.property(), reference.arrayIndex());
                        propertyResults.add(values != null
                                ? Services.PropertyResult.value(reference.property(), reference.arrayIndex(), values)
                                : Services.PropertyResult.error(reference.property(), reference.arrayIndex(),
                                        objects.containsKey(spec.object()) ? 2 : 1,
                                        objects.containsKey(spec.object()) ? 32 : 31));
                    }
                    results.add(new Services.ReadAccessResult(spec.object(), propertyResults));
                }
                answer(from, request, Services.READ_PROPERTY_MULTIPLE,
                        new Services.ReadPropertyMultipleAck(results).encode());
            }
            case Services.WRITE_PROPERTY -> {
                Services.WritePropertyRequest wp = Services.WritePropertyRequest.decode(request.serviceData());
                if (!objects.containsKey(wp.object())) {
                    send(from, new Apdu.Error(invokeId, Services.WRITE_PROPERTY, 1, 31));
                    return;
                }
                if (wp.values().size() == 1 && wp.values().get(0) instanceof BacnetValue.Real real
                        && real.value() > writeMax) {
                    send(from, new Apdu.Error(invokeId, Services.WRITE_PROPERTY, 2, 37)); // property, value-out-of-range
                    return;
                }
                write(wp);
                send(from, new Apdu.SimpleAck(invokeId, Services.WRITE_PROPERTY));
            }
            case Services.SUBSCRIBE_COV -> {
                Services.SubscribeCovRequest sub = Services.SubscribeCovRequest.decode(request.serviceData());
                if (!covSupported || !objects.containsKey(sub.object())) {
                    send(from, new Apdu.Error(invokeId, Services.SUBSCRIBE_COV, 5, 29)); // services, service-request-denied
                    return;
                }
                String key = from + "/" + sub.processId() + "/" + sub.object();
                if (sub.isCancellation()) {
                    subscriptions.remove(key);
                } else {
                    long lifetime = sub.lifetime() <= 0 ? 365L * 24 * 3600 : sub.lifetime();
                    subscriptions.put(key, new Subscription(from, sub.processId(), sub.object(),
                            Boolean.TRUE.equals(sub.confirmed()), System.currentTimeMillis() + lifetime * 1000));
                }
                send(from, new Apdu.SimpleAck(invokeId, Services.SUBSCRIBE_COV));
                if (!sub.isCancellation()) {
                    notifySubscribers(sub.object());
                }
            }
            default -> send(from, new Apdu.Reject(invokeId, 9));
        }
    }

    private List<BacnetValue> read(ObjectIdentifier object, int property, long arrayIndex) {
        if (object.type() == ObjectTypes.DEVICE && object.instance() == ObjectIdentifier.MAX_INSTANCE) {
            object = ObjectIdentifier.device(instance);
        }
        Map<Integer, List<BacnetValue>> properties = objects.get(object);
        if (properties == null) {
            return null;
        }
        List<BacnetValue> values;
        if (property == PropertyIds.PRIORITY_ARRAY && priorityArrays.containsKey(object)) {
            values = List.of(priorityArrays.get(object));
        } else {
            values = properties.get(property);
        }
        if (values == null) {
            return null;
        }
        if (arrayIndex == 0) {
            return List.of(new BacnetValue.Unsigned(values.size()));
        }
        if (arrayIndex > 0) {
            return arrayIndex <= values.size() ? List.of(values.get((int) arrayIndex - 1)) : null;
        }
        return values;
    }

    private void write(Services.WritePropertyRequest wp) {
        BacnetValue[] priorities = priorityArrays.get(wp.object());
        if (wp.property() == PropertyIds.PRESENT_VALUE && priorities != null) {
            int priority = wp.priority() > 0 ? wp.priority() : 16;
            synchronized (priorities) {
                priorities[priority - 1] = wp.values().get(0);
                BacnetValue effective = relinquishDefaults.get(wp.object());
                for (BacnetValue slot : priorities) {
                    if (!(slot instanceof BacnetValue.Null)) {
                        effective = slot;
                        break;
                    }
                }
                setPresentValue(wp.object(), effective);
            }
        } else {
            objects.get(wp.object()).put(wp.property(), wp.values());
            if (wp.property() == PropertyIds.PRESENT_VALUE) {
                notifySubscribers(wp.object());
            }
        }
    }

    private void notifySubscribers(ObjectIdentifier object) {
        long now = System.currentTimeMillis();
        for (Subscription s : subscriptions.values()) {
            if (!s.object().equals(object) || s.expiresAtMillis() < now) {
                continue;
            }
            Map<Integer, List<BacnetValue>> properties = objects.get(object);
            Services.CovNotification notification = new Services.CovNotification(s.processId(),
                    ObjectIdentifier.device(instance), object, (s.expiresAtMillis() - now) / 1000, List.of(
                            new Services.PropertyValue(PropertyIds.PRESENT_VALUE, -1,
                                    properties.get(PropertyIds.PRESENT_VALUE), -1),
                            new Services.PropertyValue(PropertyIds.STATUS_FLAGS, -1,
                                    properties.get(PropertyIds.STATUS_FLAGS), -1)));
            if (s.confirmed()) {
                send(s.subscriber(), Apdu.ConfirmedRequest.of(notificationIds.getAndIncrement() & 0xFF, 1476, false,
                        0, Services.CONFIRMED_COV_NOTIFICATION, notification.encode()));
            } else {
                send(s.subscriber(), new Apdu.UnconfirmedRequest(Services.UNCONFIRMED_COV_NOTIFICATION,
                        notification.encode()));
            }
        }
    }

    private final AtomicInteger notificationIds = new AtomicInteger();

    private void answer(InetSocketAddress to, Apdu.ConfirmedRequest request, int service, byte[] data) {
        int room = Math.min(maxApdu, request.maxApdu()) - 5;
        if (data.length + 3 <= Math.min(maxApdu, request.maxApdu())) {
            send(to, Apdu.ComplexAck.of(request.invokeId(), service, data));
            return;
        }
        if (!request.segmentedResponseAccepted()) {
            send(to, new Apdu.Abort(true, request.invokeId(), 4));
            return;
        }
        List<byte[]> segments = new ArrayList<>();
        for (int offset = 0; offset < data.length; offset += room) {
            segments.add(Arrays.copyOfRange(data, offset, Math.min(data.length, offset + room)));
        }
        PendingSegments pending = new PendingSegments(to, segments, service);
        segmentedAnswers.put(request.invokeId(), pending);
        sendSegments(pending, request.invokeId(), 0, 2);
    }

    private void sendSegments(PendingSegments pending, int invokeId, int from, int window) {
        for (int sequence = from; sequence < pending.segments().size() && sequence < from + window; sequence++) {
            boolean more = sequence < pending.segments().size() - 1;
            send(pending.to(), new Apdu.ComplexAck(true, more, invokeId, sequence, 2, pending.serviceChoice(),
                    pending.segments().get(sequence)));
        }
        if (from + window >= pending.segments().size()) {
            segmentedAnswers.remove(invokeId);
        }
    }

    private void send(InetSocketAddress to, Apdu apdu) {
        byte[] datagram = routedNetwork >= 0 && !dropSourceAddress
                ? dev.yakata.adapter.bacnet.codec.Bvlc.originalUnicast(Frame.npdu(new dev.yakata.adapter.bacnet.codec
                        .Npdu(false, false, 0, -1, null, routedNetwork, routedMac, 0, -1), apdu))
                : Frame.unicast(BacnetAddress.of(to), apdu, false);
        try {
            DatagramChannel socket = answerFromOtherSocket ? otherSocket : channel;
            socket.send(ByteBuffer.wrap(datagram), to);
            if (duplicateAnswers) {
                socket.send(ByteBuffer.wrap(datagram), to);
            }
        } catch (IOException e) {
            // the test will notice the missing answer
        }
    }

    /** Sends raw bytes to {@code to} from the device's socket (for bad-input tests). */
    public void sendRaw(InetSocketAddress to, byte[] datagram) throws IOException {
        channel.send(ByteBuffer.wrap(datagram), to);
    }

    @Override
    public void close() throws IOException {
        closed = true;
        channel.close();
        otherSocket.close();
    }

    /** A few property values by object, for assertions. */
    public Map<ObjectIdentifier, Map<Integer, List<BacnetValue>>> snapshot() {
        return new LinkedHashMap<>(objects);
    }
}
