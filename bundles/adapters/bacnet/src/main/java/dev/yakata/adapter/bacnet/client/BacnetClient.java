package dev.yakata.adapter.bacnet.client;

import dev.yakata.adapter.bacnet.codec.Apdu;
import dev.yakata.adapter.bacnet.codec.BacnetAddress;
import dev.yakata.adapter.bacnet.codec.BacnetNames;
import dev.yakata.adapter.bacnet.codec.BacnetValue;
import dev.yakata.adapter.bacnet.codec.Bvlc;
import dev.yakata.adapter.bacnet.codec.ByteWriter;
import dev.yakata.adapter.bacnet.codec.DecodeException;
import dev.yakata.adapter.bacnet.codec.Frame;
import dev.yakata.adapter.bacnet.codec.Npdu;
import dev.yakata.adapter.bacnet.codec.ObjectIdentifier;
import dev.yakata.adapter.bacnet.codec.Services;
import dev.yakata.util.log.RateLimitedLog;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A BACnet/IP client on one UDP socket: confirmed requests with invoke ids per device, APDU timeout and retries,
 * reassembly of segmented ComplexACKs, Who-Is/I-Am, COV notifications, and foreign-device registration.
 *
 * <p>Every request returns a {@link CompletionStage} that completes on the client's callback thread, never on the
 * receiver, so slow consumers cannot stall reception. A stage fails only with {@link BacnetException}. Bad input
 * (undecodable datagrams, answers from the wrong address, duplicates, unknown services) is counted in
 * {@link #statistics()} and logged once per peer and reason per minute; it never ends a transaction it does not
 * belong to.
 */
public final class BacnetClient implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BacnetClient.class);
    /** Reject reason unrecognized-service. */
    private static final int REJECT_UNRECOGNIZED_SERVICE = 9;
    /** Reject reason invalid-tag, for a request whose parameters do not decode (5 would be missing-parameter). */
    private static final int REJECT_INVALID_TAG = 4;
    /** Abort reasons. */
    private static final int ABORT_BUFFER_OVERFLOW = 1, ABORT_SEGMENTATION_NOT_SUPPORTED = 4;
    private static final int MAX_APDU = 1476;
    /** Segments this client accepts per window of a segmented answer. */
    private static final int WINDOW_SIZE = 16;

    private final ClientConfig config;
    private final DatagramChannel channel;
    private final InetSocketAddress localAddress;
    private final Thread receiver;
    private final ScheduledExecutorService timer;
    private final ExecutorService callbacks;
    private final RateLimitedLog badInput = new RateLimitedLog(LOG, Duration.ofMinutes(1));
    private final Map<BacnetAddress, InvokeIds> invokeIds = new ConcurrentHashMap<>();
    private final Map<TransactionKey, Transaction> pending = new ConcurrentHashMap<>();
    private final List<Consumer<DiscoveredDevice>> iAmListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<CovEvent>> covListeners = new CopyOnWriteArrayList<>();
    private final Map<InetSocketAddress, ForeignRegistration> registrations = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private final LongAdder requestsSent = new LongAdder();
    private final LongAdder retries = new LongAdder();
    private final LongAdder timeouts = new LongAdder();
    private final LongAdder datagramsReceived = new LongAdder();
    private final LongAdder decodeErrors = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final LongAdder rejects = new LongAdder();
    private final LongAdder aborts = new LongAdder();
    private final LongAdder wrongAddress = new LongAdder();
    private final LongAdder unexpectedInvokeIds = new LongAdder();
    private final LongAdder unknownServices = new LongAdder();
    private final LongAdder segmentsReceived = new LongAdder();
    private final LongAdder covNotifications = new LongAdder();
    private final LongAdder untrustedForwards = new LongAdder();

    /**
     * A COV notification received.
     *
     * @param from         where it came from
     * @param notification what it said
     * @param confirmed    whether it was a ConfirmedCOVNotification (already acknowledged)
     */
    public record CovEvent(BacnetAddress from, Services.CovNotification notification, boolean confirmed) {
    }

    private record TransactionKey(BacnetAddress peer, int invokeId) {
    }

    private BacnetClient(ClientConfig config) throws IOException {
        this.config = config;
        this.channel = DatagramChannel.open(StandardProtocolFamily.INET);
        try {
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, false);
            channel.setOption(StandardSocketOptions.SO_BROADCAST, true);
            channel.setOption(StandardSocketOptions.SO_RCVBUF, 1 << 20);
            channel.bind(config.bind());
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw new IOException("cannot bind BACnet/IP to " + config.bind() + ": " + e.getMessage(), e);
        }
        this.localAddress = (InetSocketAddress) channel.getLocalAddress();
        String name = "yakata-bacnet-" + localAddress.getPort();
        this.timer = Executors.newSingleThreadScheduledExecutor(named(name + "-timer"));
        this.callbacks = Executors.newFixedThreadPool(config.callbackThreads(), named(name + "-callback"));
        this.receiver = named(name + "-rx").newThread(this::receiveLoop);
        receiver.start();
    }

    /**
     * Binds the socket and starts the receiver.
     *
     * @throws IOException when the address cannot be bound (in use, not local)
     */
    public static BacnetClient open(ClientConfig config) throws IOException {
        return new BacnetClient(config);
    }

    /** @return the bound local address (with the actual port when 0 was asked for) */
    public InetSocketAddress localAddress() {
        return localAddress;
    }

    /** @return the configuration this client runs with */
    public ClientConfig config() {
        return config;
    }

    /** @return a snapshot of the counters */
    public ClientStatistics statistics() {
        return new ClientStatistics(requestsSent.sum(), retries.sum(), timeouts.sum(), datagramsReceived.sum(),
                decodeErrors.sum(), errors.sum(), rejects.sum(), aborts.sum(), wrongAddress.sum(),
                unexpectedInvokeIds.sum(), unknownServices.sum(), segmentsReceived.sum(), covNotifications.sum(),
                untrustedForwards.sum());
    }

    /** Calls {@code listener} (on the callback thread) for every I-Am received. */
    public void addIAmListener(Consumer<DiscoveredDevice> listener) {
        iAmListeners.add(listener);
    }

    /** Removes an I-Am listener. */
    public void removeIAmListener(Consumer<DiscoveredDevice> listener) {
        iAmListeners.remove(listener);
    }

    /** Calls {@code listener} (on the callback thread) for every COV notification received. */
    public void addCovListener(Consumer<CovEvent> listener) {
        covListeners.add(listener);
    }

    /** Removes a COV listener. */
    public void removeCovListener(Consumer<CovEvent> listener) {
        covListeners.remove(listener);
    }

    // ------------------------------------------------------------------ Who-Is

    /** Sends Who-Is for {@code low..high} (or all with -1, -1) to {@code target}: unicast, or a directed broadcast. */
    public void whoIs(BacnetAddress target, long low, long high) {
        byte[] service = new Services.WhoIs(low, high).encode();
        send(target.ip(), Frame.unicast(target, new Apdu.UnconfirmedRequest(Services.WHO_IS, service), false));
    }

    /**
     * Sends Who-Is to the local broadcast address, or through the BBMD when registered as a foreign device. I-Am
     * answers arrive at the {@link #addIAmListener listeners}.
     */
    public void whoIsBroadcast(long low, long high) {
        byte[] npdu = Frame.npdu(Npdu.local(false),
                new Apdu.UnconfirmedRequest(Services.WHO_IS, new Services.WhoIs(low, high).encode()));
        if (registrations.isEmpty()) {
            send(config.broadcast(), Bvlc.originalBroadcast(npdu));
        } else {
            registrations.keySet().forEach(bbmd -> send(bbmd, Bvlc.distributeBroadcast(npdu)));
        }
    }

    /**
     * Asks {@code target} for its I-Am with a Who-Is limited to {@code instance}, sent again after each APDU timeout.
     *
     * @return the I-Am of that instance; fails with {@link BacnetException.Kind#TIMEOUT} when none comes
     */
    public CompletionStage<DiscoveredDevice> whoIs(BacnetAddress target, int instance) {
        return awaitIAm(instance, "at " + target, () -> whoIs(target, instance, instance));
    }

    /**
     * Finds device {@code instance} wherever it is: a Who-Is limited to it, broadcast (or through the BBMD), sent
     * again after each APDU timeout.
     *
     * @return its I-Am, with the address it answered from
     */
    public CompletionStage<DiscoveredDevice> whoIsBroadcast(int instance) {
        return awaitIAm(instance, "on the network", () -> whoIsBroadcast(instance, instance));
    }

    private CompletionStage<DiscoveredDevice> awaitIAm(int instance, String where, Runnable send) {
        CompletableFuture<DiscoveredDevice> result = new CompletableFuture<>();
        Consumer<DiscoveredDevice> listener = device -> {
            if (device.instance() == instance) {
                result.complete(device);
            }
        };
        addIAmListener(listener);
        AtomicInteger attempts = new AtomicInteger();
        Runnable[] attempt = new Runnable[1];
        attempt[0] = () -> {
            if (result.isDone()) {
                return;
            }
            if (attempts.getAndIncrement() > config.retries()) {
                result.completeExceptionally(BacnetException.of(BacnetException.Kind.TIMEOUT,
                        "no I-Am from device " + instance + " " + where));
                return;
            }
            send.run();
            schedule(attempt[0], config.apduTimeoutMillis());
        };
        attempt[0].run();
        return result.whenComplete((device, failure) -> removeIAmListener(listener));
    }

    // ------------------------------------------------------------------ confirmed services

    /** ReadProperty; completes with the property's values (one for a scalar, several for a list or array). */
    public CompletionStage<List<BacnetValue>> readProperty(BacnetAddress peer, ObjectIdentifier object, int property,
            long arrayIndex) {
        byte[] service = new Services.ReadPropertyRequest(object, property, arrayIndex).encode();
        return confirmed(peer, Services.READ_PROPERTY, service, true).thenApply(ack -> {
            try {
                return Services.ReadPropertyAck.decode(ack).values();
            } catch (DecodeException e) {
                throw new java.util.concurrent.CompletionException(undecodable(peer, "ReadProperty-ACK", e));
            }
        });
    }

    /** ReadPropertyMultiple. */
    public CompletionStage<Services.ReadPropertyMultipleAck> readPropertyMultiple(BacnetAddress peer,
            List<Services.ReadAccessSpec> specs) {
        byte[] service = new Services.ReadPropertyMultipleRequest(specs).encode();
        return confirmed(peer, Services.READ_PROPERTY_MULTIPLE, service, true).thenApply(ack -> {
            try {
                return Services.ReadPropertyMultipleAck.decode(ack);
            } catch (DecodeException e) {
                throw new java.util.concurrent.CompletionException(undecodable(peer, "ReadPropertyMultiple-ACK", e));
            }
        });
    }

    /** WriteProperty; a NULL value with a priority relinquishes that priority. */
    public CompletionStage<Void> writeProperty(BacnetAddress peer, Services.WritePropertyRequest request) {
        return confirmed(peer, Services.WRITE_PROPERTY, request.encode(), false).thenApply(ack -> null);
    }

    /** SubscribeCOV (or its cancellation). */
    public CompletionStage<Void> subscribeCov(BacnetAddress peer, Services.SubscribeCovRequest request) {
        return confirmed(peer, Services.SUBSCRIBE_COV, request.encode(), false).thenApply(ack -> null);
    }

    /**
     * Sends any confirmed request and completes with the ComplexACK's service data (empty for a SimpleACK).
     *
     * @param expectComplex whether the service answers with a ComplexACK (else SimpleACK)
     */
    public CompletionStage<byte[]> confirmed(BacnetAddress peer, int serviceChoice, byte[] serviceData,
            boolean expectComplex) {
        CompletableFuture<byte[]> result = new CompletableFuture<>();
        if (closed) {
            result.completeExceptionally(BacnetException.of(BacnetException.Kind.CLOSED, "client closed"));
            return result;
        }
        if (serviceData.length + 4 > MAX_APDU) {
            result.completeExceptionally(BacnetException.of(BacnetException.Kind.ABORT,
                    "request of " + serviceData.length + " bytes would need segmentation, which this client does "
                            + "not send; ask for fewer properties"));
            return result;
        }
        InvokeIds ids = invokeIds.computeIfAbsent(peer, p -> new InvokeIds());
        int invokeId = ids.acquire();
        if (invokeId < 0) {
            result.completeExceptionally(BacnetException.of(BacnetException.Kind.BUSY,
                    "256 requests to " + peer + " are already outstanding"));
            return result;
        }
        Apdu.ConfirmedRequest request = Apdu.ConfirmedRequest.of(invokeId, MAX_APDU, true,
                config.maxSegmentsAccepted(), serviceChoice, serviceData);
        Transaction transaction = new Transaction(peer, invokeId, serviceChoice, expectComplex,
                Frame.unicast(peer, request, true), result);
        pending.put(new TransactionKey(peer, invokeId), transaction);
        requestsSent.increment();
        transaction.send();
        return result;
    }

    // ------------------------------------------------------------------ foreign device

    /**
     * Registers with a BBMD as a foreign device and renews the registration at half its time-to-live until
     * {@link #close()}. Broadcasts go through the BBMD from then on.
     *
     * @return completes when the BBMD acknowledges; fails when it NAKs or does not answer
     */
    public CompletionStage<Void> registerForeignDevice(InetSocketAddress bbmd, int timeToLiveSeconds) {
        if (timeToLiveSeconds < 1 || timeToLiveSeconds > 0xFFFF) {
            throw new IllegalArgumentException("time-to-live " + timeToLiveSeconds + " outside 1..65535 s");
        }
        ForeignRegistration registration = new ForeignRegistration(bbmd, timeToLiveSeconds);
        ForeignRegistration previous = registrations.put(bbmd, registration);
        if (previous != null) {
            previous.cancel();
        }
        return registration.register();
    }

    /** @return how many times each BBMD has acknowledged a registration (0 before the first) */
    public int foreignRegistrations(InetSocketAddress bbmd) {
        ForeignRegistration registration = registrations.get(bbmd);
        return registration == null ? 0 : registration.acknowledged.get();
    }

    private final class ForeignRegistration {
        final InetSocketAddress bbmd;
        final int timeToLiveSeconds;
        final AtomicInteger acknowledged = new AtomicInteger();
        volatile CompletableFuture<Void> waiting;
        volatile ScheduledFuture<?> next;

        ForeignRegistration(InetSocketAddress bbmd, int timeToLiveSeconds) {
            this.bbmd = bbmd;
            this.timeToLiveSeconds = timeToLiveSeconds;
        }

        CompletionStage<Void> register() {
            CompletableFuture<Void> result = new CompletableFuture<>();
            waiting = result;
            AtomicInteger attempts = new AtomicInteger();
            Runnable[] attempt = new Runnable[1];
            attempt[0] = () -> {
                if (result.isDone() || closed) {
                    return;
                }
                if (attempts.getAndIncrement() > config.retries()) {
                    result.completeExceptionally(BacnetException.of(BacnetException.Kind.TIMEOUT,
                            "BBMD " + bbmd + " did not answer Register-Foreign-Device"));
                    scheduleRenewal(); // keep trying: the BBMD may come back
                    return;
                }
                send(bbmd, Bvlc.registerForeignDevice(timeToLiveSeconds));
                schedule(attempt[0], config.apduTimeoutMillis());
            };
            attempt[0].run();
            return result;
        }

        void onResult(int code) {
            CompletableFuture<Void> result = waiting;
            if (code == Bvlc.RESULT_SUCCESSFUL) {
                acknowledged.incrementAndGet();
                if (result != null && result.complete(null)) {
                    scheduleRenewal();
                }
            } else if (result != null && result.completeExceptionally(BacnetException.of(BacnetException.Kind.REJECT,
                    String.format("BBMD %s refused the foreign-device registration (BVLC-Result 0x%04X)", bbmd,
                            code)))) {
                scheduleRenewal();
            }
        }

        void scheduleRenewal() {
            if (!closed && registrations.get(bbmd) == this) {
                // half the time-to-live leaves room for a lost packet and a retry before the BBMD drops the entry
                next = timer.schedule(this::register, Math.max(1000L, timeToLiveSeconds * 500L), TimeUnit.MILLISECONDS);
            }
        }

        void cancel() {
            ScheduledFuture<?> scheduled = next;
            if (scheduled != null) {
                scheduled.cancel(false);
            }
        }
    }

    // ------------------------------------------------------------------ transactions

    /** Invoke ids toward one device: 0..255, none reused while its transaction is open. */
    private static final class InvokeIds {
        private final boolean[] inUse = new boolean[256];
        private int next;

        synchronized int acquire() {
            for (int i = 0; i < 256; i++) {
                int id = (next + i) & 0xFF;
                if (!inUse[id]) {
                    inUse[id] = true;
                    next = (id + 1) & 0xFF;
                    return id;
                }
            }
            return -1;
        }

        synchronized void release(int id) {
            inUse[id] = false;
        }
    }

    private final class Transaction {
        final BacnetAddress peer;
        final int invokeId;
        final int serviceChoice;
        final boolean expectComplex;
        final byte[] datagram;
        final CompletableFuture<byte[]> result;
        int attempts;
        ScheduledFuture<?> timeout;
        // segmented answer being reassembled
        ByteWriter segments;
        int expectedSequence;
        int windowStart;
        int windowSize;

        Transaction(BacnetAddress peer, int invokeId, int serviceChoice, boolean expectComplex, byte[] datagram,
                CompletableFuture<byte[]> result) {
            this.peer = peer;
            this.invokeId = invokeId;
            this.serviceChoice = serviceChoice;
            this.expectComplex = expectComplex;
            this.datagram = datagram;
            this.result = result;
        }

        synchronized void send() {
            attempts++;
            armTimeout();
            BacnetClient.this.send(peer.ip(), datagram);
        }

        synchronized void armTimeout() {
            if (timeout != null) {
                timeout.cancel(false);
            }
            timeout = timer.schedule(this::onTimeout, config.apduTimeoutMillis(), TimeUnit.MILLISECONDS);
        }

        synchronized void onTimeout() {
            if (result.isDone()) {
                return;
            }
            if (segments == null && attempts <= config.retries()) {
                retries.increment();
                send();
                return;
            }
            timeouts.increment();
            fail(BacnetException.of(BacnetException.Kind.TIMEOUT, "no answer from " + peer + " to "
                    + BacnetNames.confirmedService(serviceChoice) + " (invoke id " + invokeId + ") after " + attempts + " attempts of "
                    + config.apduTimeoutMillis() + " ms"));
        }

        synchronized void onAnswer(Apdu apdu) {
            if (result.isDone()) {
                return;
            }
            if (apdu instanceof Apdu.SimpleAck ack) {
                if (ack.serviceChoice() != serviceChoice || expectComplex) {
                    mismatch("SimpleACK for " + BacnetNames.confirmedService(ack.serviceChoice()));
                    return;
                }
                succeed(new byte[0]);
            } else if (apdu instanceof Apdu.ComplexAck ack) {
                if (ack.serviceChoice() != serviceChoice || !expectComplex) {
                    mismatch("ComplexACK for " + BacnetNames.confirmedService(ack.serviceChoice()));
                    return;
                }
                if (!ack.segmented()) {
                    succeed(ack.serviceData());
                } else {
                    onSegment(ack);
                }
            } else if (apdu instanceof Apdu.Error error) {
                errors.increment();
                fail(new BacnetException(BacnetException.Kind.ERROR, peer + ": "
                        + BacnetNames.confirmedService(serviceChoice) + " refused: "
                        + BacnetNames.error(error.errorClass(), error.errorCode()),
                        error.errorClass(), error.errorCode(), -1));
            } else if (apdu instanceof Apdu.Reject reject) {
                rejects.increment();
                fail(new BacnetException(BacnetException.Kind.REJECT, peer + " rejected "
                        + BacnetNames.confirmedService(serviceChoice) + ": reason "
                        + BacnetNames.rejectReason(reject.reason()), -1, -1, reject.reason()));
            } else if (apdu instanceof Apdu.Abort abort) {
                aborts.increment();
                fail(new BacnetException(BacnetException.Kind.ABORT, peer + " aborted "
                        + BacnetNames.confirmedService(serviceChoice) + ": reason "
                        + BacnetNames.abortReason(abort.reason()), -1, -1, abort.reason()));
            }
        }

        private void mismatch(String what) {
            decodeErrors.increment();
            badInput.warn(peer + "/mismatch", "BACnet device " + peer + " answered invoke id " + invokeId + " with "
                    + what + " but the request was " + BacnetNames.confirmedService(serviceChoice) + "; ignored");
        }

        private void onSegment(Apdu.ComplexAck segment) {
            segmentsReceived.increment();
            int sequence = segment.sequenceNumber();
            if (segments == null) {
                if (sequence != 0) {
                    return; // a stray later segment before the first: wait for the server to resend
                }
                segments = new ByteWriter(MAX_APDU * 2);
                expectedSequence = 0;
                windowStart = 0;
                windowSize = Math.max(1, Math.min(WINDOW_SIZE, segment.proposedWindowSize()));
            }
            if (sequence != expectedSequence) {
                // Out of order or a duplicate: tell the server the last segment we have, it resends from there.
                sendSegmentAck(true, (expectedSequence - 1) & 0xFF);
                armTimeout();
                return;
            }
            if ((long) segments.size() + segment.serviceData().length
                    > (long) config.maxSegmentsAccepted() * MAX_APDU) {
                abortTransaction(ABORT_BUFFER_OVERFLOW, "segmented answer larger than "
                        + config.maxSegmentsAccepted() + " segments");
                return;
            }
            segments.bytes(segment.serviceData());
            expectedSequence = (expectedSequence + 1) & 0xFF;
            boolean last = !segment.moreFollows();
            boolean windowFull = ((sequence - windowStart) & 0xFF) + 1 >= windowSize;
            if (last || windowFull) {
                sendSegmentAck(false, sequence);
                windowStart = expectedSequence;
            }
            if (last) {
                succeed(segments.toByteArray());
            } else {
                armTimeout();
            }
        }

        private void sendSegmentAck(boolean negative, int sequence) {
            Apdu ack = new Apdu.SegmentAck(negative, false, invokeId, sequence, windowSize);
            BacnetClient.this.send(peer.ip(), Frame.unicast(peer, ack, false));
        }

        private void abortTransaction(int reason, String why) {
            BacnetClient.this.send(peer.ip(), Frame.unicast(peer, new Apdu.Abort(false, invokeId, reason), false));
            aborts.increment();
            fail(new BacnetException(BacnetException.Kind.ABORT, why + " from " + peer, -1, -1, reason));
        }

        private void succeed(byte[] serviceData) {
            finish();
            callbacks.execute(() -> result.complete(serviceData));
        }

        void fail(BacnetException failure) {
            finish();
            callbacks.execute(() -> result.completeExceptionally(failure));
        }

        private void finish() {
            if (timeout != null) {
                timeout.cancel(false);
            }
            if (pending.remove(new TransactionKey(peer, invokeId), this)) {
                InvokeIds ids = invokeIds.get(peer);
                if (ids != null) {
                    ids.release(invokeId);
                }
            }
        }
    }

    // ------------------------------------------------------------------ reception

    private void receiveLoop() {
        ByteBuffer buffer = ByteBuffer.allocate(65536);
        while (!closed) {
            InetSocketAddress from;
            try {
                buffer.clear();
                from = (InetSocketAddress) channel.receive(buffer);
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                if (!closed) {
                    badInput.warn("receive", "BACnet/IP receive on " + localAddress + " failed: " + e);
                }
                continue;
            }
            if (from == null) {
                continue;
            }
            datagramsReceived.increment();
            try {
                handle(buffer.array(), buffer.position(), from);
            } catch (RuntimeException e) {
                // A bug in handling one datagram must not end reception for every device.
                LOG.error("BACnet/IP datagram from {} could not be handled", from, e);
            }
        }
    }

    private void handle(byte[] data, int length, InetSocketAddress from) {
        Frame frame;
        try {
            frame = Frame.decode(data, 0, length);
        } catch (DecodeException e) {
            decodeErrors.increment();
            badInput.warn(from + "/decode", "Undecodable BACnet/IP datagram of " + length + " bytes from " + from
                    + ": " + e.getMessage());
            return;
        }
        Bvlc bvlc = frame.bvlc();
        if (bvlc.function() == Bvlc.RESULT) {
            ForeignRegistration registration = registrations.get(from);
            if (registration != null) {
                registration.onResult(bvlc.resultCode());
            }
            return;
        }
        if (bvlc.function() == Bvlc.FORWARDED_NPDU && !registrations.containsKey(from)) {
            // Only a BBMD we registered with forwards to us. Anyone else could name any source address, and our
            // answers (SimpleACK, Reject) would go there: the hub must not reflect traffic onto other networks.
            untrustedForwards.increment();
            badInput.warn(from + "/forwarded", "Forwarded-NPDU from " + from + ", which is not a BBMD this hub "
                    + "registered with; dropped");
            return;
        }
        if (frame.apdu() == null) {
            if (frame.npdu() != null || bvlc.carriesNpdu()) {
                unknownServices.increment(); // network-layer messages: this client routes nothing
            }
            return;
        }
        InetSocketAddress ip = bvlc.forwardedFrom() != null ? bvlc.forwardedFrom() : from;
        Npdu npdu = frame.npdu();
        BacnetAddress source = npdu.snet() >= 0 ? new BacnetAddress(ip, npdu.snet(), npdu.sadr())
                : BacnetAddress.of(ip);
        Apdu apdu = frame.apdu();
        if (apdu instanceof Apdu.UnconfirmedRequest request) {
            onUnconfirmed(source, request);
        } else if (apdu instanceof Apdu.ConfirmedRequest request) {
            onConfirmed(source, request);
        } else if (apdu instanceof Apdu.SegmentAck) {
            unknownServices.increment(); // this client never sends segmented requests
        } else {
            onAnswer(source, apdu);
        }
    }

    private void onAnswer(BacnetAddress source, Apdu apdu) {
        int invokeId = invokeIdOf(apdu);
        Transaction transaction = pending.get(new TransactionKey(source, invokeId));
        if (transaction == null) {
            boolean pendingElsewhere = pending.keySet().stream().anyMatch(key -> key.invokeId() == invokeId);
            if (pendingElsewhere) {
                wrongAddress.increment();
                badInput.warn(source + "/wrong-address", "BACnet answer with invoke id " + invokeId + " came from "
                        + source + ", which was not asked; ignored");
            } else {
                unexpectedInvokeIds.increment();
                badInput.warn(source + "/unexpected", "BACnet answer from " + source + " for invoke id " + invokeId
                        + ", which has no open request (a duplicate, or late after the timeout); ignored");
            }
            return;
        }
        transaction.onAnswer(apdu);
    }

    private static int invokeIdOf(Apdu apdu) {
        if (apdu instanceof Apdu.SimpleAck a) {
            return a.invokeId();
        }
        if (apdu instanceof Apdu.ComplexAck a) {
            return a.invokeId();
        }
        if (apdu instanceof Apdu.Error a) {
            return a.invokeId();
        }
        if (apdu instanceof Apdu.Reject a) {
            return a.invokeId();
        }
        if (apdu instanceof Apdu.Abort a) {
            return a.invokeId();
        }
        return -1;
    }

    private void onUnconfirmed(BacnetAddress source, Apdu.UnconfirmedRequest request) {
        try {
            switch (request.serviceChoice()) {
                case Services.I_AM -> {
                    DiscoveredDevice device = new DiscoveredDevice(source, Services.IAm.decode(request.serviceData()));
                    for (Consumer<DiscoveredDevice> listener : iAmListeners) {
                        deliver(() -> listener.accept(device));
                    }
                }
                case Services.UNCONFIRMED_COV_NOTIFICATION -> {
                    Services.CovNotification notification = Services.CovNotification.decode(request.serviceData());
                    covNotifications.increment();
                    CovEvent event = new CovEvent(source, notification, false);
                    covListeners.forEach(listener -> deliver(() -> listener.accept(event)));
                }
                case Services.WHO_IS -> {
                    // This client has no device object to announce; other devices' Who-Is are ignored.
                }
                default -> unknownServices.increment();
            }
        } catch (DecodeException e) {
            decodeErrors.increment();
            badInput.warn(source + "/decode-" + request.serviceChoice(), "Undecodable "
                    + BacnetNames.unconfirmedService(request.serviceChoice()) + " from " + source + ": " + e.getMessage());
        }
    }

    private void onConfirmed(BacnetAddress source, Apdu.ConfirmedRequest request) {
        if (request.segmented()) {
            reply(source, new Apdu.Abort(true, request.invokeId(), ABORT_SEGMENTATION_NOT_SUPPORTED));
            unknownServices.increment();
            return;
        }
        if (request.serviceChoice() != Services.CONFIRMED_COV_NOTIFICATION) {
            unknownServices.increment();
            badInput.warn(source + "/service-" + request.serviceChoice(), "BACnet device " + source
                    + " asked this client for " + BacnetNames.confirmedService(request.serviceChoice())
                    + ", which it does not serve; rejected");
            reply(source, new Apdu.Reject(request.invokeId(), REJECT_UNRECOGNIZED_SERVICE));
            return;
        }
        Services.CovNotification notification;
        try {
            notification = Services.CovNotification.decode(request.serviceData());
        } catch (DecodeException e) {
            decodeErrors.increment();
            badInput.warn(source + "/decode-cov", "Undecodable ConfirmedCOVNotification from " + source + ": "
                    + e.getMessage());
            reply(source, new Apdu.Reject(request.invokeId(), REJECT_INVALID_TAG));
            return;
        }
        reply(source, new Apdu.SimpleAck(request.invokeId(), Services.CONFIRMED_COV_NOTIFICATION));
        covNotifications.increment();
        CovEvent event = new CovEvent(source, notification, true);
        covListeners.forEach(listener -> deliver(() -> listener.accept(event)));
    }

    private void reply(BacnetAddress to, Apdu apdu) {
        send(to.ip(), Frame.unicast(to, apdu, false));
    }

    private void deliver(Runnable task) {
        try {
            callbacks.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.warn("BACnet listener failed", e);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closing
        }
    }

    private BacnetException undecodable(BacnetAddress peer, String what, DecodeException e) {
        decodeErrors.increment();
        badInput.warn(peer + "/decode-" + what, "Undecodable " + what + " from " + peer + ": " + e.getMessage());
        return BacnetException.of(BacnetException.Kind.DECODE, "undecodable " + what + " from " + peer + ": "
                + e.getMessage());
    }

    // ------------------------------------------------------------------ plumbing

    private void send(InetSocketAddress to, byte[] datagram) {
        if (closed) {
            return;
        }
        try {
            channel.send(ByteBuffer.wrap(datagram), to);
        } catch (IOException e) {
            badInput.warn(to + "/send", "BACnet/IP send to " + to + " failed: " + e);
        }
    }

    private void schedule(Runnable task, long delayMillis) {
        try {
            timer.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closed meanwhile
        }
    }

    private static ThreadFactory named(String name) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, counter.getAndIncrement() == 0 ? name : name + "-" + counter.get());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Closes the socket and fails every open request with {@link BacnetException.Kind#CLOSED}. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        registrations.values().forEach(ForeignRegistration::cancel);
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("closing BACnet/IP socket", e);
        }
        for (Transaction transaction : new ArrayList<>(pending.values())) {
            synchronized (transaction) {
                transaction.fail(BacnetException.of(BacnetException.Kind.CLOSED, "BACnet client closed"));
            }
        }
        timer.shutdownNow();
        callbacks.shutdown();
        try {
            receiver.join(2000);
            callbacks.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        callbacks.shutdownNow();
    }
}
