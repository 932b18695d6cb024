package dev.yakata.adapter.bacnet;

import dev.yakata.adapter.bacnet.client.BacnetClient;
import dev.yakata.adapter.bacnet.client.BacnetException;
import dev.yakata.adapter.bacnet.codec.BacnetAddress;
import dev.yakata.adapter.bacnet.codec.BacnetNames;
import dev.yakata.adapter.bacnet.codec.BacnetValue;
import dev.yakata.adapter.bacnet.codec.ObjectIdentifier;
import dev.yakata.adapter.bacnet.codec.PropertyIds;
import dev.yakata.adapter.bacnet.codec.Services;
import dev.yakata.api.adapter.DeviceContext;
import dev.yakata.api.adapter.DeviceHandler;
import dev.yakata.api.command.Command;
import dev.yakata.api.command.CommandOutcome;
import dev.yakata.api.device.DeviceDefinition;
import dev.yakata.api.device.DeviceStatus;
import dev.yakata.api.device.PointDefinition;
import dev.yakata.api.device.PointKind;
import dev.yakata.api.device.PointValue;
import dev.yakata.api.device.Quality;
import dev.yakata.api.device.StatusDetail;
import dev.yakata.util.log.RateLimitedLog;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One configured BACnet device: the planner that keeps its points live, and the handler of its commands.
 *
 * <p>After the device answers a first ReadProperty it goes ONLINE, subscribes to COV for each object whose present
 * value is a point (when {@code bacnet.cov} is on and the device accepts), reads every point once, and then polls the
 * points COV does not cover with ReadPropertyMultiple batches sized to the device's max-APDU. All requests pass one
 * budget of {@code bacnet.maxOutstanding} requests in flight, commands ahead of polls. A request that gets no answer
 * after its retries takes the device OFFLINE (points quality BAD); it is then probed with a backoff up to
 * {@code bacnet.backoffMaxMillis} and, when it answers, resubscribed and read again.
 *
 * <p>Its commands are point writes ({@code write}, {@code relinquish}). A profile action ({@code unlock},
 * {@code close}) never reaches it: the core runs the device file's {@code action.*} definition as writes.
 */
final class DeviceSession implements DeviceHandler {

    private static final Logger LOG = LoggerFactory.getLogger(DeviceSession.class);
    /** Error class "services": a device that does not execute ReadPropertyMultiple says so with it. */
    private static final long ERROR_CLASS_SERVICES = 5;
    private static final int DEFAULT_MAX_APDU = 480;

    enum Phase { CONNECTING, ONLINE, OFFLINE, CLOSED }

    record BoundPoint(PointDefinition definition, PointAddress address) {
    }

    private final DeviceDefinition device;
    private final DeviceContext context;
    private final DeviceSettings settings;
    private final BacnetClient client;
    private final long processId;
    private final RateLimitedLog badInput;
    private final Runnable onClose;
    private final List<BoundPoint> points;
    private final Map<String, Object> lastValues = new ConcurrentHashMap<>();
    /** Points last published with quality BAD: their next good value goes out even when it did not change. */
    private final Set<String> badPoints = ConcurrentHashMap.newKeySet();
    private final java.util.concurrent.atomic.LongAdder valuesRead;
    private final Set<ObjectIdentifier> covObjects = ConcurrentHashMap.newKeySet();
    private final Set<ObjectIdentifier> covRefused = ConcurrentHashMap.newKeySet();
    private final Deque<Queued> queue = new ArrayDeque<>();

    /** A request waiting for the budget: how to start it, and how to fail it when the device goes away. */
    private record Queued(Runnable start, java.util.function.Consumer<String> cancel) {
    }
    private final Map<CompletableFuture<CommandOutcome>, Command> openCommands = new ConcurrentHashMap<>();
    private final AtomicLong polls = new AtomicLong();
    private final AtomicLong pollsSkipped = new AtomicLong();

