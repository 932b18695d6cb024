package dev.yakata.adapter.bacnet.codec;

import java.util.Arrays;

/**
 * An application-layer PDU (clause 20.1). Service parameters stay encoded in {@code serviceData}; the
 * {@link Services} codecs read and write them.
 */
public sealed interface Apdu {

    int CONFIRMED_REQUEST = 0, UNCONFIRMED_REQUEST = 1, SIMPLE_ACK = 2, COMPLEX_ACK = 3, SEGMENT_ACK = 4, ERROR = 5,
            REJECT = 6, ABORT = 7;

    /** Octets of each max-APDU-length-accepted code 0..5 (clause 20.1.2.5). */
    int[] MAX_APDU_OCTETS = {50, 128, 206, 480, 1024, 1476};
    /** Segments of each max-segments-accepted code 0..7; 0 = unspecified, 65 = more than 64. */
    int[] MAX_SEGMENTS = {0, 2, 4, 8, 16, 32, 64, 65};

    /** Writes this APDU. */
    void encode(ByteWriter out);

    /** @return this APDU's bytes */
    default byte[] toBytes() {
        ByteWriter out = new ByteWriter();
        encode(out);
        return out.toByteArray();
    }

    /** BACnet-Confirmed-Request-PDU. */
    record ConfirmedRequest(boolean segmented, boolean moreFollows, boolean segmentedResponseAccepted,
            int maxSegments, int maxApdu, int invokeId, int sequenceNumber, int proposedWindowSize, int serviceChoice,
            byte[] serviceData) implements Apdu {

        /** An unsegmented request. */
        public static ConfirmedRequest of(int invokeId, int maxApdu, boolean segmentedResponseAccepted,
                int maxSegments, int serviceChoice, byte[] serviceData) {
            return new ConfirmedRequest(false, false, segmentedResponseAccepted, maxSegments, maxApdu, invokeId, 0, 0,
                    serviceChoice, serviceData);
        }

        @Override
        public void encode(ByteWriter out) {
            out.u8((CONFIRMED_REQUEST << 4) | (segmented ? 0x08 : 0) | (moreFollows ? 0x04 : 0)
                    | (segmentedResponseAccepted ? 0x02 : 0));
            out.u8((code(MAX_SEGMENTS, maxSegments) << 4) | code(MAX_APDU_OCTETS, maxApdu));
            out.u8(invokeId);
            if (segmented) {
                out.u8(sequenceNumber).u8(proposedWindowSize);
            }
            out.u8(serviceChoice).bytes(serviceData);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ConfirmedRequest r && segmented == r.segmented && moreFollows == r.moreFollows
                    && segmentedResponseAccepted == r.segmentedResponseAccepted && maxSegments == r.maxSegments
                    && maxApdu == r.maxApdu && invokeId == r.invokeId && sequenceNumber == r.sequenceNumber
                    && proposedWindowSize == r.proposedWindowSize && serviceChoice == r.serviceChoice
                    && Arrays.equals(serviceData, r.serviceData);
        }

        @Override
        public int hashCode() {
            return 31 * (31 * invokeId + serviceChoice) + Arrays.hashCode(serviceData);
        }
    }

    /** BACnet-Unconfirmed-Request-PDU. */
    record UnconfirmedRequest(int serviceChoice, byte[] serviceData) implements Apdu {
        @Override
        public void encode(ByteWriter out) {
            out.u8(UNCONFIRMED_REQUEST << 4).u8(serviceChoice).bytes(serviceData);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof UnconfirmedRequest r && serviceChoice == r.serviceChoice
                    && Arrays.equals(serviceData, r.serviceData);
        }

        @Override
        public int hashCode() {
            return 31 * serviceChoice + Arrays.hashCode(serviceData);
        }
    }

    /** BACnet-SimpleACK-PDU. */
    record SimpleAck(int invokeId, int serviceChoice) implements Apdu {
        @Override
        public void encode(ByteWriter out) {
            out.u8(SIMPLE_ACK << 4).u8(invokeId).u8(serviceChoice);
        }
    }

    /** BACnet-ComplexACK-PDU, one segment of it when {@code segmented}. */
    record ComplexAck(boolean segmented, boolean moreFollows, int invokeId, int sequenceNumber,
            int proposedWindowSize, int serviceChoice, byte[] serviceData) implements Apdu {

        /** An unsegmented ComplexACK. */
        public static ComplexAck of(int invokeId, int serviceChoice, byte[] serviceData) {
            return new ComplexAck(false, false, invokeId, 0, 0, serviceChoice, serviceData);
        }

        @Override
        public void encode(ByteWriter out) {
            out.u8((COMPLEX_ACK << 4) | (segmented ? 0x08 : 0) | (moreFollows ? 0x04 : 0)).u8(invokeId);
            if (segmented) {
                out.u8(sequenceNumber).u8(proposedWindowSize);
            }
            out.u8(serviceChoice).bytes(serviceData);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ComplexAck r && segmented == r.segmented && moreFollows == r.moreFollows
                    && invokeId == r.invokeId && sequenceNumber == r.sequenceNumber
                    && proposedWindowSize == r.proposedWindowSize && serviceChoice == r.serviceChoice
                    && Arrays.equals(serviceData, r.serviceData);
        }

        @Override
        public int hashCode() {
            return 31 * (31 * invokeId + sequenceNumber) + Arrays.hashCode(serviceData);
        }
    }

