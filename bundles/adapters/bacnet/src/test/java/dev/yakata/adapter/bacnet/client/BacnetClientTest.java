package dev.yakata.adapter.bacnet.client;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import dev.yakata.adapter.bacnet.codec.BacnetValue;
import dev.yakata.adapter.bacnet.codec.Bvlc;
import dev.yakata.adapter.bacnet.codec.ObjectIdentifier;
import dev.yakata.adapter.bacnet.codec.ObjectTypes;
import dev.yakata.adapter.bacnet.codec.PropertyIds;
import dev.yakata.adapter.bacnet.codec.Services;
import dev.yakata.adapter.bacnet.sim.SimulatedBacnetDevice;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/** The client's transactions against a BACnet/IP device on a real loopback socket. */
public class BacnetClientTest {

    private static final ObjectIdentifier AV_1 = new ObjectIdentifier(ObjectTypes.ANALOG_VALUE, 1);
    private static final ObjectIdentifier AI_2 = new ObjectIdentifier(ObjectTypes.ANALOG_INPUT, 2);

    private SimulatedBacnetDevice device;
    private BacnetClient client;

    @Before
    public void start() throws Exception {
        device = new SimulatedBacnetDevice(1001);
        device.addObject(AV_1, "setpoint", 62, new BacnetValue.Real(21f));
        device.addObject(AI_2, "supply-temp", 62, new BacnetValue.Real(18.5f));
        client = BacnetClient.open(ClientConfig.bindTo(new InetSocketAddress("127.0.0.1", 0)).withTimeout(300, 2));
    }

    @After
    public void stop() throws Exception {
        client.close();
        device.close();
    }

    private static <T> T await(CompletionStage<T> stage) throws Exception {
        try {
            return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw (Exception) e.getCause();
        }
    }

    private static BacnetException failure(CompletionStage<?> stage) throws Exception {
        try {
            stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return (BacnetException) e.getCause();
        }
        fail("the request should have failed");
        return null;
    }

