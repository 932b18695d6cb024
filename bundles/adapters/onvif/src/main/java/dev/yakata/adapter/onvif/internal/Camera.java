package dev.yakata.adapter.onvif.internal;

import dev.yakata.adapter.onvif.snapshot.Snapshot;
import dev.yakata.adapter.onvif.snapshot.SnapshotException;
import dev.yakata.api.adapter.DeviceContext;
import dev.yakata.api.adapter.DeviceHandler;
import dev.yakata.api.command.Command;
import dev.yakata.api.command.CommandOutcome;
import dev.yakata.api.device.DeviceState;
import dev.yakata.api.device.DeviceStatus;
import dev.yakata.api.device.PointValue;
import dev.yakata.api.device.StatusDetail;
import dev.yakata.api.event.EventTypes;
import dev.yakata.api.event.Severity;
import dev.yakata.util.log.RateLimitedLog;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One camera: its health cycle (reachable, authenticated, a video profile, clock drift), its pull-point event loop
 * (ONVIF) and its snapshots. Every network call is asynchronous on the adapter's executor; the device's scheduler only
 * starts the next step, so a camera that hangs holds no thread, and other cameras never wait for it.
 */
final class Camera implements DeviceHandler {

    static final String TAMPER_CLEARED = "camera.tamper-cleared";
    static final String VIDEO_LOSS = "camera.video-loss";
    static final String VIDEO_RESTORED = "camera.video-restored";
    /** A subscription is asked for this long and renewed when less than half of it is left. */
    static final Duration SUBSCRIPTION = Duration.ofSeconds(60);

    private static final Logger LOG = LoggerFactory.getLogger(Camera.class);
    private static final RateLimitedLog WARN = new RateLimitedLog(LOG, Duration.ofSeconds(10));

    private final DeviceContext context;
    private final CameraSettings settings;
    private final String id;
    private final OnvifClient onvif;
    private final BoundedHttp soapHttp;
    private final BoundedHttp snapshotHttp;
    private final Set<String> declared;

    // counters for an operator (CameraSnapshots.cameraCounts)
    final AtomicLong eventsReceived = new AtomicLong();
    final AtomicLong eventsUnannounced = new AtomicLong();
    final AtomicLong eventsUnmapped = new AtomicLong();
    final AtomicLong eventsMalformed = new AtomicLong();
    final AtomicLong snapshotsOk = new AtomicLong();
    final AtomicLong snapshotsFailed = new AtomicLong();

    private volatile boolean closed;
    // the health state, guarded by this
    private String problem;                 // null while reachable and authenticated
    private StatusDetail problemDetail = StatusDetail.COMMUNICATION_ERROR;
    private String tamperTopic;             // non-null while tampering is reported
    private String driftNote;               // non-null while the clock drift is over the limit
    private String videoNote;               // non-null when the camera has no video profile
    private String snapshotNote;            // non-null when the camera's snapshot URI is refused
    private boolean connected;              // ONVIF: services, profile and subscription are set up
    private int authFailures;
    private URI snapshotUri;                // ONVIF: from GetSnapshotUri; HTTP: camera.url
    private Set<String> announced = Set.of();
    private long generation;                // bumped at every (re)connect; stale event loops stop
    private URI pullPoint;
    private Instant renewAt = Instant.MAX;
    private Boolean videoLost;

    Camera(DeviceContext context, CameraSettings settings, HttpClient client, Executor executor) {
        this.context = context;
        this.settings = settings;
        this.id = context.device().id();
        this.soapHttp = new BoundedHttp(client, executor, settings.user(), settings.password(), settings.auth());
        this.onvif = settings.protocol() == CameraSettings.Protocol.ONVIF
                ? new OnvifClient(soapHttp, settings.url(), settings.user(), settings.password(), settings.timeout(),
                        CameraSettings.SOAP_MAX_BYTES, id)
                : null;
        // its own digest state: the snapshot URL is another protection space than the SOAP services
        this.snapshotHttp = settings.protocol() == CameraSettings.Protocol.ONVIF ? new BoundedHttp(client, executor,
                settings.user(), settings.password(), settings.auth()) : soapHttp;
        this.snapshotUri = settings.protocol() == CameraSettings.Protocol.HTTP ? settings.url() : null;
        this.declared = context.device().points().stream().map(p -> p.id()).collect(Collectors.toSet());
    }

    void start() {
        schedule(Duration.ZERO);
    }

