package dev.yakata.adapter.bacnet.codec;

/**
 * One received BACnet/IP datagram taken apart: its BVLL header, and when it carries one, the NPDU header and the
 * APDU (null for network-layer messages and BVLL-only functions).
 */
public record Frame(Bvlc bvlc, Npdu npdu, Apdu apdu) {

    /**
     * Decodes a datagram.
     *
     * @throws DecodeException when any layer is malformed
     */
    public static Frame decode(byte[] datagram, int offset, int length) throws DecodeException {
        Bvlc bvlc = Bvlc.decode(datagram, offset, length);
        if (!bvlc.carriesNpdu()) {
            return new Frame(bvlc, null, null);
        }
        ByteReader in = bvlc.npdu();
        Npdu npdu = Npdu.decode(in);
        if (npdu.networkMessage()) {
            return new Frame(bvlc, npdu, null);
        }
        return new Frame(bvlc, npdu, Apdu.decode(in));
    }

    /** Encodes an APDU for {@code destination} as an Original-Unicast-NPDU datagram. */
    public static byte[] unicast(BacnetAddress destination, Apdu apdu, boolean expectingReply) {
        ByteWriter npdu = new ByteWriter();
        Npdu.to(destination, expectingReply).encode(npdu);
        apdu.encode(npdu);
        return Bvlc.originalUnicast(npdu.toByteArray());
    }

    /** Encodes the NPDU (header and APDU) of a message for {@code destination}, for any BVLC function. */
    public static byte[] npdu(Npdu header, Apdu apdu) {
        ByteWriter npdu = new ByteWriter();
        header.encode(npdu);
        apdu.encode(npdu);
        return npdu.toByteArray();
    }
}
