package dev.yakata.adapter.bacnet.codec;

import static dev.yakata.adapter.bacnet.codec.AnnexFExamplesTest.hex;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.List;
import org.junit.Test;

/** Tagged values: each application type, context and constructed tags, and what the decoder refuses. */
public class ValueCodecTest {

    private static BacnetValue roundTrip(BacnetValue value) throws DecodeException {
        ByteWriter out = new ByteWriter();
        Asn.write(out, value);
        ByteReader in = new ByteReader(out.toByteArray());
        BacnetValue decoded = Asn.read(in);
        assertEquals("bytes left after " + value, 0, in.remaining());
        return decoded;
    }

    private static String encoded(BacnetValue value) {
        ByteWriter out = new ByteWriter();
        Asn.write(out, value);
        return AnnexFExamplesTest.hex(out.toByteArray());
    }

    @Test
    public void everyApplicationTypeSurvivesARoundTrip() throws Exception {
        List<BacnetValue> values = List.of(BacnetValue.Null.INSTANCE, new BacnetValue.Bool(true),
                new BacnetValue.Bool(false), new BacnetValue.Unsigned(0), new BacnetValue.Unsigned(0xFFFFFFFFL),
                new BacnetValue.Unsigned(-1L), new BacnetValue.Signed(-1), new BacnetValue.Signed(Long.MIN_VALUE),
                new BacnetValue.Signed(128), new BacnetValue.Real(-0.5f), new BacnetValue.Real(Float.NaN),
                new BacnetValue.DoubleValue(Math.PI), new BacnetValue.OctetString(new byte[300]),
                new BacnetValue.CharacterString("空調機 AHU-1"), new BacnetValue.BitString(new boolean[] {true, false,
                        true, true, false, false, false, false, true}), new BacnetValue.BitString(new boolean[0]),
                new BacnetValue.Enumerated(3), new BacnetValue.Date(2026, 11, 26, 4),
                new BacnetValue.Date(2155, 255, 255, 255), new BacnetValue.Time(23, 59, 59, 99),
                new BacnetValue.ObjectId(new ObjectIdentifier(1023, ObjectIdentifier.MAX_INSTANCE)),
                new BacnetValue.Constructed(3, List.of(new BacnetValue.Real(1f),
                        new BacnetValue.Constructed(0, List.of(BacnetValue.Null.INSTANCE)))));
        for (BacnetValue value : values) {
            assertEquals(value, roundTrip(value));
        }
    }

    @Test
    public void integersUseTheFewestOctets() {
        assertEquals("2100", encoded(new BacnetValue.Unsigned(0)));
        assertEquals("22FFFF", encoded(new BacnetValue.Unsigned(65535)));
        assertEquals("2401000000", encoded(new BacnetValue.Unsigned(0x1000000)));
        assertEquals("3180", encoded(new BacnetValue.Signed(-128)));
        assertEquals("320080", encoded(new BacnetValue.Signed(128)));
        assertEquals("10", encoded(new BacnetValue.Bool(false)));
        assertEquals("11", encoded(new BacnetValue.Bool(true)));
        assertEquals("00", encoded(BacnetValue.Null.INSTANCE));
    }

    @Test
    public void longContentUsesExtendedLengthOctets() throws Exception {
        assertTrue(encoded(new BacnetValue.OctetString(new byte[5])).startsWith("6505"));
        assertTrue(encoded(new BacnetValue.OctetString(new byte[254])).startsWith("65FE00FE"));
        assertTrue(encoded(new BacnetValue.OctetString(new byte[70000])).startsWith("65FF00011170"));
        assertEquals(new BacnetValue.OctetString(new byte[70000]),
                roundTrip(new BacnetValue.OctetString(new byte[70000])));
    }

    @Test
    public void contextTagsAboveFourteenUseAnExtraOctet() throws Exception {
        ByteWriter out = new ByteWriter();
        Asn.writeContextUnsigned(out, 20, 5);
        Asn.writeOpening(out, 30);
        Asn.writeClosing(out, 30);
        assertEquals("F91405FE1EFF1E", AnnexFExamplesTest.hex(out.toByteArray()));
        ByteReader in = new ByteReader(out.toByteArray());
        assertEquals(5, Asn.readContextUnsigned(in, 20));
        assertEquals(new BacnetValue.Constructed(30, List.of()), Asn.read(in));
    }

    @Test
    public void eachCharacterSetDecodesAndEncodesItsText() throws Exception {
        String japanese = "空調機";
        for (int set : new int[] {CharacterSets.UTF_8, CharacterSets.UCS_2, CharacterSets.UCS_4,
                CharacterSets.JIS_X_0208}) {
            BacnetValue.CharacterString value = new BacnetValue.CharacterString(japanese, set);
            assertEquals(value, roundTrip(value));
        }
        BacnetValue.CharacterString latin = new BacnetValue.CharacterString("Kühlung", CharacterSets.ISO_8859_1);
        assertEquals("7508054BFC686C756E67", encoded(latin));
        assertEquals(latin, roundTrip(latin));
        assertEquals("73043075", encoded(new BacnetValue.CharacterString("\u3075", CharacterSets.UCS_2)));
    }

    @Test
    public void jisX0208IsTwoSevenBitOctetsPerCharacterAndTheEucFormIsAccepted() throws Exception {
        // 空 is row 22 cell 85 (0x36 0x75), 調 0x44 0x34, 機 0x35 0x21
        assertEquals("7507023675443435 21".replace(" ", ""),
                encoded(new BacnetValue.CharacterString("空調機", CharacterSets.JIS_X_0208)));
        assertEquals(new BacnetValue.CharacterString("空調機", CharacterSets.JIS_X_0208),
                Asn.read(new ByteReader(hex("750702B6F5C4B4B5A1"))));
        assertThrows(IllegalArgumentException.class, () -> encoded(new BacnetValue.CharacterString("AHU",
                CharacterSets.JIS_X_0208)));
        assertThrows(DecodeException.class, () -> Asn.read(new ByteReader(hex("7504023675 44".replace(" ", "")))));
        assertThrows(DecodeException.class, () -> Asn.read(new ByteReader(hex("75050236F54434"))));
    }

    @Test
    public void shiftJisCodePage932IsReadAndOtherCodePagesAreRefused() throws Exception {
        assertEquals("空", ((BacnetValue.CharacterString) Asn.read(new ByteReader(hex("75050103A48BF3")))).value());
        assertThrows(DecodeException.class, () -> Asn.read(new ByteReader(hex("750501036641"))));
    }

    @Test
    public void malformedValuesAreRefusedWithADecodeException() {
        for (String bad : new String[] {
            "", "44 4290", "45 4290999A11", "21", "2A00", "0C00", "65 FF FFFFFFFF 00", "65FE", "F5", "FF",
            "82 08 00", "8103", "75 01 09", "7502 00 FF", "A3 000000", "C3 000000", "12", "0E 1F",
            "0E 0E 0E 0E 0E 0E 0E 0E 0E 0E 0E 0E 0E 0E 0E 0E 0E 0E", "16", "D0", "E100"}) {
            ByteReader in = new ByteReader(hex(bad));
            assertThrows(bad, DecodeException.class, () -> {
                Asn.read(in);
                if (in.hasRemaining()) {
                    Asn.read(in);
                }
            });
        }
    }
}