    String describeCounts() {
        String state;
        synchronized (this) {
            state = problem != null ? "OFFLINE" : tamperTopic != null ? "TAMPER" : "ONLINE";
        }
        return state + ", snapshots " + snapshotsOk.get() + " ok / " + snapshotsFailed.get() + " failed, events "
                + eventsReceived.get() + " received, ignored: " + eventsUnannounced.get() + " on unannounced topics, "
                + eventsUnmapped.get() + " on topics with no meaning here, " + eventsMalformed.get() + " unreadable or without a state";
    }

    // ---------------------------------------------------------------- health cycle

    private void schedule(Duration delay) {
        if (closed) {
            return;
        }
        try {
            context.scheduler().schedule(this::cycle, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            // the hub cancelled the device's tasks: it is closing
        }
    }

    private void cycle() {
        if (closed) {
            return;
        }
        CompletableFuture<?> check;
        try {
            check = onvif != null ? onvifCheck() : httpCheck();
        } catch (RuntimeException e) {
            check = CompletableFuture.failedFuture(e); // a periodic task that throws is never run again: keep the cycle
        }
        check.whenComplete((ok, failure) -> {
            if (closed) {
                return;
            }
            if (failure == null) {
                synchronized (this) {
                    authFailures = 0;
                    problem = null;
                }
                publishStatus();
                schedule(settings.poll());
            } else {
                schedule(failed(BoundedHttp.unwrap(failure)));
            }
        });
    }

    /** Records a failure as the device's status and returns when to try again. */
    private Duration failed(Throwable t) {
        String reason = t instanceof CameraException c ? c.getMessage()
                : "camera " + id + ": unexpected " + t.getClass().getSimpleName() + ": " + t.getMessage();
        boolean auth = t instanceof CameraException c && c.kind() == CameraException.Kind.NOT_AUTHORIZED;
        Duration next = settings.poll();
        synchronized (this) {
            connected = false;
            generation++;
            pullPoint = null;
            if (auth) {
                authFailures++;
                long factor = 1L << Math.min(authFailures - 1, 16);
                next = settings.poll().multipliedBy(factor);
                if (next.compareTo(settings.backoffMax()) > 0) {
                    next = settings.backoffMax();
                }
                reason = reason + "; next try in " + next.toSeconds() + " s (backing off so the camera's account does not lock)";
            } else {
                authFailures = 0;
            }
            problem = reason;
            problemDetail = StatusDetail.COMMUNICATION_ERROR;
        }
        if (!(t instanceof CameraException)) {
            LOG.warn("camera {}: {}", id, reason, t);
        }
        // Unreachable, so nothing the camera said still holds: its picture, its motion and tamper states are unknown.
        context.device().points().forEach(p -> context.publishValue(p.id(), PointValue.bad()));
        publishStatus();
        return next;
    }

    private CompletableFuture<?> httpCheck() {
        return fetch().thenAccept(jpeg -> {
            synchronized (this) {
                videoNote = null;
            }
            publishIfDeclared("online", PointValue.good(true));
        });
    }

    private CompletableFuture<?> onvifCheck() {
        return onvif.systemDateAndTime().thenCompose(offset -> {
            noteDrift(offset);
            boolean isConnected;
            synchronized (this) {
                isConnected = connected;
            }
            return isConnected ? onvif.deviceInformation().thenApply(info -> null) : connect();
        });
    }

    private void noteDrift(Duration offset) {
        long seconds = offset.toSeconds();
        synchronized (this) {
            driftNote = Math.abs(seconds) > settings.driftMax().toSeconds()
                    ? "camera clock is " + Math.abs(seconds) + " s " + (seconds > 0 ? "ahead of" : "behind") + " the hub's (over camera.drift.max.seconds = "
                            + settings.driftMax().toSeconds() + "; the hub allows for it, but fix the camera's time or NTP server so its pictures carry the right time)"
                    : null;
        }
    }

    private CompletableFuture<?> connect() {
        return onvif.deviceInformation().thenCompose(info -> {
            LOG.info("camera {} at {}: {}", id, settings.url(), info.describe());
            return onvif.services();
        }).thenCompose(services -> {
            URI media = services.media().orElse(null);
            CompletableFuture<Void> mediaStep = media == null
                    ? noVideoStep("the camera announces no media service")
                    : onvif.profiles(media).thenCompose(profiles -> chooseProfile(media, profiles));
            return mediaStep.thenCompose(v -> settings.events() && services.events().isPresent()
                    ? subscribe(services.events().get()) : CompletableFuture.completedFuture(null));
        }).thenRun(() -> {
            synchronized (this) {
                connected = true;
            }
        });
    }

    private CompletableFuture<Void> chooseProfile(URI media, List<OnvifClient.MediaProfile> profiles) {
        Optional<OnvifClient.MediaProfile> chosen = settings.profileToken().isPresent()
                ? profiles.stream().filter(p -> p.token().equals(settings.profileToken().get())).findFirst()
                : profiles.stream().filter(p -> !p.videoSourceToken().isEmpty() && p.hasVideoEncoder()).findFirst();
        if (chosen.isEmpty()) {
            noVideo(settings.profileToken().isPresent()
                    ? "the camera has no media profile '" + settings.profileToken().get() + "' (camera.profile.token); it has "
                            + profiles.stream().map(OnvifClient.MediaProfile::token).toList()
                    : "the camera has no media profile with a video source (" + profiles.size() + " profiles)");
            return CompletableFuture.completedFuture(null);
        }
        return onvif.snapshotUri(media, chosen.get().token()).thenAccept(uri -> {
            synchronized (this) {
                videoNote = null;
                if (sameHost(uri, settings.url())) {
                    snapshotUri = uri;
                    snapshotNote = null;
                } else {
                    // the camera works; only its pictures are refused, with the reason in the status
                    snapshotUri = null;
                    snapshotNote = "no snapshots: the camera names its snapshot URI " + uri + ", on another host than camera.url ("
                            + settings.url().getHost() + "), and the hub sends the camera's credentials only to that host";
                }
            }
            publishIfDeclared("online", PointValue.good(true));
        });
    }

    private static boolean sameHost(URI a, URI b) {
        return a.getHost() != null && a.getHost().equalsIgnoreCase(b.getHost());
    }

    private CompletableFuture<Void> noVideoStep(String why) {
        noVideo(why);
        return CompletableFuture.completedFuture(null);
    }

    private void noVideo(String why) {
        synchronized (this) {
            snapshotUri = null;
            videoNote = why + ": no picture, point online = false";
        }
        publishIfDeclared("online", PointValue.good(false));
    }

    // ---------------------------------------------------------------- events

    private CompletableFuture<Void> subscribe(URI events) {
        return onvif.eventTopics(events).thenCompose(topics -> {
            synchronized (this) {
                announced = topics;
            }
            return onvif.createPullPoint(events, SUBSCRIPTION);
        }).thenAccept(subscription -> {
            long mine;
            synchronized (this) {
                pullPoint = subscription.address();
                renewAt = renewTime(subscription.granted());
                mine = ++generation;
            }
            LOG.info("camera {}: pull point {} for topics {}", id, subscription.address(), announced);
            context.scheduler().execute(() -> pull(mine));
        });
    }

    /** Renews when half of what the camera granted (at most what was asked) is gone. */
    private Instant renewTime(Optional<Duration> granted) {
        Duration life = granted.filter(g -> g.compareTo(SUBSCRIPTION) < 0).orElse(SUBSCRIPTION);
        return Instant.now().plus(life.dividedBy(2));
    }

    private void pull(long mine) {
        URI at;
        synchronized (this) {
            if (closed || mine != generation || pullPoint == null) {
                return;
            }
            at = pullPoint;
        }
        // a pull never waits past half the time to renewal, so a short grant is renewed in time
        Duration wait;
        synchronized (this) {
            Duration toRenew = Duration.between(Instant.now(), renewAt).dividedBy(2);
            wait = toRenew.compareTo(settings.pullWait()) < 0 ? (toRenew.toSeconds() < 1 ? Duration.ofSeconds(1) : toRenew) : settings.pullWait();
        }
        onvif.pull(at, wait, 32).thenCompose(pulled -> {
            pulled.messages().forEach(this::onNotification);
            if (pulled.unreadable() > 0) {
                eventsReceived.addAndGet(pulled.unreadable());
                long count = eventsMalformed.addAndGet(pulled.unreadable());
                WARN.warn(id + "/unreadable", "camera " + id + " sent a notification without a topic or tt:Message; ignored ("
                        + count + " unreadable so far)");
            }
            boolean renew;
            synchronized (this) {
                renew = Instant.now().isAfter(renewAt);
            }
            return renew ? onvif.renew(at, SUBSCRIPTION).thenAccept(t -> {
                synchronized (this) {
                    renewAt = renewTime(t);
                }
            }) : CompletableFuture.completedFuture(null);
        }).whenComplete((v, failure) -> {
            if (closed) {
                return;
            }
            synchronized (this) {
                if (mine != generation) {
                    return;
                }
            }
            if (failure == null) {
                try {
                    context.scheduler().execute(() -> pull(mine));
                } catch (RuntimeException e) {
                    // closing
                }
            } else {
                Throwable t = BoundedHttp.unwrap(failure);
                // the health cycle re-establishes the subscription on its next round
                failed(new CameraException(t instanceof CameraException c ? c.kind() : CameraException.Kind.UNREACHABLE,
                        "events from camera " + id + " stopped: " + t.getMessage()));
            }
        });
    }

    private void onNotification(OnvifClient.Notification n) {
        eventsReceived.incrementAndGet();
        Set<String> topics;
        synchronized (this) {
            topics = announced;
        }
        if (!topics.isEmpty() && !topics.contains(n.topic())) {
            long count = eventsUnannounced.incrementAndGet();
            WARN.warn(id + "/unannounced", "camera " + id + " sent an event on topic " + n.topic()
                    + ", which it did not announce in GetEventProperties; ignored (" + count + " so far)");
            return;
        }
        Optional<TopicMapping.Rule> rule = TopicMapping.rule(n.topic());
        if (rule.isEmpty()) {
            eventsUnmapped.incrementAndGet();
            return;
        }
        Optional<Boolean> state = TopicMapping.state(rule.get(), n.data());
        if (state.isEmpty()) {
            long count = eventsMalformed.incrementAndGet();
            WARN.warn(id + "/nostate", "camera " + id + " sent " + n.topic() + " without a true/false "
                    + rule.get().item() + " item (data " + n.data() + "); ignored (" + count + " so far)");
            return;
        }
        boolean active = state.get();
        boolean initial = "Initialized".equals(n.operation());
        switch (rule.get().meaning()) {
            case MOTION -> {
                publishIfDeclared("motion", PointValue.good(active));
                if (active && !initial) {
                    context.event(EventTypes.CAMERA_MOTION).severity(Severity.INFO).put("topic", "tns1:" + n.topic())
                            .data(n.source()).publish();
                }
            }
            case TAMPER -> tamper(n.topic(), active);
            case VIDEO_LOSS -> videoLoss(active);
        }
    }

    private void tamper(String topic, boolean active) {
        boolean changed;
        synchronized (this) {
            changed = (tamperTopic != null) != active;
            tamperTopic = active ? topic : null;
        }
        publishIfDeclared("tamper", PointValue.good(active));
        if (changed) {
            context.event(active ? EventTypes.CAMERA_TAMPER : TAMPER_CLEARED)
                    .severity(active ? Severity.ALARM : Severity.INFO)
                    .put("topic", "tns1:" + topic)
                    .put("message", "camera " + id + (active ? " reports tampering (covered, moved or its scene changed)"
                            : " no longer reports tampering"))
                    .publish();
            publishStatus();
        }
    }

    private void videoLoss(boolean lost) {
        boolean changed;
        synchronized (this) {
            changed = videoLost == null ? lost : videoLost != lost;
            videoLost = lost;
        }
        publishIfDeclared("online", PointValue.good(!lost));
        if (changed) {
            context.event(lost ? VIDEO_LOSS : VIDEO_RESTORED).severity(lost ? Severity.ALARM : Severity.INFO)
                    .put("message", "camera " + id + (lost ? " lost its video signal" : " has video again")).publish();
        }
    }

    // ---------------------------------------------------------------- status and values

    private void publishStatus() {
        DeviceStatus status;
        synchronized (this) {
            if (problem != null) {
                status = DeviceStatus.offline(problemDetail, problem);
            } else if (tamperTopic != null) {
                status = DeviceStatus.fault(StatusDetail.HARDWARE_FAULT, "camera " + id
                        + " reports tampering (tns1:" + tamperTopic + "): it may no longer watch its entrance");
            } else {
                String note = String.join("; ", Stream.of(videoNote, snapshotNote, driftNote)
                        .filter(Objects::nonNull).toList());
                status = new DeviceStatus(DeviceState.ONLINE, StatusDetail.NONE, note);
            }
        }
        context.updateStatus(status);
    }

    private void publishIfDeclared(String point, PointValue value) {
        // the profile role's point (role.<role> may map it to another id), else a point of that id
        Optional<String> pointId = context.device().pointFor(point).map(p -> p.id())
                .or(() -> declared.contains(point) ? Optional.of(point) : Optional.empty());
        pointId.ifPresent(p -> context.publishValue(p, value));
    }

    // ---------------------------------------------------------------- snapshots

    CompletableFuture<Snapshot> snapshot() {
        long started = System.nanoTime();
        String reason;
        synchronized (this) {
            reason = snapshotUri == null ? (problem != null ? problem : videoNote != null ? videoNote
                    : snapshotNote != null ? snapshotNote : "not connected yet") : null;
        }
        if (closed) {
            return CompletableFuture.failedFuture(new SnapshotException("camera " + id + " is closed"));
        }
        if (reason != null) {
            snapshotsFailed.incrementAndGet();
            return CompletableFuture.failedFuture(new SnapshotException("camera " + id + " has no snapshot URI: " + reason));
        }
        return fetch().handle((jpeg, failure) -> {
            if (failure != null) {
                snapshotsFailed.incrementAndGet();
                Throwable t = BoundedHttp.unwrap(failure);
                throw new CompletionException(new SnapshotException(t.getMessage(), t));
            }
            snapshotsOk.incrementAndGet();
            return new Snapshot(id, jpeg, Instant.now(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        });
    }

    /** GETs the snapshot URI within the snapshot limits and checks the JPEG markers. */
    private CompletableFuture<byte[]> fetch() {
        URI uri;
        synchronized (this) {
            uri = snapshotUri;
        }
        String what = "the snapshot of camera " + id;
        return snapshotHttp.exchange(uri, null, null, settings.snapshotTimeout(), settings.snapshotMaxBytes(), what)
                .thenApply(response -> {
                    if (response.status() != 200) {
                        throw new CompletionException(new CameraException(CameraException.Kind.REFUSED,
                                what + " at " + uri + " answered HTTP " + response.status()));
                    }
                    byte[] b = response.body();
                    int n = b.length;
                    if (n < 4 || (b[0] & 0xff) != 0xFF || (b[1] & 0xff) != 0xD8 || (b[n - 2] & 0xff) != 0xFF || (b[n - 1] & 0xff) != 0xD9) {
                        String type = response.contentType();
                        throw new CompletionException(new CameraException(CameraException.Kind.MALFORMED,
                                what + " at " + uri + " is not a JPEG (" + n + " bytes" + (type.isEmpty() ? "" : ", " + type)
                                        + (n >= 2 && (b[0] & 0xff) == 0xFF && (b[1] & 0xff) == 0xD8 ? ", no end marker FF D9: cut short?" : ", does not start with FF D8")
                                        + ")"));
                    }
                    return b;
                });
    }

    // ---------------------------------------------------------------- handler

    @Override
    public CompletionStage<CommandOutcome> execute(Command command) {
        return CompletableFuture.completedFuture(CommandOutcome.rejected(command, "camera " + id
                + " takes no commands; snapshots are fetched by the hub, not commanded"));
    }

    /**
     * Stops the camera: no new step starts ({@code closed}), the exchanges in progress are aborted (the long-poll
     * PullMessages would otherwise stay open on the camera for up to camera.pull.seconds), the pull point is
     * unsubscribed within the camera's timeout (at most 2 s), and then no request of this camera is left on the wire.
     * A step whose exchange is aborted ends in its failure branch, which sees {@code closed} and does nothing; so
     * nothing is published after close returns, short of an answer that had already arrived when close began.
     */
    @Override
    public void close() {
        URI at;
        synchronized (this) {
            closed = true;
            generation++;
            at = pullPoint;
            pullPoint = null;
        }
        soapHttp.abandonInFlight();
        snapshotHttp.abandonInFlight();
        try {
            if (at != null && onvif != null) {
                // best effort and bounded: a camera keeps a subscription nobody pulls until its termination time anyway
                onvif.unsubscribe(at).get(Math.min(2000, settings.timeout().toMillis()), TimeUnit.MILLISECONDS);
            }
        } catch (Exception e) {
            LOG.debug("camera {}: unsubscribe from {} failed: {}", id, at, e.toString());
        } finally {
            // aborts an Unsubscribe still unanswered, and a step that raced close() to send one more request
            soapHttp.close();
            snapshotHttp.close();
        }
    }
}
