package dev.yakata.adapter.bacnet.codec;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The service parameters this client sends and understands (clauses 13, 15, 16), each a record with an
 * {@code encode()} and a static {@code decode(byte[])} that reads all of the service data or throws
 * {@link DecodeException}. An absent optional number is -1.
 */
public final class Services {

    /** Confirmed service choices. */
    public static final int CONFIRMED_COV_NOTIFICATION = 1, SUBSCRIBE_COV = 5, READ_PROPERTY = 12,
            READ_PROPERTY_MULTIPLE = 14, WRITE_PROPERTY = 15;
    /** Unconfirmed service choices. */
    public static final int I_AM = 0, UNCONFIRMED_COV_NOTIFICATION = 2, WHO_IS = 8;

    /** Segmentation support values of I-Am (BACnetSegmentation). */
    public static final int SEGMENTED_BOTH = 0, SEGMENTED_TRANSMIT = 1, SEGMENTED_RECEIVE = 2, NO_SEGMENTATION = 3;

    /** Highest command priority (1 is highest, 16 lowest). */
    public static final int LOWEST_PRIORITY = 16;

    private Services() {
    }

    // ------------------------------------------------------------------ Who-Is / I-Am

    /** Who-Is, optionally limited to device instances {@code low..high}. */
    public record WhoIs(long low, long high) {
        /** Who-Is for every device. */
        public static WhoIs all() {
            return new WhoIs(-1, -1);
        }

        public byte[] encode() {
            ByteWriter out = new ByteWriter(10);
            if (low >= 0 && high >= 0) {
                Asn.writeContextUnsigned(out, 0, low);
                Asn.writeContextUnsigned(out, 1, high);
            }
            return out.toByteArray();
        }

        public static WhoIs decode(byte[] data) throws DecodeException {
            ByteReader in = new ByteReader(data);
            if (!in.hasRemaining()) {
                return all();
            }
            long low = Asn.readContextUnsigned(in, 0);
            long high = Asn.readContextUnsigned(in, 1);
            end(in);
            return new WhoIs(low, high);
        }
    }

    /** I-Am. */
    public record IAm(ObjectIdentifier device, long maxApdu, int segmentation, long vendorId) {
        public byte[] encode() {
            ByteWriter out = new ByteWriter(16);
            Asn.write(out, new BacnetValue.ObjectId(device));
            Asn.write(out, new BacnetValue.Unsigned(maxApdu));
            Asn.write(out, new BacnetValue.Enumerated(segmentation));
            Asn.write(out, new BacnetValue.Unsigned(vendorId));
            return out.toByteArray();
        }

        public static IAm decode(byte[] data) throws DecodeException {
            ByteReader in = new ByteReader(data);
            ObjectIdentifier device = ((BacnetValue.ObjectId) Asn.readApplication(in, BacnetValue.OBJECT_IDENTIFIER))
                    .value();
            long maxApdu = ((BacnetValue.Unsigned) Asn.readApplication(in, BacnetValue.UNSIGNED)).value();
            long segmentation = ((BacnetValue.Enumerated) Asn.readApplication(in, BacnetValue.ENUMERATED)).value();
            long vendor = ((BacnetValue.Unsigned) Asn.readApplication(in, BacnetValue.UNSIGNED)).value();
            end(in);
            if (device.type() != ObjectTypes.DEVICE) {
                throw new DecodeException("I-Am names " + device + ", not a device");
            }
            return new IAm(device, maxApdu, (int) Math.min(segmentation, Integer.MAX_VALUE), vendor);
        }
    }

    // ------------------------------------------------------------------ ReadProperty

    /** ReadProperty-Request. */
    public record ReadPropertyRequest(ObjectIdentifier object, int property, long arrayIndex) {
        public byte[] encode() {
            ByteWriter out = new ByteWriter(16);
            Asn.writeContextObjectId(out, 0, object);
            Asn.writeContextEnumerated(out, 1, property);
            if (arrayIndex >= 0) {
                Asn.writeContextUnsigned(out, 2, arrayIndex);
            }
            return out.toByteArray();
        }

        public static ReadPropertyRequest decode(byte[] data) throws DecodeException {
            ByteReader in = new ByteReader(data);
            ObjectIdentifier object = Asn.readContextObjectId(in, 0);
            int property = propertyId(Asn.readContextEnumerated(in, 1));
            long index = Asn.nextIsContext(in, 2) ? Asn.readContextUnsigned(in, 2) : -1;
            end(in);
            return new ReadPropertyRequest(object, property, index);
        }
    }

    /** ReadProperty-ACK. */
    public record ReadPropertyAck(ObjectIdentifier object, int property, long arrayIndex, List<BacnetValue> values) {
        public ReadPropertyAck {
            values = List.copyOf(values);
        }