    /** BACnet-SegmentACK-PDU. */
    record SegmentAck(boolean negative, boolean fromServer, int invokeId, int sequenceNumber, int actualWindowSize)
            implements Apdu {
        @Override
        public void encode(ByteWriter out) {
            out.u8((SEGMENT_ACK << 4) | (negative ? 0x02 : 0) | (fromServer ? 0x01 : 0)).u8(invokeId)
                    .u8(sequenceNumber).u8(actualWindowSize);
        }
    }

    /** BACnet-Error-PDU with the error class and code. */
    record Error(int invokeId, int serviceChoice, long errorClass, long errorCode) implements Apdu {
        @Override
        public void encode(ByteWriter out) {
            out.u8(ERROR << 4).u8(invokeId).u8(serviceChoice);
            Asn.write(out, new BacnetValue.Enumerated(errorClass));
            Asn.write(out, new BacnetValue.Enumerated(errorCode));
        }
    }

    /** BACnet-Reject-PDU. */
    record Reject(int invokeId, int reason) implements Apdu {
        @Override
        public void encode(ByteWriter out) {
            out.u8(REJECT << 4).u8(invokeId).u8(reason);
        }
    }

    /** BACnet-Abort-PDU. */
    record Abort(boolean fromServer, int invokeId, int reason) implements Apdu {
        @Override
        public void encode(ByteWriter out) {
            out.u8((ABORT << 4) | (fromServer ? 0x01 : 0)).u8(invokeId).u8(reason);
        }
    }

    /** Decodes the APDU that fills the rest of {@code in}. */
    static Apdu decode(ByteReader in) throws DecodeException {
        int first = in.u8();
        int type = first >>> 4;
        switch (type) {
            case CONFIRMED_REQUEST: {
                boolean segmented = (first & 0x08) != 0;
                int sizes = in.u8();
                int maxSegments = MAX_SEGMENTS[(sizes >>> 4) & 0x07];
                int maxApduCode = sizes & 0x0F;
                if (maxApduCode >= MAX_APDU_OCTETS.length) {
                    throw new DecodeException("reserved max-APDU code " + maxApduCode);
                }
                int invokeId = in.u8();
                int sequence = segmented ? in.u8() : 0;
                int window = segmented ? in.u8() : 0;
                return new ConfirmedRequest(segmented, (first & 0x04) != 0, (first & 0x02) != 0, maxSegments,
                        MAX_APDU_OCTETS[maxApduCode], invokeId, sequence, window, in.u8(), in.remainingBytes());
            }
            case UNCONFIRMED_REQUEST:
                return new UnconfirmedRequest(in.u8(), in.remainingBytes());
            case SIMPLE_ACK:
                return new SimpleAck(in.u8(), in.u8());
            case COMPLEX_ACK: {
                boolean segmented = (first & 0x08) != 0;
                int invokeId = in.u8();
                int sequence = segmented ? in.u8() : 0;
                int window = segmented ? in.u8() : 0;
                return new ComplexAck(segmented, (first & 0x04) != 0, invokeId, sequence, window, in.u8(),
                        in.remainingBytes());
            }
            case SEGMENT_ACK:
                return new SegmentAck((first & 0x02) != 0, (first & 0x01) != 0, in.u8(), in.u8(), in.u8());
            case ERROR: {
                int invokeId = in.u8();
                int service = in.u8();
                // Most services answer Error ::= SEQUENCE {class, code}; some wrap it in context tag 0.
                boolean wrapped = Asn.nextIsOpening(in, 0);
                if (wrapped) {
                    Asn.expectOpening(in, 0);
                }
                long errorClass = ((BacnetValue.Enumerated) Asn.readApplication(in, BacnetValue.ENUMERATED)).value();
                long errorCode = ((BacnetValue.Enumerated) Asn.readApplication(in, BacnetValue.ENUMERATED)).value();
                return new Error(invokeId, service, errorClass, errorCode);
            }
            case REJECT:
                return new Reject(in.u8(), in.u8());
            case ABORT:
                return new Abort((first & 0x01) != 0, in.u8(), in.u8());
            default:
                throw new DecodeException("reserved APDU type " + type);
        }
    }

    /** Decodes the APDU in all of {@code bytes}. */
    static Apdu decode(byte[] bytes) throws DecodeException {
        return decode(new ByteReader(bytes));
    }

    private static int code(int[] table, int value) {
        for (int i = table.length - 1; i >= 0; i--) {
            if (value >= table[i]) {
                return i;
            }
        }
        return 0;
    }
}
