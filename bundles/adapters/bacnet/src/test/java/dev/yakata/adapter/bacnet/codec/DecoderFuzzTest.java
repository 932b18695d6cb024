package dev.yakata.adapter.bacnet.codec;

import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.sessions.JqwikSession;
import org.junit.Test;

/**
 * Fuzzes the decoder for a bounded time within the normal test run: {@code bacnet.fuzz.seconds} per strategy
 * (1 s in the build; {@code mvn test -Dbacnet.fuzz.seconds=600 -Dtest=DecoderFuzzTest} for a long run). Each strategy
 * prints how many inputs it ran. A failure prints the input in hex, to be added to the unit tests.
 */
public class DecoderFuzzTest {

    private static final double SECONDS = Double.parseDouble(System.getProperty("bacnet.fuzz.seconds", "1"));

    /** Valid datagrams to mutate: the Annex F APDUs in BVLL/NPDU, one routed, plus BVLL-only messages. */
    public static List<byte[]> seeds() {
        List<byte[]> seeds = new ArrayList<>();
        for (String apdu : new String[] {"0000010C0C000000051955", "30010C0C0000000519553E444290999A3F",
            "0004F10E0C000000101E095509671F", "30F10E0C000000101E29554E444290999A4F29674E91004F1F",
            "30020E0C000000211E29554E44422933334F1F0C000000321E29555E9101911F5F1F0C000000231E29554E4443D9D99A4F1F",
            "0004590F0C0080000119553E44433400003F", "20590F", "50580B91019117", "00020F0509121C0000000A29013900",
            "00020F0109121C020000042C0000000A39004E09552E44428200002F096F2E8204002F4F",
            "100209121C020000042C0000000A39004E09552E44428200002F096F2E8204002F4F", "100809031903",
            "1000C40200000322040091032163", "3C0300040C0C0000000519553E7508005472656E6420313F", "40010203",
            "6005 09".replace(" ", ""), "710304", "30010C0C0200000719553E750702367544343521 3F".replace(" ", "")}) {
            byte[] bytes = AnnexFExamplesTest.hex(apdu);
            seeds.add(Frame.unicast(BacnetAddress.of(new java.net.InetSocketAddress("127.0.0.1", 47808)),
                    decodeOrNull(bytes), true));
            ByteWriter routed = new ByteWriter();
            new Npdu(false, true, 0, 5, new byte[] {7}, 9, new byte[] {1, 2}, 255, -1).encode(routed);
            routed.bytes(bytes);
            seeds.add(Bvlc.forwarded(new java.net.InetSocketAddress("127.0.0.1", 47809), routed.toByteArray()));
        }
        seeds.add(Bvlc.result(0x30));
        seeds.add(Bvlc.registerForeignDevice(60));
        seeds.add(AnnexFExamplesTest.hex("810B0007018000")); // Who-Is-Router-To-Network
        return seeds;
    }

    private static Apdu decodeOrNull(byte[] bytes) {
        try {
            return Apdu.decode(bytes);
        } catch (DecodeException e) {
            throw new AssertionError("seed does not decode: " + AnnexFExamplesTest.hex(bytes), e);
        }
    }

    @Test
    public void everySeedDecodesCleanly() {
        for (byte[] seed : seeds()) {
            assertTrue(AnnexFExamplesTest.hex(seed), DecodeEverything.run(seed) >= 1);
        }
    }

    @Test
    public void mutatedValidDatagramsOnlyEverFailWithADecodeException() {
        List<byte[]> seeds = seeds();
        Random random = new Random(Long.getLong("bacnet.fuzz.seed", System.nanoTime()));
        long deadline = System.nanoTime() + (long) (SECONDS * 1e9);
        long inputs = 0;
        long deepInputs = 0;
        while (System.nanoTime() < deadline) {
            for (int i = 0; i < 256; i++) {
                byte[] input = Mutator.mutate(seeds.get(random.nextInt(seeds.size())), random);
                if (DecodeEverything.run(input) > 2) {
                    deepInputs++;
                }
                inputs++;
            }
        }
        System.out.printf("bacnet fuzz (mutation): %d inputs in %.1f s, %d decoded past the APDU header%n", inputs,
                SECONDS, deepInputs);
        assertTrue("the fuzzer should reach the service decoders", deepInputs > 0);
    }

    @Test
    public void randomBytesFromJqwikOnlyEverFailWithADecodeException() {
        // jqwik's generators with their edge cases (empty, 0x00, 0xFF, ...), outside a @Property so the run is
        // bounded by time instead of by a fixed number of tries.
        JqwikSession.start();
        try {
            fuzzWithJqwik();
        } finally {
            JqwikSession.finish();
        }
    }

    private static void fuzzWithJqwik() {
        // A BVLL header in front of random NPDU/APDU bytes, so most inputs get past the first length check.
        Arbitrary<byte[]> bodies = Arbitraries.bytes().array(byte[].class).ofMaxSize(600);
        Arbitrary<Integer> functions = Arbitraries.of(0x0A, 0x0B, 0x04, 0x09, 0x00, 0x05, 0x0C, 0xFF);
        long deadline = System.nanoTime() + (long) (SECONDS * 1e9);
        long inputs = 0;
        var bodyStream = bodies.generator(1000).stream(new Random(System.nanoTime())).iterator();
        var functionStream = functions.generator(1000).stream(new Random(System.nanoTime())).iterator();
        while (System.nanoTime() < deadline) {
            byte[] body = bodyStream.next().value();
            int function = functionStream.next().value();
            byte[] datagram = new byte[body.length + 6];
            datagram[0] = (byte) 0x81;
            datagram[1] = (byte) function;
            datagram[2] = (byte) (datagram.length >>> 8);
            datagram[3] = (byte) datagram.length;
            datagram[4] = 1;
            datagram[5] = (byte) (body.length > 0 ? body[0] & 0xAF : 0);
            System.arraycopy(body, 0, datagram, 6, body.length);
            DecodeEverything.run(datagram);
            DecodeEverything.run(body);
            inputs += 2;
        }
        System.out.printf("bacnet fuzz (jqwik random): %d inputs in %.1f s%n", inputs, SECONDS);
        assertTrue(inputs > 0);
    }

    @Test
    public void knownNastyInputsAreRefused() {
        Set<String> nasty = Set.of(
                "810A0009 0100 65FFFFFFFF", // octet string claiming 4 GB
                "810A000B 0100 30010C 3E3E3E", // unclosed constructed values
                "810A0007 0120 FFFF", // DNET without DLEN
                "810A0004", // no NPDU at all
                "810AFFFF 01003001", // BVLL length larger than the datagram
                "81040008 7F000001BAC0"); // forwarded without an NPDU
        for (String input : nasty.stream().map(s -> s.replace(" ", "")).collect(Collectors.toSet())) {
            DecodeEverything.run(AnnexFExamplesTest.hex(input));
        }
        ByteWriter deep = new ByteWriter();
        deep.u8(0x81).u8(0x0A).u16(0).u8(1).u8(0).u8(0x30).u8(1).u8(12);
        for (int i = 0; i < 5000; i++) {
            Asn.writeOpening(deep, 3);
        }
        byte[] bytes = deep.toByteArray();
        bytes[2] = (byte) (bytes.length >>> 8);
        bytes[3] = (byte) bytes.length;
        DecodeEverything.run(bytes); // 5000 nested opening tags: refused by depth, no StackOverflowError
    }
}
