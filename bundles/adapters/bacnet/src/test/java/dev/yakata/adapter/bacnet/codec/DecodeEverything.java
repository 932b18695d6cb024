package dev.yakata.adapter.bacnet.codec;

import java.lang.management.ManagementFactory;

/**
 * The fuzz target: takes a datagram apart through every layer and runs every service decoder over its service data,
 * and checks the two promises of the decoder: only {@link DecodeException} escapes, and no input makes it allocate
 * far more than its own size.
 */
final class DecodeEverything {

    /** Generous: decoded values, lists and exception messages, but nothing near a claimed multi-megabyte length. */
    static final long MAX_ALLOCATION_BYTES = 4L << 20;

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private DecodeEverything() {
    }

    /**
     * Decodes {@code datagram} as far as it goes.
     *
     * @return how many layers or decoders accepted it, to show the fuzzer reaches past the headers
     * @throws AssertionError naming the input when a promise is broken
     */
    static int run(byte[] datagram) {
        long before = THREADS.getCurrentThreadAllocatedBytes();
        int accepted = 0;
        try {
            Frame frame = Frame.decode(datagram, 0, datagram.length);
            accepted++;
            if (frame.apdu() != null) {
                accepted++;
                accepted += services(serviceData(frame.apdu()));
            }
        } catch (DecodeException expected) {
            // the one allowed outcome for bad input
        } catch (Throwable unexpected) {
            throw new AssertionError("decoder threw " + unexpected + " for " + AnnexFExamplesTest.hex(datagram),
                    unexpected);
        }
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
        if (allocated > MAX_ALLOCATION_BYTES) {
            throw new AssertionError("decoding " + datagram.length + " bytes allocated " + allocated + " bytes: "
                    + AnnexFExamplesTest.hex(datagram));
        }
        return accepted;
    }

    /** Runs every service decoder over {@code data}; returns how many accepted it. */
    static int services(byte[] data) {
        int accepted = 0;
        try {
            Services.WhoIs.decode(data);
            accepted++;
        } catch (DecodeException e) {
            // expected for most inputs
        }
        try {
            Services.IAm.decode(data);
            accepted++;
        } catch (DecodeException e) {
            // expected
        }
        try {
            Services.ReadPropertyRequest.decode(data);
            accepted++;
        } catch (DecodeException e) {
            // expected
        }
        try {
            Services.ReadPropertyAck.decode(data);
            accepted++;
        } catch (DecodeException e) {
            // expected
        }
        try {
            Services.ReadPropertyMultipleRequest.decode(data);
            accepted++;
        } catch (DecodeException e) {
            // expected
        }
        try {
            Services.ReadPropertyMultipleAck.decode(data);
            accepted++;
        } catch (DecodeException e) {
            // expected
        }
        try {
            Services.WritePropertyRequest.decode(data);
            accepted++;
        } catch (DecodeException e) {
            // expected
        }
        try {
            Services.SubscribeCovRequest.decode(data);
            accepted++;
        } catch (DecodeException e) {
            // expected
        }
        try {
            Services.CovNotification.decode(data);
            accepted++;
        } catch (DecodeException e) {
            // expected
        }
        try {
            ByteReader in = new ByteReader(data);
            while (in.hasRemaining()) {
                Asn.read(in);
            }
            accepted++;
        } catch (DecodeException e) {
            // expected
        }
        return accepted;
    }

    private static byte[] serviceData(Apdu apdu) {
        if (apdu instanceof Apdu.ConfirmedRequest r) {
            return r.serviceData();
        }
        if (apdu instanceof Apdu.UnconfirmedRequest r) {
            return r.serviceData();
        }
        if (apdu instanceof Apdu.ComplexAck r) {
            return r.serviceData();
        }
        return new byte[0];
    }
}
