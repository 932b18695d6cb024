package dev.yakata.adapter.bacnet.codec;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The character sets of a BACnet CharacterString (clause 20.2.9) and their byte forms.
 *
 * <p>JIS X 0208 (set 2) is a double-byte set without ASCII: every character is two bytes, row and cell, each
 * 0x21..0x7E. Java names that form {@code x-JIS0208} (module jdk.charsets). Some controllers send the same codes
 * with the high bit set (the EUC "GR" form, 0xA1..0xFE); the decoder accepts that too, all bytes in one form or the
 * other, and the encoder always writes the 7-bit form the standard names. Text with characters outside JIS X 0208
 * (plain ASCII letters included: JIS X 0208 has only their full-width forms) cannot be encoded in set 2.
 */
public final class CharacterSets {

    /** ISO 10646 UTF-8 (formerly ANSI X3.4), the default. */
    public static final int UTF_8 = 0;
    /** IBM/Microsoft DBCS, followed by a two-byte code page; decoded for code page 932 (Shift_JIS) only. */
    public static final int DBCS = 1;
    /** JIS X 0208. */
    public static final int JIS_X_0208 = 2;
    /** ISO 10646 UCS-4. */
    public static final int UCS_4 = 3;
    /** ISO 10646 UCS-2. */
    public static final int UCS_2 = 4;
    /** ISO 8859-1. */
    public static final int ISO_8859_1 = 5;

    private static final String JIS_X_0208_JAVA_NAME = "x-JIS0208";

    private CharacterSets() {
    }

    /**
     * Decodes the content of a CharacterString (the character-set byte first).
     *
     * @throws DecodeException for an unknown or unsupported set, or bytes that are not valid text in that set
     */
    public static BacnetValue.CharacterString decode(ByteReader content) throws DecodeException {
        int set = content.u8();
        switch (set) {
            case UTF_8:
                return new BacnetValue.CharacterString(strict(StandardCharsets.UTF_8, content.remainingBytes(), set),
                        set);
            case DBCS: {
                int codePage = content.u16();
                if (codePage != 932) {
                    throw new DecodeException("CharacterString in DBCS code page " + codePage + " is not supported");
                }
                return new BacnetValue.CharacterString(strict(charset("windows-31j"), content.remainingBytes(), set),
                        set);
            }
            case JIS_X_0208:
                return new BacnetValue.CharacterString(decodeJis(content.remainingBytes()), set);
            case UCS_4:
                return new BacnetValue.CharacterString(strict(charset("UTF-32BE"), content.remainingBytes(), set), set);
            case UCS_2:
                return new BacnetValue.CharacterString(strict(StandardCharsets.UTF_16BE, content.remainingBytes(), set),
                        set);
            case ISO_8859_1:
                return new BacnetValue.CharacterString(
                        new String(content.remainingBytes(), StandardCharsets.ISO_8859_1), set);
            default:
                throw new DecodeException("CharacterString with unknown character set " + set);
        }
    }

    /**
     * Encodes {@code value} with its character set byte first.
     *
     * @throws IllegalArgumentException when the text cannot be written in that set
     */
    public static byte[] encode(BacnetValue.CharacterString value) {
        ByteWriter out = new ByteWriter(value.value().length() * 2 + 1);
        out.u8(value.charset());
        switch (value.charset()) {
            case UTF_8 -> out.bytes(value.value().getBytes(StandardCharsets.UTF_8));
            case JIS_X_0208 -> out.bytes(strictEncode(charset(JIS_X_0208_JAVA_NAME), value.value(), "JIS X 0208"));
            case UCS_4 -> out.bytes(strictEncode(charset("UTF-32BE"), value.value(), "UCS-4"));
            case UCS_2 -> {
                if (value.value().codePoints().anyMatch(cp -> cp > 0xFFFF)) {
                    throw new IllegalArgumentException("UCS-2 has no characters beyond U+FFFF");
                }
                out.bytes(value.value().getBytes(StandardCharsets.UTF_16BE));
            }
            case ISO_8859_1 -> out.bytes(strictEncode(StandardCharsets.ISO_8859_1, value.value(), "ISO 8859-1"));
            default -> throw new IllegalArgumentException("cannot encode character set " + value.charset());
        }
        return out.toByteArray();
    }

    private static String decodeJis(byte[] bytes) throws DecodeException {
        if (bytes.length % 2 != 0) {
            throw new DecodeException("JIS X 0208 text of odd length " + bytes.length);
        }
        boolean high = bytes.length > 0 && (bytes[0] & 0x80) != 0;
        byte[] sevenBit = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xFF;
            if (((b & 0x80) != 0) != high) {
                throw new DecodeException("JIS X 0208 text mixes 7-bit and 8-bit bytes at " + i);
            }
            sevenBit[i] = (byte) (b & 0x7F);
        }
        return strict(charset(JIS_X_0208_JAVA_NAME), sevenBit, JIS_X_0208);
    }

    private static String strict(Charset charset, byte[] bytes, int set) throws DecodeException {
        if (charset == null) {
            throw new DecodeException("character set " + set + " is not available in this Java runtime");
        }
        try {
            return charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException | RuntimeException e) {
            throw new DecodeException("CharacterString is not valid in character set " + set + ": " + e);
        }
    }

    private static byte[] strictEncode(Charset charset, String text, String name) {
        if (charset == null) {
            throw new IllegalArgumentException(name + " is not available in this Java runtime");
        }
        try {
            ByteBuffer bytes = charset.newEncoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).encode(CharBuffer.wrap(text));
            byte[] out = new byte[bytes.remaining()];
            bytes.get(out);
            return out;
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("'" + text + "' has characters that " + name + " cannot hold", e);
        }
    }

    private static Charset charset(String name) {
        try {
            return Charset.forName(name);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