    private Phase phase = Phase.CONNECTING;
    /** Where the device is: from the device file, or found by Who-Is (again after each offline spell). */
    private volatile BacnetAddress address;
    private volatile long lastAnswerNanos = System.nanoTime();
    private int inFlight;
    private int pollBatchesOpen;
    private int maxApdu = DEFAULT_MAX_APDU;
    private boolean rpmSupported = true;
    private long backoffMillis;
    private ScheduledFuture<?> pollTask;
    private ScheduledFuture<?> renewTask;
    private ScheduledFuture<?> probeTask;

    DeviceSession(DeviceDefinition device, DeviceContext context, DeviceSettings settings, BacnetClient client,
            long processId, RateLimitedLog badInput, java.util.concurrent.atomic.LongAdder valuesRead,
            Runnable onClose) {
        this.valuesRead = valuesRead;
        this.device = device;
        this.context = context;
        this.settings = settings;
        this.client = client;
        this.processId = processId;
        this.badInput = badInput;
        this.onClose = onClose;
        List<BoundPoint> bound = new ArrayList<>();
        for (PointDefinition point : device.points()) {
            try {
                bound.add(new BoundPoint(point, PointAddress.parse(point.address())));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(device.id() + ": point '" + point.id() + "': " + e.getMessage(), e);
            }
        }
        this.points = List.copyOf(bound);
        this.backoffMillis = settings.pollMillis();
        this.address = settings.address();
    }

    /** Starts connecting on the device's scheduler; returns at once. */
    void start() {
        runLater(this::connect, 0);
    }

    /** @return this session's SubscribeCOV process id */
    long processId() {
        return processId;
    }

    DeviceSettings settings() {
        return settings;
    }

    /** @return polls started and polls skipped because the previous one had not finished (staleness) */
    long[] pollCounters() {
        return new long[] {polls.get(), pollsSkipped.get()};
    }

    synchronized Phase phase() {
        return phase;
    }

    // ------------------------------------------------------------------ connecting and offline handling

    private void connect() {
        if (phase() == Phase.CLOSED) {
            return;
        }
        if (settings.address() == null) {
            // No address in the device file: find the instance wherever it answers from (it may have moved).
            client.whoIsBroadcast(settings.instance()).whenComplete((found, failure) -> {
                if (failure != null) {
                    onUnreachable(unwrap(failure), true);
                } else {
                    if (!found.address().equals(address)) {
                        LOG.info("BACnet device {} (instance {}) found at {}", device.id(), settings.instance(),
                                found.address());
                    }
                    address = found.address();
                    readMaxApdu();
                }
            });
            return;
        }
        readMaxApdu();
    }

    private void readMaxApdu() {
        submit(() -> client.readProperty(address, ObjectIdentifier.device(settings.instance()),
                PropertyIds.MAX_APDU_LENGTH_ACCEPTED, -1), true).whenComplete((values, failure) -> {
                    if (failure == null) {
                        int learned = values.size() == 1 && values.get(0) instanceof BacnetValue.Unsigned u
                                ? (int) Math.min(1476, Math.max(50, u.value())) : DEFAULT_MAX_APDU;
                        onReachable(settings.maxApdu() > 0 ? Math.min(settings.maxApdu(), learned) : learned);
                    } else {
                        BacnetException e = unwrap(failure);
                        if (e.deviceAnswered()) {
                            onReachable(settings.maxApdu() > 0 ? settings.maxApdu() : DEFAULT_MAX_APDU);
                        } else {
                            onUnreachable(e, true);
                        }
                    }
                });
    }

