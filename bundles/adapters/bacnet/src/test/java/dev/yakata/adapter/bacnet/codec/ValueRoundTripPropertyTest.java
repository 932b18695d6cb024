package dev.yakata.adapter.bacnet.codec;

import static org.junit.Assert.assertEquals;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** jqwik properties: whatever the encoder writes, the decoder reads back unchanged. */
class ValueRoundTripPropertyTest {

    @Property(tries = 2000)
    void everyEncodedValueDecodesToItself(@ForAll("values") BacnetValue value) throws DecodeException {
        ByteWriter out = new ByteWriter();
        Asn.write(out, value);
        ByteReader in = new ByteReader(out.toByteArray());
        assertEquals(value, Asn.read(in));
        assertEquals(0, in.remaining());
    }

    @Property(tries = 500)
    void everyReadPropertyMultipleAckDecodesToItself(@ForAll("values") BacnetValue first,
            @ForAll("values") BacnetValue second) throws DecodeException {
        Services.ReadPropertyMultipleAck ack = new Services.ReadPropertyMultipleAck(List.of(
                new Services.ReadAccessResult(new ObjectIdentifier(2, 7), List.of(
                        Services.PropertyResult.value(85, -1, List.of(first, second)),
                        Services.PropertyResult.error(77, 3, 2, 32)))));
        assertEquals(ack, Services.ReadPropertyMultipleAck.decode(ack.encode()));
    }

    @Provide
    Arbitrary<BacnetValue> values() {
        return Arbitraries.oneOf(List.of(
                Arbitraries.just(BacnetValue.Null.INSTANCE),
                Arbitraries.of(true, false).map(BacnetValue.Bool::new),
                Arbitraries.longs().map(BacnetValue.Unsigned::new),
                Arbitraries.longs().map(BacnetValue.Signed::new),
                Arbitraries.floats().map(BacnetValue.Real::new),
                Arbitraries.doubles().map(BacnetValue.DoubleValue::new),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(300).map(BacnetValue.OctetString::new),
                Arbitraries.strings().ofMaxLength(40).map(BacnetValue.CharacterString::new),
                Arbitraries.strings().withCharRange(' ', '\u00ff').ofMaxLength(40)
                        .map(s -> new BacnetValue.CharacterString(s, CharacterSets.ISO_8859_1)),
                Arbitraries.strings().withCharRange('\u4e00', '\u4e20').ofMaxLength(10)
                        .map(s -> new BacnetValue.CharacterString(s, CharacterSets.UCS_2)),
                Arbitraries.of(true, false).array(boolean[].class).ofMaxSize(40).map(BacnetValue.BitString::new),
                Arbitraries.longs().between(0, 0xFFFFFFFFL).map(BacnetValue.Enumerated::new),
                Combinators.combine(Arbitraries.integers().between(1900, 2155), Arbitraries.integers().between(1, 12),
                        Arbitraries.integers().between(1, 31), Arbitraries.integers().between(1, 7))
                        .as(BacnetValue.Date::new),
                Combinators.combine(Arbitraries.integers().between(0, 23), Arbitraries.integers().between(0, 59),
                        Arbitraries.integers().between(0, 59), Arbitraries.integers().between(0, 99))
                        .as(BacnetValue.Time::new),
                Combinators.combine(Arbitraries.integers().between(0, 1023),
                        Arbitraries.integers().between(0, ObjectIdentifier.MAX_INSTANCE))
                        .as((t, i) -> new BacnetValue.ObjectId(new ObjectIdentifier(t, i)))));
    }
}
