package dev.yakata.cctv.internal;

import dev.yakata.adapter.onvif.snapshot.CameraSnapshots;
import dev.yakata.adapter.onvif.snapshot.Snapshot;
import dev.yakata.api.event.Event;
import dev.yakata.api.event.EventListener;
import dev.yakata.api.event.EventTypes;
import dev.yakata.api.event.Severity;
import dev.yakata.bus.api.EventBus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bus listener: a door event at an entrance (a denied swipe, a forced or held-open door) becomes a snapshot
 * from the entrance's camera, stored under {@code <folder>/<yyyy-mm-dd>/<id>.jpg} and indexed by a
 * {@code camera.snapshot} event, or a {@code camera.snapshot-failed} event with the reason. The bus thread only
 * hands the work to this class's own two threads through a bounded queue; a full queue fails the snapshot at once.
 */
final class SnapshotTaker implements EventListener, AutoCloseable {

    static final String SOURCE = "cctv";
    static final String SNAPSHOT = "camera.snapshot";
    static final String SNAPSHOT_FAILED = "camera.snapshot-failed";
    static final Set<String> TRIGGERS = Set.of(EventTypes.ACCESS_DENIED, EventTypes.DOOR_FORCED, EventTypes.DOOR_HELD_OPEN);

    private static final Logger LOG = LoggerFactory.getLogger(SnapshotTaker.class);

    private final EventBus bus;
    private final Supplier<Entrances> entrances;
    private final Supplier<CameraSnapshots> cameras;
    private final SnapshotFolder folder;
    private final SnapshotSettings settings;
    private final Clock clock;
    private final ThreadPoolExecutor workers;

    SnapshotTaker(EventBus bus, Supplier<Entrances> entrances, Supplier<CameraSnapshots> cameras, SnapshotFolder folder,
            SnapshotSettings settings, Clock clock) {
        this.bus = bus;
        this.entrances = entrances;
        this.cameras = cameras;
        this.folder = folder;
        this.settings = settings;
        this.clock = clock;
        AtomicInteger n = new AtomicInteger();
        workers = new ThreadPoolExecutor(2, 2, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(settings.queueSize()), r -> {
            Thread t = new Thread(r, "yakata-cctv-snapshot-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        }, new ThreadPoolExecutor.AbortPolicy());
        workers.allowCoreThreadTimeOut(true);
    }

    @Override
    public void onEvent(Event event) {
        if (!TRIGGERS.contains(event.type())) {
            return;
        }
        String door = door(event);
        String camera = entrances.get().camera(door).orElse(null);
        if (camera == null) {
            return; // not an entrance: no camera watches this door
        }
        Instant asked = clock.instant();
        try {
            workers.execute(() -> take(event, door, camera, asked));
        } catch (RejectedExecutionException full) {
            failed(event, door, camera, "the snapshot queue is full (" + settings.queueSize() + " door events waiting); "
                    + "this door event gets no picture. Raise queueSize in etc/dev.yakata.cctv.cfg if bursts are normal");
        }
    }

    private static String door(Event event) {
        Object door = event.data().get("door");
        return door instanceof String s && !s.isEmpty() ? s : event.source();
    }

    private void take(Event event, String door, String camera, Instant asked) {
        CameraSnapshots service = cameras.get();
        if (service == null) {
            failed(event, door, camera, "no camera adapter is running (the onvif adapter's CameraSnapshots service is "
                    + "absent); install the feature yakata-onvif");
            return;
        }
        long timeout = settings.fetchTimeout().toMillis();
        Snapshot snapshot;
        try {
            snapshot = service.snapshot(camera).toCompletableFuture().get(timeout, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            failed(event, door, camera, "camera " + camera + " gave no snapshot within " + timeout + " ms");
            return;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            failed(event, door, camera, cause.getMessage() == null ? cause.toString() : cause.getMessage());
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failed(event, door, camera, "the hub was stopping");
            return;
        }
        try {
            String id = Event.newId();
            Instant taken = snapshot.receivedAt();
            LocalDate day = taken.atZone(settings.zone()).toLocalDate();
            byte[] jpeg = snapshot.jpeg();
            String sha = sha256(jpeg);
            String file = folder.write(day, id, jpeg);
            long millis = Math.max(0, clock.instant().toEpochMilli() - asked.toEpochMilli());
            Event indexed = Event.builder(SNAPSHOT, SOURCE).subject(id).zone(event.zone())
                    .correlationId(correlation(event))
                    .put("snapshot", id).put("camera", camera).put("door", door)
                    .put("doorEvent", event.id()).put("doorEventType", event.type())
                    .put("takenAt", taken.toString()).put("file", file).put("bytes", (long) jpeg.length)
                    .put("sha256", sha).put("millis", millis).build();
            folder.index(day, indexed);
            bus.publish(indexed);
        } catch (IOException | RuntimeException e) {
            LOG.warn("snapshot of {} for {} could not be stored: {}", camera, door, e.toString());
            failed(event, door, camera, "the snapshot could not be stored in " + folder.root() + ": " + e.getMessage());
        }
    }

    /** The door event's correlation id (a swipe's id, a door opening's), or its own id when it has none. */
    static String correlation(Event event) {
        return event.correlationId().isEmpty() ? event.id() : event.correlationId();
    }

    private void failed(Event event, String door, String camera, String reason) {
        bus.publish(Event.builder(SNAPSHOT_FAILED, SOURCE).subject(camera).zone(event.zone())
                .severity(Severity.WARNING).correlationId(correlation(event))
                .put("camera", camera).put("door", door).put("doorEvent", event.id())
                .put("doorEventType", event.type()).put("reason", reason).build());
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }

    /** The day folders: writes each picture whole (a temporary file moved into place) and its index line. */
    static final class SnapshotFolder {
        private final Path root;

        SnapshotFolder(Path root) {
            this.root = root;
        }

        Path root() {
            return root;
        }

        /** @return the file's path relative to the root, {@code 2026-12-02/<id>.jpg} */
        String write(LocalDate day, String id, byte[] jpeg) throws IOException {
            Path dir = Files.createDirectories(root.resolve(day.toString()));
            Path tmp = dir.resolve(id + ".jpg.part");
            Files.write(tmp, jpeg);
            Files.move(tmp, dir.resolve(id + ".jpg"), StandardCopyOption.ATOMIC_MOVE);
            return day + "/" + id + ".jpg";
        }

        /** Appends {@code id, time, door, camera, correlation, bytes, sha256} to the day's {@code index.tsv}. */
        synchronized void index(LocalDate day, Event e) throws IOException {
            String line = String.join("\t", e.subject(), String.valueOf(e.data().get("takenAt")),
                    String.valueOf(e.data().get("door")), String.valueOf(e.data().get("camera")), e.correlationId(),
                    String.valueOf(e.data().get("bytes")), String.valueOf(e.data().get("sha256"))) + "\n";
            Files.writeString(root.resolve(day.toString()).resolve(INDEX), line, StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }

        static final String INDEX = "index.tsv";
    }
}
