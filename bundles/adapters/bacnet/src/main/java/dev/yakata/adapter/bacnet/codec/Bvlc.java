package dev.yakata.adapter.bacnet.codec;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * A BACnet Virtual Link Control message of BACnet/IP (Annex J.2): type 0x81, function, length, then the
 * function's fields and, for the NPDU-carrying functions, the NPDU.
 *
 * @param function      the BVLC function ({@link #ORIGINAL_UNICAST_NPDU}, ...)
 * @param forwardedFrom for Forwarded-NPDU the B/IP address of the original source, else null
 * @param resultCode    for BVLC-Result the result code, else -1
 * @param timeToLive    for Register-Foreign-Device the time-to-live in seconds, else -1
 * @param npdu          for the NPDU-carrying functions the NPDU bytes, else null
 */
public record Bvlc(int function, InetSocketAddress forwardedFrom, int resultCode, int timeToLive, ByteReader npdu) {

    /** BVLL type of BACnet/IP. */
    public static final int TYPE_BIP = 0x81;
    public static final int RESULT = 0x00;
    public static final int WRITE_BDT = 0x01;
    public static final int READ_BDT = 0x02;
    public static final int READ_BDT_ACK = 0x03;
    public static final int FORWARDED_NPDU = 0x04;
    public static final int REGISTER_FOREIGN_DEVICE = 0x05;
    public static final int READ_FDT = 0x06;
    public static final int READ_FDT_ACK = 0x07;
    public static final int DELETE_FDT_ENTRY = 0x08;
    public static final int DISTRIBUTE_BROADCAST_TO_NETWORK = 0x09;
    public static final int ORIGINAL_UNICAST_NPDU = 0x0A;
    public static final int ORIGINAL_BROADCAST_NPDU = 0x0B;

    /** BVLC-Result code: success. */
    public static final int RESULT_SUCCESSFUL = 0x0000;
    /** BVLC-Result code: Register-Foreign-Device NAK. */
    public static final int RESULT_REGISTER_FOREIGN_DEVICE_NAK = 0x0030;

    /** Largest BVLL message on BACnet/IP: a 1476-octet APDU plus NPDU and BVLL headers fits well within it. */
    public static final int MAX_LENGTH = 1497;

    /**
     * Decodes one datagram.
     *
     * @throws DecodeException when it is not a well-formed BACnet/IP BVLL message
     */
    public static Bvlc decode(byte[] datagram, int offset, int length) throws DecodeException {
        ByteReader in = new ByteReader(datagram, offset, length);
        int type = in.u8();
        if (type != TYPE_BIP) {
            throw new DecodeException(String.format("BVLL type 0x%02X is not BACnet/IP (0x81)", type));
        }
        int function = in.u8();
        int declared = in.u16();
        if (declared != length) {
            throw new DecodeException("BVLL length field says " + declared + " but the datagram has " + length
                    + " bytes");
        }
        switch (function) {
            case RESULT:
                return new Bvlc(function, null, in.u16(), -1, null);
            case REGISTER_FOREIGN_DEVICE:
                return new Bvlc(function, null, -1, in.u16(), null);
            case FORWARDED_NPDU:
                return new Bvlc(function, readAddress(in), -1, -1, requireNpdu(in));
            case DISTRIBUTE_BROADCAST_TO_NETWORK:
            case ORIGINAL_UNICAST_NPDU:
            case ORIGINAL_BROADCAST_NPDU:
                return new Bvlc(function, null, -1, -1, requireNpdu(in));
            case WRITE_BDT:
            case READ_BDT:
            case READ_BDT_ACK:
            case READ_FDT:
            case READ_FDT_ACK:
            case DELETE_FDT_ENTRY:
                return new Bvlc(function, null, -1, -1, null);
            default:
                throw new DecodeException(String.format("unknown BVLC function 0x%02X", function));
        }
    }

    /** @return whether this message carries an NPDU */
    public boolean carriesNpdu() {
        return npdu != null;
    }

    /** Original-Unicast-NPDU around {@code npdu}. */
    public static byte[] originalUnicast(byte[] npdu) {
        return wrap(ORIGINAL_UNICAST_NPDU, npdu);
    }

    /** Original-Broadcast-NPDU around {@code npdu}. */
    public static byte[] originalBroadcast(byte[] npdu) {
        return wrap(ORIGINAL_BROADCAST_NPDU, npdu);
    }

    /** Distribute-Broadcast-To-Network around {@code npdu}: how a registered foreign device broadcasts. */
    public static byte[] distributeBroadcast(byte[] npdu) {
        return wrap(DISTRIBUTE_BROADCAST_TO_NETWORK, npdu);
    }

    /** Forwarded-NPDU from {@code source} (an IPv4 B/IP address) around {@code npdu}. */
    public static byte[] forwarded(InetSocketAddress source, byte[] npdu) {
        byte[] ip = source.getAddress().getAddress();
        if (ip.length != 4) {
            throw new IllegalArgumentException("BACnet/IP addresses are IPv4: " + source);
        }
        ByteWriter out = new ByteWriter(npdu.length + 10);
        out.u8(TYPE_BIP).u8(FORWARDED_NPDU).u16(npdu.length + 10).bytes(ip).u16(source.getPort()).bytes(npdu);
        return out.toByteArray();
    }

    /** Register-Foreign-Device with a time-to-live in seconds. */
    public static byte[] registerForeignDevice(int timeToLiveSeconds) {
        return new ByteWriter(6).u8(TYPE_BIP).u8(REGISTER_FOREIGN_DEVICE).u16(6).u16(timeToLiveSeconds).toByteArray();
    }

    /** BVLC-Result with {@code code}. */
    public static byte[] result(int code) {
        return new ByteWriter(6).u8(TYPE_BIP).u8(RESULT).u16(6).u16(code).toByteArray();
    }

    private static byte[] wrap(int function, byte[] npdu) {
        ByteWriter out = new ByteWriter(npdu.length + 4);
        out.u8(TYPE_BIP).u8(function).u16(npdu.length + 4).bytes(npdu);
        return out.toByteArray();
    }

    private static ByteReader requireNpdu(ByteReader in) throws DecodeException {
        if (!in.hasRemaining()) {
            throw new DecodeException("BVLL message without an NPDU");
        }
        return in.rest();
    }

    private static InetSocketAddress readAddress(ByteReader in) throws DecodeException {
        byte[] ip = in.bytes(4);
        int port = in.u16();
        try {
            return new InetSocketAddress((Inet4Address) InetAddress.getByAddress(ip), port);
        } catch (UnknownHostException e) {
            throw new DecodeException("bad B/IP address in Forwarded-NPDU");
        }
    }
}
