package dev.yakata.adapter.bacnet.codec;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * The network-layer header (clause 6.2): control octet, optional destination (DNET, DADR, hop count) and source
 * (SNET, SADR) of a message that crosses BACnet routers, and for network-layer messages their type.
 *
 * @param networkMessage whether a network-layer message follows instead of an APDU
 * @param expectingReply whether the sender expects a reply (set for confirmed requests)
 * @param priority       network priority 0..3
 * @param dnet           destination network, or -1 for the local network
 * @param dadr           destination MAC on {@code dnet}; empty for a broadcast on it; null without DNET
 * @param snet           source network, or -1 when the message comes from the local network
 * @param sadr           source MAC on {@code snet}; null without SNET
 * @param hopCount       hop count (with DNET), else 0
 * @param messageType    network-layer message type, or -1
 */
public record Npdu(boolean networkMessage, boolean expectingReply, int priority, int dnet, byte[] dadr, int snet,
        byte[] sadr, int hopCount, int messageType) {

    /** Protocol version of every NPDU. */
    public static final int VERSION = 0x01;
    /** DNET 0xFFFF: global broadcast. */
    public static final int GLOBAL_BROADCAST = 0xFFFF;

    /** Header of a local APDU. */
    public static Npdu local(boolean expectingReply) {
        return new Npdu(false, expectingReply, 0, -1, null, -1, null, 0, -1);
    }

    /** Header of an APDU for {@code address}, routed when the address names a remote network. */
    public static Npdu to(BacnetAddress address, boolean expectingReply) {
        if (address.network() < 0) {
            return local(expectingReply);
        }
        return new Npdu(false, expectingReply, 0, address.network(), address.mac(), -1, null, 255, -1);
    }

    /** Writes this header. */
    public void encode(ByteWriter out) {
        int control = (networkMessage ? 0x80 : 0) | (dnet >= 0 ? 0x20 : 0) | (snet >= 0 ? 0x08 : 0)
                | (expectingReply ? 0x04 : 0) | (priority & 0x03);
        out.u8(VERSION).u8(control);
        if (dnet >= 0) {
            out.u16(dnet).u8(dadr.length).bytes(dadr);
        }
        if (snet >= 0) {
            out.u16(snet).u8(sadr.length).bytes(sadr);
        }
        if (dnet >= 0) {
            out.u8(hopCount);
        }
        if (networkMessage) {
            out.u8(messageType);
        }
    }

    /** Reads a header, leaving {@code in} at the APDU (or the network message's content). */
    public static Npdu decode(ByteReader in) throws DecodeException {
        int version = in.u8();
        if (version != VERSION) {
            throw new DecodeException("NPDU protocol version " + version + " (expected 1)");
        }
        int control = in.u8();
        if ((control & 0x50) != 0) {
            throw new DecodeException(String.format("NPDU control 0x%02X has reserved bits set", control));
        }
        int dnet = -1;
        byte[] dadr = null;
        if ((control & 0x20) != 0) {
            dnet = in.u16();
            dadr = in.bytes(in.u8());
        }
        int snet = -1;
        byte[] sadr = null;
        if ((control & 0x08) != 0) {
            snet = in.u16();
            int slen = in.u8();
            if (slen == 0 || snet == GLOBAL_BROADCAST) {
                throw new DecodeException("NPDU source network " + snet + " with SLEN " + slen);
            }
            sadr = in.bytes(slen);
        }
        int hopCount = dnet >= 0 ? in.u8() : 0;
        boolean networkMessage = (control & 0x80) != 0;
        int messageType = -1;
        if (networkMessage) {
            messageType = in.u8();
            if (messageType >= 0x80) {
                in.u16(); // vendor id of a proprietary message
            }
        }
        return new Npdu(networkMessage, (control & 0x04) != 0, control & 0x03, dnet, dadr, snet, sadr, hopCount,
                messageType);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Npdu o && networkMessage == o.networkMessage && expectingReply == o.expectingReply
                && priority == o.priority && dnet == o.dnet && Arrays.equals(dadr, o.dadr) && snet == o.snet
                && Arrays.equals(sadr, o.sadr) && hopCount == o.hopCount && messageType == o.messageType;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * dnet + snet) + Arrays.hashCode(sadr);
    }

    @Override
    public String toString() {
        HexFormat hex = HexFormat.of();
        return "Npdu[" + (networkMessage ? "network message " + messageType + ", " : "")
                + (dnet >= 0 ? "dnet " + dnet + " dadr " + hex.formatHex(dadr) + " hops " + hopCount + ", " : "")
                + (snet >= 0 ? "snet " + snet + " sadr " + hex.formatHex(sadr) + ", " : "")
                + (expectingReply ? "expecting reply" : "no reply") + "]";
    }
}
