package dev.yakata.adapter.bacnet.codec;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import dev.yakata.adapter.bacnet.codec.Services.CovNotification;
import dev.yakata.adapter.bacnet.codec.Services.IAm;
import dev.yakata.adapter.bacnet.codec.Services.PropertyReference;
import dev.yakata.adapter.bacnet.codec.Services.PropertyResult;
import dev.yakata.adapter.bacnet.codec.Services.PropertyValue;
import dev.yakata.adapter.bacnet.codec.Services.ReadAccessResult;
import dev.yakata.adapter.bacnet.codec.Services.ReadAccessSpec;
import dev.yakata.adapter.bacnet.codec.Services.ReadPropertyAck;
import dev.yakata.adapter.bacnet.codec.Services.ReadPropertyMultipleAck;
import dev.yakata.adapter.bacnet.codec.Services.ReadPropertyMultipleRequest;
import dev.yakata.adapter.bacnet.codec.Services.ReadPropertyRequest;
import dev.yakata.adapter.bacnet.codec.Services.SubscribeCovRequest;
import dev.yakata.adapter.bacnet.codec.Services.WhoIs;
import dev.yakata.adapter.bacnet.codec.Services.WritePropertyRequest;
import java.util.HexFormat;
import java.util.List;
import org.junit.Test;

/**
 * The encodings of ANSI/ASHRAE 135 Annex F ("Examples of APDU encoding"), byte for byte, in both directions. The
 * clause of each example is in the test name.
 */
public class AnnexFExamplesTest {

    private static final ObjectIdentifier AI_5 = new ObjectIdentifier(ObjectTypes.ANALOG_INPUT, 5);

    static byte[] hex(String text) {
        return HexFormat.of().parseHex(text.replace(" ", "").toLowerCase());
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().withUpperCase().formatHex(bytes);
    }

    @Test
    public void readPropertyRequestOfF35aEncodesAndDecodes() throws Exception {
        byte[] service = new ReadPropertyRequest(AI_5, PropertyIds.PRESENT_VALUE, -1).encode();
        Apdu apdu = Apdu.ConfirmedRequest.of(1, 50, false, 0, Services.READ_PROPERTY, service);
        assertEquals("0000010C0C000000051955", hex(apdu.toBytes()));

        Apdu.ConfirmedRequest decoded = (Apdu.ConfirmedRequest) Apdu.decode(hex("0000010C0C000000051955"));
        assertEquals(1, decoded.invokeId());
        assertEquals(50, decoded.maxApdu());
        assertEquals(new ReadPropertyRequest(AI_5, 85, -1), ReadPropertyRequest.decode(decoded.serviceData()));
    }

    @Test
    public void readPropertyAckOfF35bCarries72point3() throws Exception {
        Apdu.ComplexAck ack = (Apdu.ComplexAck) Apdu.decode(hex("30010C0C0000000519553E444290999A3F"));
        assertEquals(1, ack.invokeId());
        assertEquals(Services.READ_PROPERTY, ack.serviceChoice());
        ReadPropertyAck rp = ReadPropertyAck.decode(ack.serviceData());
        assertEquals(AI_5, rp.object());
        assertEquals(List.of(new BacnetValue.Real(72.3f)), rp.values());
        assertEquals("30010C0C0000000519553E444290999A3F",
                hex(Apdu.ComplexAck.of(1, 12, rp.encode()).toBytes()));
    }

    @Test
    public void readPropertyMultipleRequestOfF37aEncodes() {
        ReadPropertyMultipleRequest request = new ReadPropertyMultipleRequest(List.of(new ReadAccessSpec(
                new ObjectIdentifier(ObjectTypes.ANALOG_INPUT, 16),
                List.of(new PropertyReference(85), new PropertyReference(103)))));
        Apdu apdu = Apdu.ConfirmedRequest.of(241, 1024, false, 0, Services.READ_PROPERTY_MULTIPLE, request.encode());
        assertEquals("0004F10E0C000000101E095509671F", hex(apdu.toBytes()));
    }