        public byte[] encode() {
            ByteWriter out = new ByteWriter(32);
            Asn.writeContextObjectId(out, 0, object);
            Asn.writeContextEnumerated(out, 1, property);
            if (arrayIndex >= 0) {
                Asn.writeContextUnsigned(out, 2, arrayIndex);
            }
            writeValues(out, 3, values);
            return out.toByteArray();
        }

        public static ReadPropertyAck decode(byte[] data) throws DecodeException {
            ByteReader in = new ByteReader(data);
            ObjectIdentifier object = Asn.readContextObjectId(in, 0);
            int property = propertyId(Asn.readContextEnumerated(in, 1));
            long index = Asn.nextIsContext(in, 2) ? Asn.readContextUnsigned(in, 2) : -1;
            Asn.expectOpening(in, 3);
            List<BacnetValue> values = Asn.readUntilClosing(in, 3);
            end(in);
            return new ReadPropertyAck(object, property, index, values);
        }
    }

    // ------------------------------------------------------------------ ReadPropertyMultiple

    /** BACnetPropertyReference: a property and optionally one array element. */
    public record PropertyReference(int property, long arrayIndex) {
        /** The whole property. */
        public PropertyReference(int property) {
            this(property, -1);
        }
    }

    /** ReadAccessSpecification: properties of one object. */
    public record ReadAccessSpec(ObjectIdentifier object, List<PropertyReference> properties) {
        public ReadAccessSpec {
            properties = List.copyOf(properties);
        }
    }

    /** ReadPropertyMultiple-Request. */
    public record ReadPropertyMultipleRequest(List<ReadAccessSpec> specs) {
        public ReadPropertyMultipleRequest {
            specs = List.copyOf(specs);
        }

        public byte[] encode() {
            ByteWriter out = new ByteWriter(16 * specs.size() + 8);
            for (ReadAccessSpec spec : specs) {
                Asn.writeContextObjectId(out, 0, spec.object());
                Asn.writeOpening(out, 1);
                for (PropertyReference reference : spec.properties()) {
                    Asn.writeContextEnumerated(out, 0, reference.property());
                    if (reference.arrayIndex() >= 0) {
                        Asn.writeContextUnsigned(out, 1, reference.arrayIndex());
                    }
                }
                Asn.writeClosing(out, 1);
            }
            return out.toByteArray();
        }

        public static ReadPropertyMultipleRequest decode(byte[] data) throws DecodeException {
            ByteReader in = new ByteReader(data);
            List<ReadAccessSpec> specs = new ArrayList<>();
            while (in.hasRemaining()) {
                ObjectIdentifier object = Asn.readContextObjectId(in, 0);
                Asn.expectOpening(in, 1);
                List<PropertyReference> references = new ArrayList<>();
                while (!nextIsClosing(in, 1)) {
                    int property = propertyId(Asn.readContextEnumerated(in, 0));
                    long index = Asn.nextIsContext(in, 1) ? Asn.readContextUnsigned(in, 1) : -1;
                    references.add(new PropertyReference(property, index));
                }
                Asn.expectClosing(in, 1);
                specs.add(new ReadAccessSpec(object, references));
            }
            if (specs.isEmpty()) {
                throw new DecodeException("ReadPropertyMultiple-Request without a read access specification");
            }
            return new ReadPropertyMultipleRequest(specs);
        }
    }

    /**
     * One property's outcome in a ReadPropertyMultiple-ACK: its values, or (when {@code values} is null) an error.
     */
    public record PropertyResult(int property, long arrayIndex, List<BacnetValue> values, long errorClass,
            long errorCode) {
        public PropertyResult {
            values = values == null ? null : List.copyOf(values);
        }

        /** A property that was read. */
        public static PropertyResult value(int property, long arrayIndex, List<BacnetValue> values) {
            return new PropertyResult(property, arrayIndex, Objects.requireNonNull(values), -1, -1);
        }

        /** A property that could not be read. */
        public static PropertyResult error(int property, long arrayIndex, long errorClass, long errorCode) {
            return new PropertyResult(property, arrayIndex, null, errorClass, errorCode);
        }

        /** @return whether the property was read */
        public boolean isValue() {
            return values != null;
        }
    }

    /** ReadAccessResult: the results for one object. */
    public record ReadAccessResult(ObjectIdentifier object, List<PropertyResult> results) {
        public ReadAccessResult {
            results = List.copyOf(results);
        }
    }

    /** ReadPropertyMultiple-ACK. */
    public record ReadPropertyMultipleAck(List<ReadAccessResult> results) {
        public ReadPropertyMultipleAck {
            results = List.copyOf(results);
        }