    private void onReachable(int deviceMaxApdu) {
        synchronized (this) {
            if (phase == Phase.CLOSED || phase == Phase.ONLINE) {
                return;
            }
            phase = Phase.ONLINE;
            maxApdu = deviceMaxApdu;
            backoffMillis = settings.pollMillis();
        }
        context.updateStatus(DeviceStatus.online());
        LOG.info("BACnet device {} (instance {} at {}) is online, max APDU {}", device.id(), settings.instance(),
                address, deviceMaxApdu);
        subscribeAll();
        readPoints(points);
        synchronized (this) {
            if (phase != Phase.ONLINE) {
                return;
            }
            // A random phase per device spreads a site's polls over the period instead of bursting them all at
            // once after a restart, which keeps the answer latency (and so the staleness) even.
            long phaseOffset = java.util.concurrent.ThreadLocalRandom.current().nextLong(settings.pollMillis());
            pollTask = context.scheduler().scheduleAtFixedRate(this::pollSafely, phaseOffset,
                    settings.pollMillis(), TimeUnit.MILLISECONDS);
            long renewMillis = settings.covLifetimeSeconds() * 500; // half the lifetime: renewed well before expiry
            renewTask = context.scheduler().scheduleAtFixedRate(this::renewSafely, renewMillis, renewMillis,
                    TimeUnit.MILLISECONDS);
        }
    }

    /**
     * The device did not answer: OFFLINE, points BAD, and a probe after the backoff.
     *
     * @param probeFailed whether this is the answer to a (re)connection attempt; otherwise only the first of
     *                    several requests failing together takes the device offline
     */
    private void onUnreachable(BacnetException e, boolean probeFailed) {
        String reason = "no answer from BACnet device " + settings.instance()
                + (address != null ? " at " + address : "") + ": " + e.getMessage();
        long delay;
        synchronized (this) {
            if (phase == Phase.CLOSED || (!probeFailed && phase != Phase.ONLINE)) {
                return;
            }
            boolean wasOnline = phase == Phase.ONLINE;
            phase = Phase.OFFLINE;
            cancelTasks();
            covObjects.clear();
            delay = backoffMillis;
            backoffMillis = Math.min(settings.backoffMaxMillis(), backoffMillis * 2);
            if (wasOnline) {
                LOG.warn("BACnet device {} went offline: {}", device.id(), reason);
            }
        }
        dropQueued("went offline");
        points.forEach(this::publishBad); // values first: whoever sees OFFLINE also sees the points BAD
        context.updateStatus(DeviceStatus.offline(StatusDetail.COMMUNICATION_ERROR, reason));
        synchronized (this) {
            if (phase == Phase.OFFLINE) {
                probeTask = scheduleOrNull(this::connect, delay);
            }
        }
    }

    private void onTimeout(BacnetException e) {
        onUnreachable(e, false);
    }

    // ------------------------------------------------------------------ COV

    private void subscribeAll() {
        if (!settings.useCov()) {
            return;
        }
        Set<ObjectIdentifier> objects = new HashSet<>();
        for (BoundPoint point : points) {
            if (point.address().isPresentValue() && !covRefused.contains(point.address().object())) {
                objects.add(point.address().object());
            }
        }
        for (ObjectIdentifier object : objects) {
            submit(() -> client.subscribeCov(address, new Services.SubscribeCovRequest(processId, object,
                    settings.confirmedCov(), settings.covLifetimeSeconds())), false).whenComplete((ok, failure) -> {
                        if (failure == null) {
                            covObjects.add(object);
                            return;
                        }
                        BacnetException e = unwrap(failure);
                        if (e.deviceAnswered()) {
                            covRefused.add(object);
                            covObjects.remove(object);
                            LOG.info("BACnet device {} does not accept COV for {} ({}); polling it",
                                    device.id(), object, e.getMessage());
                        } else {
                            onTimeout(e);
                        }
                    });
        }
    }

    private void renewSafely() {
        try {
            if (phase() == Phase.ONLINE) {
                subscribeAll();
            }
        } catch (RuntimeException e) {
            LOG.warn("BACnet device {}: COV renewal failed", device.id(), e);
        }
    }

