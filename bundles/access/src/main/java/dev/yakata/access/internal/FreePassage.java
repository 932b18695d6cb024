package dev.yakata.access.internal;

import dev.yakata.access.rules.AccessConfig.DoorSpec;
import java.time.Clock;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The doors zones.cfg frees during a schedule ({@code free-during}): held unlocked (see {@link DoorHolds}) while the
 * schedule is on, locked when it ends. Looked at on every {@link #tick()} (once a second) and at each reload.
 * Thread-safe.
 */
final class FreePassage {

    private final DoorHolds holds;
    private final Clock clock;
    private final ZoneId zone;
    private final java.util.function.BooleanSupplier lockdown;
    private Site site = Site.EMPTY;
    /** Door to the schedule that holds it now. */
    private final Map<String, String> freed = new HashMap<>();

    FreePassage(DoorHolds holds, Clock clock, ZoneId zone) {
        this(holds, clock, zone, () -> false);
    }

    /** @param lockdown whether the building is in lockdown: then no door is free for passage */
    FreePassage(DoorHolds holds, Clock clock, ZoneId zone, java.util.function.BooleanSupplier lockdown) {
        this.holds = holds;
        this.clock = clock;
        this.zone = zone;
        this.lockdown = lockdown;
    }

    synchronized void configure(Site next) {
        site = next;
        tick();
    }

    /** Frees the doors whose schedule is on, and locks those whose schedule ended (or that are no longer free). */
    synchronized void tick() {
        ZonedDateTime now = ZonedDateTime.now(clock.withZone(zone));
        Map<String, String> wanted = new HashMap<>();
        for (DoorSpec door : lockdown.getAsBoolean() ? List.<DoorSpec>of() : site.doors()) {
            String schedule = door.freeDuring();
            if (schedule != null && !schedule.isBlank() && site.schedules().test(schedule, now)) {
                wanted.put(door.device(), schedule);
            }
        }
        for (Map.Entry<String, String> was : Map.copyOf(freed).entrySet()) {
            if (!was.getValue().equals(wanted.get(was.getKey()))) {
                holds.release(was.getKey(), reason(was.getValue()));
                freed.remove(was.getKey());
            }
        }
        wanted.forEach((door, schedule) -> {
            if (!schedule.equals(freed.get(door))) {
                holds.hold(door, reason(schedule));
                freed.put(door, schedule);
            }
        });
    }

    private static String reason(String schedule) {
        return "free passage during " + schedule;
    }
}