    @Test
    public void readPropertyMultipleAckOfF37bDecodesValueAndEnumerated() throws Exception {
        Apdu.ComplexAck ack = (Apdu.ComplexAck) Apdu.decode(hex("30F10E0C000000101E29554E444290999A4F29674E91004F1F"));
        ReadPropertyMultipleAck rpm = ReadPropertyMultipleAck.decode(ack.serviceData());
        ReadAccessResult result = rpm.results().get(0);
        assertEquals(new ObjectIdentifier(0, 16), result.object());
        assertEquals(List.of(new BacnetValue.Real(72.3f)), result.results().get(0).values());
        assertEquals(List.of(new BacnetValue.Enumerated(0)), result.results().get(1).values());
        assertEquals("30F10E0C000000101E29554E444290999A4F29674E91004F1F",
                hex(Apdu.ComplexAck.of(241, 14, rpm.encode()).toBytes()));
    }

    @Test
    public void readPropertyMultipleAckOfF37dReportsTheErrorOfAnUnknownObject() throws Exception {
        String bytes = "30020E0C000000211E29554E44422933334F1F0C000000321E29555E9101911F5F1F0C000000231E29554E4443D9D99A4F1F";
        ReadPropertyMultipleAck rpm = ReadPropertyMultipleAck
                .decode(((Apdu.ComplexAck) Apdu.decode(hex(bytes))).serviceData());
        assertEquals(3, rpm.results().size());
        PropertyResult missing = rpm.results().get(1).results().get(0);
        assertFalse(missing.isValue());
        assertEquals(1, missing.errorClass()); // object
        assertEquals(31, missing.errorCode()); // unknown-object
        assertEquals(List.of(new BacnetValue.Real(435.7f)), rpm.results().get(2).results().get(0).values());
        assertEquals(bytes, hex(Apdu.ComplexAck.of(2, 14, rpm.encode()).toBytes()));
    }

    @Test
    public void writePropertyRequestOfF39aEncodesWithoutPriority() throws Exception {
        WritePropertyRequest request = new WritePropertyRequest(new ObjectIdentifier(ObjectTypes.ANALOG_VALUE, 1), 85,
                -1, List.of(new BacnetValue.Real(180f)), -1);
        Apdu apdu = Apdu.ConfirmedRequest.of(89, 1024, false, 0, Services.WRITE_PROPERTY, request.encode());
        assertEquals("0004590F0C0080000119553E44433400003F", hex(apdu.toBytes()));
        assertEquals(request, WritePropertyRequest.decode(request.encode()));
        assertEquals("20590F", hex(new Apdu.SimpleAck(89, 15).toBytes()));
    }

    @Test
    public void errorOfF34dDecodesClassAndCode() throws Exception {
        Apdu.Error error = (Apdu.Error) Apdu.decode(hex("50580B91019117"));
        assertEquals(88, error.invokeId());
        assertEquals(11, error.serviceChoice());
        assertEquals(1, error.errorClass());
        assertEquals(23, error.errorCode());
        assertEquals("50580B91019117", hex(error.toBytes()));
    }

    @Test
    public void subscribeCovOfF110aEncodesConfirmedWithIndefiniteLifetime() throws Exception {
        SubscribeCovRequest request = new SubscribeCovRequest(18, new ObjectIdentifier(0, 10), true, 0);
        Apdu apdu = Apdu.ConfirmedRequest.of(15, 206, false, 0, Services.SUBSCRIBE_COV, request.encode());
        assertEquals("00020F0509121C0000000A29013900", hex(apdu.toBytes()));
        assertEquals(request, SubscribeCovRequest.decode(request.encode()));
        assertFalse(request.isCancellation());
        assertTrue(new SubscribeCovRequest(18, new ObjectIdentifier(0, 10), null, -1).isCancellation());
    }

    @Test
    public void confirmedCovNotificationOfF12aDecodesBothValues() throws Exception {
        Apdu.ConfirmedRequest request = (Apdu.ConfirmedRequest) Apdu.decode(
                hex("00020F0109121C020000042C0000000A39004E09552E44428200002F096F2E8204002F4F"));
        assertEquals(Services.CONFIRMED_COV_NOTIFICATION, request.serviceChoice());
        CovNotification notification = CovNotification.decode(request.serviceData());
        assertEquals(18, notification.processId());
        assertEquals(ObjectIdentifier.device(4), notification.initiatingDevice());
        assertEquals(new ObjectIdentifier(0, 10), notification.object());
        PropertyValue presentValue = notification.values().get(0);
        assertEquals(List.of(new BacnetValue.Real(65f)), presentValue.values());
        BacnetValue.BitString flags = (BacnetValue.BitString) notification.values().get(1).values().get(0);
        assertEquals(4, flags.bits().length);
        assertEquals("200F01", hex(new Apdu.SimpleAck(15, 1).toBytes()));
    }