    /** A COV notification for this session's process id. */
    void onCov(BacnetClient.CovEvent event) {
        if (!event.from().equals(address)) {
            badInput.warn(device.id() + "/cov-address", "COV notification for " + device.id() + " came from "
                    + event.from() + " instead of " + address + "; ignored");
            return;
        }
        if (phase() != Phase.ONLINE) {
            return;
        }
        lastAnswerNanos = System.nanoTime();
        ObjectIdentifier object = event.notification().object();
        for (Services.PropertyValue value : event.notification().values()) {
            for (BoundPoint point : points) {
                if (point.address().object().equals(object) && point.address().property() == value.property()
                        && point.address().arrayIndex() == value.arrayIndex()) {
                    publish(point, value.values());
                }
            }
        }
    }

    // ------------------------------------------------------------------ polling

    private void pollSafely() {
        try {
            poll();
        } catch (RuntimeException e) {
            LOG.warn("BACnet device {}: poll failed", device.id(), e); // never let the periodic task die
        }
    }

    private void poll() {
        List<BoundPoint> due = new ArrayList<>();
        for (BoundPoint point : points) {
            if (!(point.address().isPresentValue() && covObjects.contains(point.address().object()))) {
                due.add(point);
            }
        }
        if (due.isEmpty()) {
            checkLiveness();
            return;
        }
        synchronized (this) {
            if (phase != Phase.ONLINE) {
                return;
            }
            if (pollBatchesOpen > 0) {
                pollsSkipped.incrementAndGet(); // the last poll is still running: its values are what we have
                return;
            }
            polls.incrementAndGet();
        }
        readPoints(due);
    }

    /**
     * When COV covers every point nothing is polled, so a device that died would only be noticed at the next COV
     * renewal; a device silent for {@code bacnet.livenessMillis} is asked for one property instead.
     */
    private void checkLiveness() {
        synchronized (this) {
            if (phase != Phase.ONLINE || pollBatchesOpen > 0
                    || System.nanoTime() - lastAnswerNanos < settings.livenessMillis() * 1_000_000L) {
                return;
            }
            pollBatchesOpen++;
        }
        submit(() -> client.readProperty(address, ObjectIdentifier.device(settings.instance()),
                PropertyIds.MAX_APDU_LENGTH_ACCEPTED, -1), false).whenComplete((values, failure) -> {
                    synchronized (this) {
                        pollBatchesOpen--;
                    }
                    if (failure != null) {
                        BacnetException e = unwrap(failure);
                        if (!e.deviceAnswered()) {
                            onTimeout(e);
                        }
                    }
                });
    }

    private void readPoints(List<BoundPoint> due) {
        List<List<BoundPoint>> batches = batches(due);
        synchronized (this) {
            pollBatchesOpen += batches.size();
        }
        for (List<BoundPoint> batch : batches) {
            readBatch(batch).whenComplete((ok, failure) -> {
                synchronized (this) {
                    pollBatchesOpen--;
                }
            });
        }
    }

    /** Groups points so that each ReadPropertyMultiple request and its answer fit the device's max APDU. */
    List<List<BoundPoint>> batches(List<BoundPoint> due) {
        int limit;
        synchronized (this) {
            limit = Math.max(50, maxApdu) - 16;
        }
        List<List<BoundPoint>> batches = new ArrayList<>();
        List<BoundPoint> current = new ArrayList<>();
        int answerBytes = 0;
        int requestBytes = 0;
        for (BoundPoint point : due) {
            // an object header (7) per point is pessimistic, which keeps the estimate safe without sorting
            int answer = 7 + 6 + (point.definition().kind() == PointKind.TEXT ? 80 : 10);
            int request = 7 + 6;
            if (!current.isEmpty() && (answerBytes + answer > limit || requestBytes + request > limit)) {
                batches.add(current);
                current = new ArrayList<>();
                answerBytes = 0;
                requestBytes = 0;
            }
            current.add(point);
            answerBytes += answer;
            requestBytes += request;
        }
        if (!current.isEmpty()) {
            batches.add(current);
        }
        return batches;
    }

