package dev.yakata.access.internal;

import dev.yakata.access.rules.AccessConfig.DoorSpec;
import dev.yakata.api.event.Event;
import dev.yakata.api.event.EventTypes;
import dev.yakata.api.event.Severity;
import dev.yakata.api.profile.Profiles;
import dev.yakata.bus.api.EventBus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Watches the doors zones.cfg names through their door-profile points, whatever protocol drives them: the contact
 * opening while the lock is engaged, with no unlock and no exit request in the door's unlock-seconds, is
 * {@code door.forced} (ALARM); a door open longer than its held-open-seconds is {@code door.held-open} (WARNING),
 * once per opening; a door that closes after either is {@code door.secured} (INFO).
 *
 * <p>An unlock counts whoever issued it: the hub's grants ({@link #granted}) and any {@code unlock} command the core
 * issued (an operator's release is not a forced door). A door the hub holds unlocked (fire release, free passage) is
 * never held open: it is meant to be passed. Its own clock, so tests move time by hand; {@link #tick()} is called
 * every 250 ms for the held-open limit. Thread-safe.
 */
final class DoorSupervisor {

    static final String LOCKED = "locked";
    static final String CONTACT = "contact";
    static final String REQUEST_TO_EXIT = "request-to-exit";

    private final EventBus bus;
    private final DeviceLookup devices;
    private final Predicate<String> heldByHub;
    private final Clock clock;
    private final Map<String, Door> doors = new HashMap<>();

    /** One door's last known points and where its current opening stands. */
    private static final class Door {
        DoorSpec spec;
        String lockedPoint;
        String contactPoint;
        String exitPoint;
        Boolean locked;
        Boolean closed;
        Instant unlockedUntil;
        String unlockCorrelation = "";
        Instant exitUntil;
        Instant openedAt;
        String openingCorrelation = "";
        boolean forced;
        boolean heldOpen;
    }

    /** @param heldByHub whether the hub holds a door unlocked on purpose (fire release, free passage) */
    DoorSupervisor(EventBus bus, DeviceLookup devices, Predicate<String> heldByHub, Clock clock) {
        this.bus = bus;
        this.devices = devices;
        this.heldByHub = heldByHub;
        this.clock = clock;
    }

    /** Supervises these doors from now on; a door still named keeps its state, a new one starts from its values. */
    synchronized void configure(List<DoorSpec> specs) {
        Map<String, Door> before = new HashMap<>(doors);
        doors.clear();
        for (DoorSpec spec : specs) {
            Door door = before.get(spec.device());
            if (door == null) {
                door = new Door();
                door.spec = spec;
                resolvePoints(door);
                door.locked = bool(devices.value(spec.device(), door.lockedPoint));
                door.closed = bool(devices.value(spec.device(), door.contactPoint));
                if (Boolean.FALSE.equals(door.closed)) {
                    door.openedAt = clock.instant(); // open before we looked: time its opening from now
                }
            }
            door.spec = spec;
            doors.put(spec.device(), door);
        }
    }

    /** A {@code point.changed} event; ignored unless it is a supervised door's lock, contact or exit button. */
    synchronized void pointChanged(Event event) {
        Door door = doors.get(event.source());
        if (door == null || !(event.data().get("value") instanceof Boolean value)) {
            return; // not ours, or a BAD value: keep the last known state
        }
        String point = EventData.text(event.data(), "point");
        if (!isRolePoint(door, point)) {
            resolvePoints(door); // the device file may map its roles differently since we looked
        }
        if (point.equals(door.lockedPoint)) {
            door.locked = value;
        } else if (point.equals(door.contactPoint)) {
            contactChanged(door, value);
        } else if (point.equals(door.exitPoint) && value) {
            Instant until = clock.instant().plusSeconds(door.spec.unlockSeconds());
            door.exitUntil = door.exitUntil == null || until.isAfter(door.exitUntil) ? until : door.exitUntil;
        }
    }

    /** A {@code command.issued} event: an unlock of a supervised door lets it open; a lock ends that. */
    synchronized void commandIssued(Event event) {
        Door door = doors.get(event.source());
        if (door == null) {
            return;
        }
        String action = EventData.text(event.data(), "action");
        if (Profiles.UNLOCK.equals(action)) {
            long seconds = event.data().get("arguments") instanceof Map<?, ?> arguments
                    && arguments.get(Profiles.SECONDS) instanceof Number n ? n.longValue() : door.spec.unlockSeconds();
            unlocked(door, seconds, event.correlationId());
        } else if (Profiles.LOCK.equals(action)) {
            door.unlockedUntil = null;
        }
    }

    /** The hub granted a swipe at this door and submitted an unlock of {@code seconds}. */
    synchronized void granted(String deviceId, long seconds, String correlationId) {
        Door door = doors.get(deviceId);
        if (door != null) {
            unlocked(door, seconds, correlationId);
        }
    }

    /**
     * The unlock the hub submitted for a grant did not happen (refused by the policy, the door offline): the door is
     * not let open by it, so opening it now is forced again.
     */
    synchronized void unlockFailed(String deviceId, String correlationId) {
        Door door = doors.get(deviceId);
        if (door != null && door.unlockCorrelation.equals(correlationId)) {
            door.unlockedUntil = null;
        }
    }

    /** Raises {@code door.held-open} for each door open past its limit; called every 250 ms. */
    synchronized void tick() {
        Instant now = clock.instant();
        for (Door door : doors.values()) {
            int limit = door.spec.heldOpenSeconds();
            if (Boolean.FALSE.equals(door.closed) && door.openedAt != null && !door.heldOpen && limit > 0
                    && now.isAfter(door.openedAt.plusSeconds(limit)) && !heldByHub.test(door.spec.device())) {
                door.heldOpen = true;
                publish(door, EventTypes.DOOR_HELD_OPEN, Severity.WARNING, door.spec.device() + " has been open for "
                        + "more than " + limit + " s (since " + door.openedAt + "); close it or see why it is propped");
            }
        }
    }

    private void unlocked(Door door, long seconds, String correlationId) {
        Instant until = clock.instant().plusSeconds(Math.max(seconds, door.spec.unlockSeconds()));
        if (door.unlockedUntil == null || until.isAfter(door.unlockedUntil)) {
            door.unlockedUntil = until;
        }
        door.unlockCorrelation = correlationId == null ? "" : correlationId;
    }

    private void contactChanged(Door door, boolean closed) {
        Boolean wasClosed = door.closed;
        door.closed = closed;
        Instant now = clock.instant();
        if (!closed && !Boolean.FALSE.equals(wasClosed)) {
            boolean unlocked = within(now, door.unlockedUntil);
            door.openedAt = now;
            door.heldOpen = false;
            door.openingCorrelation = unlocked ? door.unlockCorrelation : "";
            // Forced only from a closed door we saw closed, with the lock engaged and nothing that let it open.
            door.forced = Boolean.TRUE.equals(wasClosed) && Boolean.TRUE.equals(door.locked) && !unlocked
                    && !within(now, door.exitUntil) && !heldByHub.test(door.spec.device());
            if (door.forced) {
                publish(door, EventTypes.DOOR_FORCED, Severity.ALARM, door.spec.device() + " opened while locked, "
                        + "with no unlock and no exit request in the last " + door.spec.unlockSeconds() + " s");
            }
        } else if (closed && Boolean.FALSE.equals(wasClosed)) {
            if (door.forced || door.heldOpen) {
                long open = door.openedAt == null ? 0 : Duration.between(door.openedAt, now).getSeconds();
                publish(door, EventTypes.DOOR_SECURED, Severity.INFO, door.spec.device() + " is closed again after "
                        + (door.forced ? "it was forced" : "it was held open") + " (open " + open + " s)");
            }
            door.openedAt = null;
            door.forced = false;
            door.heldOpen = false;
            door.openingCorrelation = "";
        }
    }

    private void publish(Door door, String type, Severity severity, String message) {
        String device = door.spec.device();
        bus.publish(Event.builder(type, device).zone(devices.zone(device)).severity(severity)
                .correlationId(door.openingCorrelation).put("door", device).put("message", message).build());
    }

    private void resolvePoints(Door door) {
        String device = door.spec.device();
        door.lockedPoint = devices.pointFor(device, LOCKED);
        door.contactPoint = devices.pointFor(device, CONTACT);
        door.exitPoint = devices.pointFor(device, REQUEST_TO_EXIT);
    }

    private static boolean isRolePoint(Door door, String point) {
        return point.equals(door.lockedPoint) || point.equals(door.contactPoint) || point.equals(door.exitPoint);
    }

    private static boolean within(Instant now, Instant until) {
        return until != null && !now.isAfter(until);
    }

    private static Boolean bool(Object value) {
        return value instanceof Boolean b ? b : null;
    }
}