        public byte[] encode() {
            ByteWriter out = new ByteWriter(32 * results.size() + 8);
            for (ReadAccessResult result : results) {
                Asn.writeContextObjectId(out, 0, result.object());
                Asn.writeOpening(out, 1);
                for (PropertyResult property : result.results()) {
                    Asn.writeContextEnumerated(out, 2, property.property());
                    if (property.arrayIndex() >= 0) {
                        Asn.writeContextUnsigned(out, 3, property.arrayIndex());
                    }
                    if (property.isValue()) {
                        writeValues(out, 4, property.values());
                    } else {
                        Asn.writeOpening(out, 5);
                        Asn.write(out, new BacnetValue.Enumerated(property.errorClass()));
                        Asn.write(out, new BacnetValue.Enumerated(property.errorCode()));
                        Asn.writeClosing(out, 5);
                    }
                }
                Asn.writeClosing(out, 1);
            }
            return out.toByteArray();
        }

        public static ReadPropertyMultipleAck decode(byte[] data) throws DecodeException {
            ByteReader in = new ByteReader(data);
            List<ReadAccessResult> results = new ArrayList<>();
            while (in.hasRemaining()) {
                ObjectIdentifier object = Asn.readContextObjectId(in, 0);
                Asn.expectOpening(in, 1);
                List<PropertyResult> properties = new ArrayList<>();
                while (!nextIsClosing(in, 1)) {
                    int property = propertyId(Asn.readContextEnumerated(in, 2));
                    long index = Asn.nextIsContext(in, 3) ? Asn.readContextUnsigned(in, 3) : -1;
                    if (Asn.nextIsOpening(in, 4)) {
                        Asn.expectOpening(in, 4);
                        properties.add(PropertyResult.value(property, index, Asn.readUntilClosing(in, 4)));
                    } else {
                        Asn.expectOpening(in, 5);
                        long errorClass = ((BacnetValue.Enumerated) Asn.readApplication(in, BacnetValue.ENUMERATED))
                                .value();
                        long errorCode = ((BacnetValue.Enumerated) Asn.readApplication(in, BacnetValue.ENUMERATED))
                                .value();
                        Asn.expectClosing(in, 5);
                        properties.add(PropertyResult.error(property, index, errorClass, errorCode));
                    }
                }
                Asn.expectClosing(in, 1);
                results.add(new ReadAccessResult(object, properties));
            }
            return new ReadPropertyMultipleAck(results);
        }
    }

    // ------------------------------------------------------------------ WriteProperty

    /** WriteProperty-Request; {@code priority} 1..16, or -1 for none (the object's default). */
    public record WritePropertyRequest(ObjectIdentifier object, int property, long arrayIndex,
            List<BacnetValue> values, int priority) {
        public WritePropertyRequest {
            values = List.copyOf(values);
            if (priority != -1 && (priority < 1 || priority > LOWEST_PRIORITY)) {
                throw new IllegalArgumentException("priority " + priority + " outside 1..16");
            }
        }

        public byte[] encode() {
            ByteWriter out = new ByteWriter(32);
            Asn.writeContextObjectId(out, 0, object);
            Asn.writeContextEnumerated(out, 1, property);
            if (arrayIndex >= 0) {
                Asn.writeContextUnsigned(out, 2, arrayIndex);
            }
            writeValues(out, 3, values);
            if (priority > 0) {
                Asn.writeContextUnsigned(out, 4, priority);
            }
            return out.toByteArray();
        }

        public static WritePropertyRequest decode(byte[] data) throws DecodeException {
            ByteReader in = new ByteReader(data);
            ObjectIdentifier object = Asn.readContextObjectId(in, 0);
            int property = propertyId(Asn.readContextEnumerated(in, 1));
            long index = Asn.nextIsContext(in, 2) ? Asn.readContextUnsigned(in, 2) : -1;
            Asn.expectOpening(in, 3);
            List<BacnetValue> values = Asn.readUntilClosing(in, 3);
            int priority = -1;
            if (Asn.nextIsContext(in, 4)) {
                long p = Asn.readContextUnsigned(in, 4);
                if (p < 1 || p > LOWEST_PRIORITY) {
                    throw new DecodeException("WriteProperty priority " + p + " outside 1..16");
                }
                priority = (int) p;
            }
            end(in);
            return new WritePropertyRequest(object, property, index, values, priority);
        }
    }

    // ------------------------------------------------------------------ SubscribeCOV and notifications

    /**
     * SubscribeCOV-Request. Without {@code confirmed} and {@code lifetime} (null and -1) it cancels the
     * subscription; a lifetime of 0 asks for an indefinite one.
     */
    public record SubscribeCovRequest(long processId, ObjectIdentifier object, Boolean confirmed, long lifetime) {
        /** @return whether this request cancels a subscription */
        public boolean isCancellation() {
            return confirmed == null && lifetime < 0;
        }