    @Test
    public void unconfirmedCovNotificationOfF13EncodesLikeTheStandard() throws Exception {
        CovNotification notification = new CovNotification(18, ObjectIdentifier.device(4), new ObjectIdentifier(0, 10),
                0, List.of(new PropertyValue(85, -1, List.of(new BacnetValue.Real(65f)), -1),
                        new PropertyValue(111, -1, List.of(new BacnetValue.BitString(new boolean[4])), -1)));
        Apdu apdu = new Apdu.UnconfirmedRequest(Services.UNCONFIRMED_COV_NOTIFICATION, notification.encode());
        assertEquals("100209121C020000042C0000000A39004E09552E44428200002F096F2E8204002F4F", hex(apdu.toBytes()));
    }

    @Test
    public void whoIsAndIAmOfF49EncodeAndDecode() throws Exception {
        assertEquals("100809031903",
                hex(new Apdu.UnconfirmedRequest(Services.WHO_IS, new WhoIs(3, 3).encode()).toBytes()));
        assertEquals("1008", hex(new Apdu.UnconfirmedRequest(Services.WHO_IS, WhoIs.all().encode()).toBytes()));
        IAm iAm = new IAm(ObjectIdentifier.device(3), 1024, Services.NO_SEGMENTATION, 99);
        assertEquals("1000C40200000322040091032163",
                hex(new Apdu.UnconfirmedRequest(Services.I_AM, iAm.encode()).toBytes()));
        Apdu.UnconfirmedRequest received = (Apdu.UnconfirmedRequest) Apdu.decode(hex("1000C4020000012201E091012163"));
        assertEquals(new IAm(ObjectIdentifier.device(1), 480, Services.SEGMENTED_TRANSMIT, 99),
                IAm.decode(received.serviceData()));
        assertEquals(new IAm(ObjectIdentifier.device(2), 206, Services.SEGMENTED_RECEIVE, 33),
                IAm.decode(((Apdu.UnconfirmedRequest) Apdu.decode(hex("1000C40200000221CE91022121"))).serviceData()));
    }

    @Test
    public void characterStringsOfF33aAndF44aUseCharacterSetZero() throws Exception {
        // From F.3.3 (CreateObject) and F.4.4 (ReinitializeDevice): "Trend 1" and "AbCdEfGh" in ANSI X3.4 / UTF-8.
        ByteReader trend = new ByteReader(hex("7508005472656E642031"));
        assertEquals(new BacnetValue.CharacterString("Trend 1"), Asn.read(trend));
        ByteWriter out = new ByteWriter();
        Asn.writeContext(out, 1, new BacnetValue.CharacterString("AbCdEfGh"));
        assertEquals("1D09004162436445664768", hex(out.toByteArray()));
    }

    @Test
    public void segmentAckAbortAndRejectRoundTrip() throws Exception {
        for (Apdu apdu : List.of(new Apdu.SegmentAck(false, false, 7, 3, 4), new Apdu.SegmentAck(true, true, 9, 1, 1),
                new Apdu.Abort(true, 5, 4), new Apdu.Reject(6, 9),
                new Apdu.ComplexAck(true, true, 3, 2, 4, 12, hex("0102")),
                new Apdu.ConfirmedRequest(true, false, true, 16, 1476, 4, 0, 8, 14, hex("0C00")))) {
            assertEquals(apdu, Apdu.decode(apdu.toBytes()));
        }
        assertNull(Frame.decode(Bvlc.result(0), 0, 6).apdu());
    }

    @Test
    public void arrayIndexIsEncodedOnlyWhenGiven() throws Exception {
        ReadPropertyRequest request = new ReadPropertyRequest(ObjectIdentifier.device(7), PropertyIds.OBJECT_LIST, 0);
        assertArrayEquals(hex("0C02000007194C2900"), request.encode());
        assertEquals(request, ReadPropertyRequest.decode(request.encode()));
    }
}