    private static void eventually(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("not within 10 s: " + what);
            }
            Thread.sleep(10);
        }
    }

    @Test
    public void readPropertyReturnsThePresentValue() throws Exception {
        assertEquals(List.of(new BacnetValue.Real(18.5f)),
                await(client.readProperty(device.address(), AI_2, PropertyIds.PRESENT_VALUE, -1)));
    }

    @Test
    public void readPropertyMultipleReturnsValuesAndPerPropertyErrors() throws Exception {
        Services.ReadPropertyMultipleAck ack = await(client.readPropertyMultiple(device.address(), List.of(
                new Services.ReadAccessSpec(AI_2, List.of(new Services.PropertyReference(PropertyIds.PRESENT_VALUE),
                        new Services.PropertyReference(PropertyIds.UNITS))),
                new Services.ReadAccessSpec(new ObjectIdentifier(0, 99),
                        List.of(new Services.PropertyReference(PropertyIds.PRESENT_VALUE))))));
        assertEquals(List.of(new BacnetValue.Real(18.5f)), ack.results().get(0).results().get(0).values());
        assertEquals(List.of(new BacnetValue.Enumerated(62)), ack.results().get(0).results().get(1).values());
        assertEquals(31, ack.results().get(1).results().get(0).errorCode());
    }

    @Test
    public void writeWithPriorityCommandsAndNullRelinquishes() throws Exception {
        await(client.writeProperty(device.address(), new Services.WritePropertyRequest(AV_1,
                PropertyIds.PRESENT_VALUE, -1, List.of(new BacnetValue.Real(24f)), 8)));
        assertEquals(new BacnetValue.Real(24f), device.presentValue(AV_1));
        assertEquals(new BacnetValue.Real(24f), device.priority(AV_1, 8));
        await(client.writeProperty(device.address(), new Services.WritePropertyRequest(AV_1,
                PropertyIds.PRESENT_VALUE, -1, List.of(BacnetValue.Null.INSTANCE), 8)));
        assertEquals(BacnetValue.Null.INSTANCE, device.priority(AV_1, 8));
        assertEquals(new BacnetValue.Real(21f), device.presentValue(AV_1));
    }

    @Test
    public void aLostRequestIsSentAgainAndStillAnswered() throws Exception {
        device.dropRequests.set(1);
        assertEquals(List.of(new BacnetValue.Real(18.5f)),
                await(client.readProperty(device.address(), AI_2, PropertyIds.PRESENT_VALUE, -1)));
        assertEquals(1, client.statistics().retries());
    }

    @Test
    public void aSilentDeviceFailsTheRequestWithTimeoutAfterAllRetries() throws Exception {
        device.silent = true;
        BacnetException e = failure(client.readProperty(device.address(), AI_2, PropertyIds.PRESENT_VALUE, -1));
        assertEquals(BacnetException.Kind.TIMEOUT, e.kind());
        assertEquals(2, client.statistics().retries());
        assertEquals(1, client.statistics().timeouts());
    }

    @Test
    public void aSegmentedAnswerIsReassembledAcknowledgingEachWindow() throws Exception {
        for (int i = 10; i < 110; i++) {
            device.addObject(new ObjectIdentifier(ObjectTypes.BINARY_INPUT, i), "input " + i, -1,
                    new BacnetValue.Enumerated(0));
        }
        device.maxApdu = 128;
        List<BacnetValue> objectList = await(client.readProperty(device.address(), ObjectIdentifier.device(1001),
                PropertyIds.OBJECT_LIST, -1));
        assertEquals(103, objectList.size());
        assertTrue(client.statistics().segmentsReceived() > 3);
        assertTrue(device.segmentAcks.get() > 1);
    }

    @Test
    public void errorRejectAndUnknownObjectFailWithTheirKind() throws Exception {
        BacnetException error = failure(client.readProperty(device.address(), new ObjectIdentifier(0, 77),
                PropertyIds.PRESENT_VALUE, -1));
        assertEquals(BacnetException.Kind.ERROR, error.kind());
        assertEquals(1, error.errorClass());
        assertEquals(31, error.errorCode());
        BacnetException reject = failure(client.confirmed(device.address(), 26, new byte[0], true));
        assertEquals(BacnetException.Kind.REJECT, reject.kind());
        assertEquals(9, reject.reason());
        assertEquals(1, client.statistics().errors());
        assertEquals(1, client.statistics().rejects());
    }

    @Test
    public void anAbortFromTheDeviceFailsTheRequestWithItsReason() throws Exception {
        device.abortReason = 4; // segmentation-not-supported
        BacnetException abort = failure(client.readProperty(device.address(), AI_2, PropertyIds.PRESENT_VALUE, -1));
        assertEquals(BacnetException.Kind.ABORT, abort.kind());
        assertEquals(4, abort.reason());
        assertTrue(abort.deviceAnswered());
        assertEquals(1, client.statistics().aborts());
    }

    @Test
    public void aBroadcastWhoIsCollectsTheIAmAnswers() throws Exception {
        try (BacnetClient broadcaster = BacnetClient.open(ClientConfig.bindTo(new InetSocketAddress("127.0.0.1", 0))
                .withBroadcast(device.address().ip()))) { // loopback has no broadcast: aim it at the device
            LinkedBlockingQueue<DiscoveredDevice> found = new LinkedBlockingQueue<>();
            broadcaster.addIAmListener(found::add);
            broadcaster.whoIsBroadcast(-1, -1);
            assertEquals(1001, found.poll(10, TimeUnit.SECONDS).instance());
        }
    }

    @Test
    public void aFloodOfMutatedDatagramsIsCountedAndTheClientKeepsWorking() throws Exception {
        List<byte[]> seeds = dev.yakata.adapter.bacnet.codec.DecoderFuzzTest.seeds();
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 3000; i++) {
            device.sendRaw(client.localAddress(), dev.yakata.adapter.bacnet.codec.FuzzAccess.mutate(
                    seeds.get(random.nextInt(seeds.size())), random));
        }
        eventually("the flood is received", () -> client.statistics().datagramsReceived() >= 2500);
        ClientStatistics counted = client.statistics();
        assertTrue(counted.toString(), counted.decodeErrors() > 0);
        assertTrue(counted.toString(), counted.untrustedForwards() > 0);
        assertEquals(List.of(new BacnetValue.Real(18.5f)),
                await(client.readProperty(device.address(), AI_2, PropertyIds.PRESENT_VALUE, -1)));
    }

    @Test
    public void anAnswerFromTheWrongAddressIsIgnoredAndCounted() throws Exception {
        device.answerFromOtherSocket = true;
        BacnetException e = failure(client.readProperty(device.address(), AI_2, PropertyIds.PRESENT_VALUE, -1));
        assertEquals(BacnetException.Kind.TIMEOUT, e.kind());
        assertTrue(client.statistics().wrongAddress() >= 1);
    }

    @Test
    public void aDuplicateAnswerIsIgnoredAndCounted() throws Exception {
        device.duplicateAnswers = true;
        assertEquals(List.of(new BacnetValue.Real(18.5f)),
                await(client.readProperty(device.address(), AI_2, PropertyIds.PRESENT_VALUE, -1)));
        eventually("the duplicate is counted", () -> client.statistics().unexpectedInvokeIds() == 1);
    }

    @Test
    public void garbageFromADeviceIsCountedAndTheNextRequestStillWorks() throws Exception {
        for (String hex : new String[] {"00", "810A0005", "810A000801200000", "810A0008010030FF", "DEADBEEF"}) {
            device.sendRaw(client.localAddress(), java.util.HexFormat.of().parseHex(hex.toLowerCase()));
        }
        eventually("garbage is counted", () -> client.statistics().decodeErrors() == 5);
        assertEquals(List.of(new BacnetValue.Real(18.5f)),
                await(client.readProperty(device.address(), AI_2, PropertyIds.PRESENT_VALUE, -1)));
    }

    @Test
    public void whoIsFindsTheDeviceByItsInstance() throws Exception {
        DiscoveredDevice found = await(client.whoIs(device.address(), 1001));
        assertEquals(1001, found.instance());
        assertEquals(device.address(), found.address());
        assertEquals(1476, found.iAm().maxApdu());
    }

    @Test
    public void covNotificationsArriveAndConfirmedOnesAreAcknowledged() throws Exception {
        LinkedBlockingQueue<BacnetClient.CovEvent> events = new LinkedBlockingQueue<>();
        client.addCovListener(events::add);
        await(client.subscribeCov(device.address(), new Services.SubscribeCovRequest(7, AI_2, true, 60)));
        BacnetClient.CovEvent initial = events.poll(10, TimeUnit.SECONDS);
        assertTrue(initial.confirmed());
        device.setPresentValue(AI_2, new BacnetValue.Real(19.5f));
        BacnetClient.CovEvent changed = events.poll(10, TimeUnit.SECONDS);
        assertEquals(List.of(new BacnetValue.Real(19.5f)), changed.notification().values().get(0).values());
        assertEquals(7, changed.notification().processId());
        assertEquals(2, client.statistics().covNotifications());
    }

    @Test
    public void invokeIdsAreNotReusedWhileTheirRequestsAreOpen() throws Exception {
        device.silent = true;
        List<CompletableFuture<List<BacnetValue>>> requests = new ArrayList<>();
        for (int i = 0; i < 257; i++) {
            requests.add(client.readProperty(device.address(), AI_2, PropertyIds.PRESENT_VALUE, -1)
                    .toCompletableFuture());
        }
        BacnetException busy = failure(requests.get(256));
        assertEquals(BacnetException.Kind.BUSY, busy.kind());
        assertFalse(requests.get(255).isDone());
    }

    @Test
    public void aDeviceBehindARouterIsReachedWithDnetAndDadrAndAnswersWithSnetAndSadr() throws Exception {
        device.routedNetwork = 5;
        device.routedMac = new byte[] {0x0A};
        dev.yakata.adapter.bacnet.codec.BacnetAddress routed = new dev.yakata.adapter.bacnet.codec.BacnetAddress(
                device.address().ip(), 5, new byte[] {0x0A});
        assertEquals(List.of(new BacnetValue.Real(18.5f)),
                await(client.readProperty(routed, AI_2, PropertyIds.PRESENT_VALUE, -1)));
        // the local address does not reach it: the router forwards only what names network 5
        assertEquals(BacnetException.Kind.TIMEOUT,
                failure(client.readProperty(device.address(), AI_2, PropertyIds.PRESENT_VALUE, -1)).kind());
        // an answer without SNET/SADR is not from the routed device
        device.dropSourceAddress = true;
        assertEquals(BacnetException.Kind.TIMEOUT,
                failure(client.readProperty(routed, AI_2, PropertyIds.PRESENT_VALUE, -1)).kind());
        assertTrue(client.statistics().wrongAddress() >= 1);
    }

    @Test
    public void foreignDeviceRegistrationIsRenewedAndBroadcastsGoThroughTheBbmd() throws Exception {
        try (DatagramChannel bbmd = DatagramChannel.open(StandardProtocolFamily.INET)
                .bind(new InetSocketAddress("127.0.0.1", 0))) {
            InetSocketAddress bbmdAddress = (InetSocketAddress) bbmd.getLocalAddress();
            LinkedBlockingQueue<Integer> functions = new LinkedBlockingQueue<>();
            Thread answering = new Thread(() -> {
                ByteBuffer buffer = ByteBuffer.allocate(1500);
                try {
                    while (true) {
                        buffer.clear();
                        InetSocketAddress from = (InetSocketAddress) bbmd.receive(buffer);
                        functions.add(buffer.get(1) & 0xFF);
                        if ((buffer.get(1) & 0xFF) == Bvlc.REGISTER_FOREIGN_DEVICE) {
                            bbmd.send(ByteBuffer.wrap(Bvlc.result(Bvlc.RESULT_SUCCESSFUL)), from);
                        }
                    }
                } catch (Exception closed) {
                    // test over
                }
            });
            answering.start();
            await(client.registerForeignDevice(bbmdAddress, 2)); // renewal every second
            eventually("the registration is renewed", () -> client.foreignRegistrations(bbmdAddress) >= 2);
            client.whoIsBroadcast(-1, -1);
            eventually("Who-Is reaches the BBMD as Distribute-Broadcast-To-Network",
                    () -> functions.contains(Bvlc.DISTRIBUTE_BROADCAST_TO_NETWORK));
            // The BBMD forwards a remote device's I-Am: accepted, with the original source as the device address.
            LinkedBlockingQueue<DiscoveredDevice> found = new LinkedBlockingQueue<>();
            client.addIAmListener(found::add);
            InetSocketAddress remote = new InetSocketAddress("127.0.0.1", 47999);
            byte[] iAm = dev.yakata.adapter.bacnet.codec.Frame.npdu(dev.yakata.adapter.bacnet.codec.Npdu.local(false),
                    new dev.yakata.adapter.bacnet.codec.Apdu.UnconfirmedRequest(Services.I_AM, new Services.IAm(
                            ObjectIdentifier.device(77), 480, Services.NO_SEGMENTATION, 5).encode()));
            bbmd.send(ByteBuffer.wrap(Bvlc.forwarded(remote, iAm)), client.localAddress());
            DiscoveredDevice forwarded = found.poll(10, TimeUnit.SECONDS);
            assertEquals(77, forwarded.instance());
            assertEquals(remote, forwarded.address().ip());
            // The same message from anyone else is dropped.
            device.sendRaw(client.localAddress(), Bvlc.forwarded(remote, iAm));
            eventually("the untrusted forward is counted", () -> client.statistics().untrustedForwards() == 1);
            assertTrue(found.isEmpty());
        }
    }
}