        public byte[] encode() {
            ByteWriter out = new ByteWriter(20);
            Asn.writeContextUnsigned(out, 0, processId);
            Asn.writeContextObjectId(out, 1, object);
            if (confirmed != null) {
                Asn.writeContextBoolean(out, 2, confirmed);
            }
            if (lifetime >= 0) {
                Asn.writeContextUnsigned(out, 3, lifetime);
            }
            return out.toByteArray();
        }

        public static SubscribeCovRequest decode(byte[] data) throws DecodeException {
            ByteReader in = new ByteReader(data);
            long processId = Asn.readContextUnsigned(in, 0);
            ObjectIdentifier object = Asn.readContextObjectId(in, 1);
            Boolean confirmed = Asn.nextIsContext(in, 2) ? Asn.readContextBoolean(in, 2) : null;
            long lifetime = Asn.nextIsContext(in, 3) ? Asn.readContextUnsigned(in, 3) : -1;
            end(in);
            return new SubscribeCovRequest(processId, object, confirmed, lifetime);
        }
    }

    /** BACnetPropertyValue as a COV notification lists it; {@code priority} -1 when absent. */
    public record PropertyValue(int property, long arrayIndex, List<BacnetValue> values, int priority) {
        public PropertyValue {
            values = List.copyOf(values);
        }
    }

    /** Confirmed- or UnconfirmedCOVNotification-Request (same parameters). */
    public record CovNotification(long processId, ObjectIdentifier initiatingDevice, ObjectIdentifier object,
            long timeRemaining, List<PropertyValue> values) {
        public CovNotification {
            values = List.copyOf(values);
        }

        public byte[] encode() {
            ByteWriter out = new ByteWriter(48);
            Asn.writeContextUnsigned(out, 0, processId);
            Asn.writeContextObjectId(out, 1, initiatingDevice);
            Asn.writeContextObjectId(out, 2, object);
            Asn.writeContextUnsigned(out, 3, timeRemaining);
            Asn.writeOpening(out, 4);
            for (PropertyValue value : values) {
                Asn.writeContextEnumerated(out, 0, value.property());
                if (value.arrayIndex() >= 0) {
                    Asn.writeContextUnsigned(out, 1, value.arrayIndex());
                }
                writeValues(out, 2, value.values());
                if (value.priority() > 0) {
                    Asn.writeContextUnsigned(out, 3, value.priority());
                }
            }
            Asn.writeClosing(out, 4);
            return out.toByteArray();
        }

        public static CovNotification decode(byte[] data) throws DecodeException {
            ByteReader in = new ByteReader(data);
            long processId = Asn.readContextUnsigned(in, 0);
            ObjectIdentifier device = Asn.readContextObjectId(in, 1);
            ObjectIdentifier object = Asn.readContextObjectId(in, 2);
            long timeRemaining = Asn.readContextUnsigned(in, 3);
            Asn.expectOpening(in, 4);
            List<PropertyValue> values = new ArrayList<>();
            while (!nextIsClosing(in, 4)) {
                int property = propertyId(Asn.readContextEnumerated(in, 0));
                long index = Asn.nextIsContext(in, 1) ? Asn.readContextUnsigned(in, 1) : -1;
                Asn.expectOpening(in, 2);
                List<BacnetValue> propertyValues = Asn.readUntilClosing(in, 2);
                int priority = -1;
                if (Asn.nextIsContext(in, 3)) {
                    long p = Asn.readContextUnsigned(in, 3);
                    priority = p >= 1 && p <= LOWEST_PRIORITY ? (int) p : -1;
                }
                values.add(new PropertyValue(property, index, propertyValues, priority));
            }
            Asn.expectClosing(in, 4);
            end(in);
            return new CovNotification(processId, device, object, timeRemaining, values);
        }
    }

    // ------------------------------------------------------------------ helpers

    private static void writeValues(ByteWriter out, int tag, List<BacnetValue> values) {
        Asn.writeOpening(out, tag);
        for (BacnetValue value : values) {
            Asn.write(out, value);
        }
        Asn.writeClosing(out, tag);
    }

    private static boolean nextIsClosing(ByteReader in, int n) throws DecodeException {
        if (!in.hasRemaining()) {
            throw new DecodeException("input ended before closing tag " + n);
        }
        return Asn.nextIsClosing(in, n);
    }

    private static int propertyId(long id) throws DecodeException {
        if (id < 0 || id > 4_194_303) {
            throw new DecodeException("property identifier " + id + " out of range");
        }
        return (int) id;
    }

    private static void end(ByteReader in) throws DecodeException {
        if (in.hasRemaining()) {
            throw new DecodeException(in.remaining() + " unexpected bytes at offset " + in.position());
        }
    }
}
