package dev.yakata.access.internal;

import dev.yakata.access.rules.AccessConfig;
import dev.yakata.access.rules.AccessConfig.DoorSpec;
import dev.yakata.access.rules.AccessConfig.FireRelease;
import dev.yakata.access.rules.AccessConfig.RoomSpec;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import java.util.function.BiPredicate;
import java.util.function.ToIntFunction;

/**
 * The building as the access files describe it, for everything in the runtime that is not a decision: supervision,
 * fire release, free passage, who is inside. A snapshot taken at each reload, so those parts never read a half-swapped
 * configuration, and can be tested with a site written out by hand.
 *
 * @param doors        the doors of zones.cfg
 * @param rooms        the rooms of zones.cfg
 * @param fireReleases the fire-release inputs of zones.cfg
 * @param schedules    whether a schedule of policies.cfg is on at an instant (holidays applied)
 * @param levels       a zone's level, -1 for an unknown zone
 */
record Site(List<DoorSpec> doors, List<RoomSpec> rooms, List<FireRelease> fireReleases,
        BiPredicate<String, ZonedDateTime> schedules, ToIntFunction<String> levels) {

    /** Before any access file loaded: nothing to supervise, release or hold. */
    static final Site EMPTY = new Site(List.of(), List.of(), List.of(), (schedule, at) -> false, zone -> -1);

    Site {
        doors = List.copyOf(doors);
        rooms = List.copyOf(rooms);
        fireReleases = List.copyOf(fireReleases);
    }

    static Site of(AccessConfig config) {
        return new Site(config.doors(), config.rooms(), config.fireReleases(), config::scheduleOn, config::levelOf);
    }

    Optional<DoorSpec> door(String deviceId) {
        return doors.stream().filter(d -> d.device().equals(deviceId)).findFirst();
    }

    Optional<RoomSpec> room(String id) {
        return rooms.stream().filter(r -> r.id().equals(id)).findFirst();
    }
}