    private CompletionStage<Void> readBatch(List<BoundPoint> batch) {
        boolean useRpm;
        synchronized (this) {
            useRpm = rpmSupported;
        }
        if (!useRpm) {
            List<CompletableFuture<Void>> reads = new ArrayList<>();
            for (BoundPoint point : batch) {
                reads.add(readOne(point).toCompletableFuture());
            }
            return CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new));
        }
        Map<ObjectIdentifier, List<Services.PropertyReference>> byObject = new LinkedHashMap<>();
        for (BoundPoint point : batch) {
            byObject.computeIfAbsent(point.address().object(), o -> new ArrayList<>())
                    .add(new Services.PropertyReference(point.address().property(), point.address().arrayIndex()));
        }
        List<Services.ReadAccessSpec> specs = new ArrayList<>();
        byObject.forEach((object, references) -> specs.add(new Services.ReadAccessSpec(object, references)));
        return submit(() -> client.readPropertyMultiple(address, specs), false)
                .handle((ack, failure) -> {
                    if (failure == null) {
                        publishResults(batch, ack);
                        return CompletableFuture.<Void>completedFuture(null);
                    }
                    BacnetException e = unwrap(failure);
                    if ((e.kind() == BacnetException.Kind.REJECT)
                            || (e.kind() == BacnetException.Kind.ERROR && e.errorClass() == ERROR_CLASS_SERVICES)) {
                        synchronized (this) {
                            rpmSupported = false;
                        }
                        LOG.info("BACnet device {} does not execute ReadPropertyMultiple ({}); reading property by "
                                + "property", device.id(), e.getMessage());
                        return readBatch(batch);
                    }
                    failPoints(batch, e);
                    return CompletableFuture.<Void>completedFuture(null);
                }).thenCompose(stage -> stage);
    }

    private CompletionStage<Void> readOne(BoundPoint point) {
        PointAddress where = point.address();
        return submit(() -> client.readProperty(address, where.object(), where.property(), where.arrayIndex()),
                false).handle((values, failure) -> {
                    if (failure == null) {
                        publish(point, values);
                    } else {
                        failPoints(List.of(point), unwrap(failure));
                    }
                    return null;
                });
    }

    private void publishResults(List<BoundPoint> batch, Services.ReadPropertyMultipleAck ack) {
        for (BoundPoint point : batch) {
            Services.PropertyResult found = null;
            for (Services.ReadAccessResult result : ack.results()) {
                if (!result.object().equals(point.address().object())) {
                    continue;
                }
                for (Services.PropertyResult property : result.results()) {
                    if (property.property() == point.address().property()
                            && property.arrayIndex() == point.address().arrayIndex()) {
                        found = property;
                    }
                }
            }
            if (found == null) {
                badInput.warn(device.id() + "/rpm-missing/" + point.definition().id(), "BACnet device " + device.id()
                        + " left " + point.address() + " (point " + point.definition().id()
                        + ") out of its ReadPropertyMultiple answer");
                publishBad(point);
            } else if (found.isValue()) {
                publish(point, found.values());
            } else {
                badInput.warn(device.id() + "/rpm-error/" + point.definition().id(), "BACnet device " + device.id()
                        + " cannot read " + point.address() + " (point " + point.definition().id() + "): "
                        + BacnetNames.error(found.errorClass(), found.errorCode()));
                publishBad(point);
            }
        }
    }

    private void failPoints(List<BoundPoint> batch, BacnetException e) {
        if (!e.deviceAnswered()) {
            onTimeout(e);
            return;
        }
        badInput.warn(device.id() + "/read-" + e.kind(), "BACnet device " + device.id() + " refused a read of "
                + batch.size() + " point(s): " + e.getMessage());
        batch.forEach(this::publishBad);
    }

    private void publish(BoundPoint point, List<BacnetValue> values) {
        Object value = ValueMapping.toPoint(point.definition().kind(), values);
        if (value == null) {
            badInput.warn(device.id() + "/type/" + point.definition().id(), "BACnet value " + values + " of "
                    + point.address() + " does not fit " + point.definition().kind() + " point "
                    + point.definition().id() + " of " + device.id());
            publishBad(point);
            return;
        }
        valuesRead.increment();
        Object previous = lastValues.put(point.definition().id(), value);
        // Only changes go to the hub: a polled point that stays the same costs no share of the device's event
        // budget (2,000/s), so a controller with thousands of polled points cannot trip EVENT_FLOOD.
        if (!value.equals(previous) || badPoints.remove(point.definition().id())) {
            context.publishValue(point.definition().id(), PointValue.good(value));
        }
    }

    private void publishBad(BoundPoint point) {
        badPoints.add(point.definition().id());
        Object last = lastValues.get(point.definition().id());
        context.publishValue(point.definition().id(), last == null ? PointValue.bad()
                : new PointValue(last, Quality.BAD, Instant.now()));
    }

    // ------------------------------------------------------------------ commands

    @Override
    public CompletionStage<CommandOutcome> execute(Command command) {
        CompletableFuture<CommandOutcome> outcome = new CompletableFuture<>();
        openCommands.put(outcome, command);
        outcome.whenComplete((o, e) -> openCommands.remove(outcome));
        try {
            switch (command.action()) {
                case Command.WRITE -> write(command, command.pointId(), command.arguments().get(Command.VALUE), outcome);
                case "relinquish" -> {
                    String pointId = command.pointId() != null ? command.pointId()
                            : Objects.toString(command.arguments().get("point"), null);
                    write(command, pointId, null, outcome);
                }
                default -> outcome.complete(CommandOutcome.rejected(command, device.id() + " (BACnet) has no action '"
                        + command.action() + "'; it takes write and relinquish. A profile action (open, unlock, ...) is"
                        + " defined in the device file as action." + command.action() + " = <point>=<value>, which"
                        + " the hub runs as writes"));
            }
        } catch (IllegalArgumentException e) {
            outcome.complete(CommandOutcome.rejected(command, e.getMessage()));
        }
        return outcome;
    }

    private void write(Command command, String pointId, Object value, CompletableFuture<CommandOutcome> outcome) {
        BoundPoint point = point(pointId);
        int priority = priority(command, point);
        BacnetValue encoded = ValueMapping.toBacnet(point.address().object().type(),
                point.address().property(), value);
        Services.WritePropertyRequest request = new Services.WritePropertyRequest(point.address().object(),
                point.address().property(), point.address().arrayIndex(), List.of(encoded), priority);
        // The message names the priority this write used, which a command's priority argument may have changed.
        PointAddress target = point.address().withPriority(priority);
        submit(() -> client.writeProperty(address, request), true).whenComplete((ok, failure) -> {
            if (failure == null) {
                outcome.complete(CommandOutcome.completed(command));
                readOne(point); // the device decides the effective value (a higher priority may hold it)
            } else {
                BacnetException e = unwrap(failure);
                outcome.complete(CommandOutcome.failed(command, (value == null ? "relinquish" : "write") + " of "
                        + target + " failed: " + e.getMessage()));
                if (!e.deviceAnswered()) {
                    onTimeout(e);
                }
            }
        });
    }

    private int priority(Command command, BoundPoint point) {
        Object argument = command.arguments().get("priority");
        if (argument != null) {
            int priority;
            if (argument instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())
                    && Math.abs(n.doubleValue()) <= 1000) {
                priority = n.intValue();
            } else {
                try {
                    priority = Integer.parseInt(argument.toString().trim());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("priority '" + argument + "' is not a whole number 1..16");
                }
            }
            if (priority < 1 || priority > 16) {
                throw new IllegalArgumentException("priority " + priority + " outside 1..16");
            }
            return priority;
        }
        return point.address().priority() > 0 ? point.address().priority() : settings.writePriority();
    }

    private BoundPoint point(String pointId) {
        if (pointId == null) {
            throw new IllegalArgumentException("name the point (point=<id>)");
        }
        for (BoundPoint point : points) {
            if (point.definition().id().equals(pointId)) {
                return point;
            }
        }
        throw new IllegalArgumentException(device.id() + " has no point '" + pointId + "'");
    }

    // ------------------------------------------------------------------ the request budget

    /**
     * Runs {@code request} when fewer than {@code bacnet.maxOutstanding} requests are in flight; {@code urgent}
     * ones (commands, probes) go ahead of queued polls.
     */
    private <T> CompletionStage<T> submit(Supplier<CompletionStage<T>> request, boolean urgent) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Runnable start = () -> {
            CompletionStage<T> stage;
            try {
                stage = request.get();
            } catch (RuntimeException e) {
                release();
                result.completeExceptionally(e);
                return;
            }
            stage.whenComplete((value, failure) -> {
                if (failure == null || unwrap(failure).deviceAnswered()) {
                    lastAnswerNanos = System.nanoTime();
                }
                release();
                if (failure != null) {
                    result.completeExceptionally(failure);
                } else {
                    result.complete(value);
                }
            });
        };
        synchronized (this) {
            if (phase == Phase.CLOSED) {
                result.completeExceptionally(new CompletionException(new IllegalStateException("device closed")));
                return result;
            }
            if (inFlight >= settings.maxOutstanding()) {
                Queued queued = new Queued(start, why -> result.completeExceptionally(BacnetException.of(
                        BacnetException.Kind.CLOSED, "not sent: device " + device.id() + " " + why)));
                if (urgent) {
                    queue.addFirst(queued);
                } else {
                    queue.addLast(queued);
                }
                return result;
            }
            inFlight++;
        }
        start.run();
        return result;
    }

    private void release() {
        Queued next;
        synchronized (this) {
            next = queue.pollFirst();
            if (next == null) {
                inFlight--;
            }
        }
        if (next != null) {
            next.start().run();
        }
    }

    /** Fails every queued request, so whoever waits on them (poll bookkeeping, commands) hears of it. */
    private void dropQueued(String why) {
        List<Queued> dropped;
        synchronized (this) {
            dropped = new ArrayList<>(queue);
            queue.clear();
        }
        dropped.forEach(q -> q.cancel().accept(why));
    }

    private static BacnetException unwrap(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof BacnetException e) {
            return e;
        }
        return BacnetException.of(BacnetException.Kind.CLOSED, String.valueOf(cause));
    }

    // ------------------------------------------------------------------ scheduling and close

    private void runLater(Runnable task, long delayMillis) {
        scheduleOrNull(task, delayMillis);
    }

    private ScheduledFuture<?> scheduleOrNull(Runnable task, long delayMillis) {
        try {
            return context.scheduler().schedule(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.warn("BACnet device {}: task failed", device.id(), e);
                }
            }, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            return null; // the hub is closing this device
        }
    }

    private void cancelTasks() {
        for (ScheduledFuture<?> task : new ScheduledFuture<?>[] {pollTask, renewTask, probeTask}) {
            if (task != null) {
                task.cancel(false);
            }
        }
    }

    @Override
    public void close() {
        Set<ObjectIdentifier> subscribed;
        synchronized (this) {
            if (phase == Phase.CLOSED) {
                return;
            }
            phase = Phase.CLOSED;
            cancelTasks();
            subscribed = new HashSet<>(covObjects);
        }
        dropQueued("closed");
        for (ObjectIdentifier object : subscribed) {
            // best effort: the subscription would expire anyway after its lifetime
            client.subscribeCov(address, new Services.SubscribeCovRequest(processId, object, null, -1));
        }
        for (Map.Entry<CompletableFuture<CommandOutcome>, Command> open : List.copyOf(openCommands.entrySet())) {
            open.getKey().complete(CommandOutcome.failed(open.getValue(), "device " + device.id() + " closed"));
        }
        onClose.run();
    }
}
