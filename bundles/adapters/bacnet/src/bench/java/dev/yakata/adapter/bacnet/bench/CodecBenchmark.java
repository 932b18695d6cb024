package dev.yakata.adapter.bacnet.bench;

import dev.yakata.adapter.bacnet.codec.Apdu;
import dev.yakata.adapter.bacnet.codec.BacnetAddress;
import dev.yakata.adapter.bacnet.codec.BacnetValue;
import dev.yakata.adapter.bacnet.codec.DecodeException;
import dev.yakata.adapter.bacnet.codec.Frame;
import dev.yakata.adapter.bacnet.codec.ObjectIdentifier;
import dev.yakata.adapter.bacnet.codec.Services;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Codec throughput (operations per second) on the messages the adapter handles most: a ReadPropertyMultiple-ACK with
 * 50 present values (one poll batch), a ReadProperty-ACK, a COV notification, and the requests. The baseline is
 * {@code baselineCopyDatagram}: copying the 50-value datagram, the floor for any decoder that returns owned data.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CodecBenchmark {

    private static final BacnetAddress PEER = BacnetAddress.of(new InetSocketAddress("127.0.0.1", 47808));

    private byte[] rpmAckDatagram;
    private byte[] rpAckDatagram;
    private byte[] covDatagram;
    private Services.ReadPropertyMultipleRequest rpmRequest;
    private Services.ReadPropertyMultipleAck rpmAck;

    @Setup
    public void setup() {
        List<Services.ReadAccessResult> results = new ArrayList<>();
        List<Services.ReadAccessSpec> specs = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            ObjectIdentifier object = new ObjectIdentifier(2, i);
            results.add(new Services.ReadAccessResult(object, List.of(Services.PropertyResult.value(85, -1,
                    List.of(new BacnetValue.Real(20f + i))))));
            specs.add(new Services.ReadAccessSpec(object, List.of(new Services.PropertyReference(85))));
        }
        rpmAck = new Services.ReadPropertyMultipleAck(results);
        rpmRequest = new Services.ReadPropertyMultipleRequest(specs);
        rpmAckDatagram = Frame.unicast(PEER, Apdu.ComplexAck.of(7, Services.READ_PROPERTY_MULTIPLE, rpmAck.encode()),
                false);
        rpAckDatagram = Frame.unicast(PEER, Apdu.ComplexAck.of(1, Services.READ_PROPERTY,
                new Services.ReadPropertyAck(new ObjectIdentifier(0, 5), 85, -1, List.of(new BacnetValue.Real(72.3f)))
                        .encode()), false);
        covDatagram = Frame.unicast(PEER, new Apdu.UnconfirmedRequest(Services.UNCONFIRMED_COV_NOTIFICATION,
                new Services.CovNotification(1, ObjectIdentifier.device(4), new ObjectIdentifier(0, 10), 60, List.of(
                        new Services.PropertyValue(85, -1, List.of(new BacnetValue.Real(65f)), -1),
                        new Services.PropertyValue(111, -1, List.of(new BacnetValue.BitString(new boolean[4])), -1)))
                        .encode()), false);
    }

    @Benchmark
    public byte[] baselineCopyDatagram() {
        return Arrays.copyOf(rpmAckDatagram, rpmAckDatagram.length);
    }

    @Benchmark
    public Services.ReadPropertyMultipleAck decodeRpmAck50Values() throws DecodeException {
        Frame frame = Frame.decode(rpmAckDatagram, 0, rpmAckDatagram.length);
        return Services.ReadPropertyMultipleAck.decode(((Apdu.ComplexAck) frame.apdu()).serviceData());
    }

    @Benchmark
    public Services.ReadPropertyAck decodeReadPropertyAck() throws DecodeException {
        Frame frame = Frame.decode(rpAckDatagram, 0, rpAckDatagram.length);
        return Services.ReadPropertyAck.decode(((Apdu.ComplexAck) frame.apdu()).serviceData());
    }

    @Benchmark
    public Services.CovNotification decodeCovNotification() throws DecodeException {
        Frame frame = Frame.decode(covDatagram, 0, covDatagram.length);
        return Services.CovNotification.decode(((Apdu.UnconfirmedRequest) frame.apdu()).serviceData());
    }

    @Benchmark
    public byte[] encodeRpmRequest50Objects() {
        return Frame.unicast(PEER, Apdu.ConfirmedRequest.of(9, 1476, true, 64, Services.READ_PROPERTY_MULTIPLE,
                rpmRequest.encode()), true);
    }

    @Benchmark
    public byte[] encodeRpmAck50Values() {
        return Frame.unicast(PEER, Apdu.ComplexAck.of(7, Services.READ_PROPERTY_MULTIPLE, rpmAck.encode()), false);
    }
}
