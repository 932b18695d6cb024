package dev.yakata.alarms.rules;

import dev.yakata.api.device.PointKind;
import dev.yakata.api.device.Quality;
import dev.yakata.api.event.Event;
import dev.yakata.api.profile.PointRole;
import dev.yakata.api.profile.Profile;
import dev.yakata.core.model.StandardProfiles;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** A small building for the engine's tests: the hub's real profiles, devices as the demo building has them. */
final class Fixture {

    static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
    /** A Wednesday, 03:00 in Tokyo: outside opening hours. */
    static final Instant T0 = Instant.parse("2026-12-01T18:00:00Z");

    /** A catalog of fixed devices over the hub's declared profiles. */
    static final class Devices implements Catalog {
        final List<Device> devices = new ArrayList<>();

        Devices add(String id, String profile, String floor, Map<String, PointKind> points, Map<String, String> roles) {
            devices.add(new Device(id, profile, floor, points, roles));
            devices.sort((a, b) -> a.id().compareTo(b.id()));
            return this;
        }

        @Override
        public List<Device> devices() {
            return List.copyOf(devices);
        }

        @Override
        public Optional<Map<String, PointKind>> profileRoles(String profile) {
            return StandardProfiles.named(profile).map(Fixture::roles);
        }

        @Override
        public List<String> profiles() {
            return StandardProfiles.all().stream().map(Profile::name).toList();
        }
    }

    static Map<String, PointKind> roles(Profile profile) {
        Map<String, PointKind> roles = new LinkedHashMap<>();
        for (PointRole role : profile.roles()) {
            roles.put(role.name(), role.kind());
        }
        return roles;
    }

    static Devices building() {
        Devices d = new Devices();
        d.add("hvac.2f.server-room", "hvac", "2F", Map.of("supply-temp", PointKind.ANALOG, "humidity", PointKind.ANALOG,
                "crac-status", PointKind.MULTISTATE), Map.of("supply-temp", "supply-temp", "humidity", "humidity",
                "run-state", "crac-status"));
        d.add("ups.2f.server-room", "ups", "2F", Map.of("on-battery", PointKind.BINARY, "charge", PointKind.ANALOG,
                "runtime-left", PointKind.ANALOG), Map.of("on-battery", "on-battery", "charge", "charge",
                "runtime-left", "runtime-left"));
        for (String floor : List.of("1f", "2f", "3f")) {
            Map<String, PointKind> points = Map.of("feed-a", PointKind.BINARY, "feed-b", PointKind.BINARY,
                    "load-powered", PointKind.BINARY);
            Map<String, String> roles = Map.of("feed-a", "feed-a", "feed-b", "feed-b", "load-supplied", "load-powered");
            d.add("power." + floor + ".feeds", "power-feeds", floor.toUpperCase(), points, roles);
            d.add("comms." + floor + ".feeds", "power-feeds", floor.toUpperCase(), points, roles);
        }
        d.add("door.1f.main-entrance", "door", "1F", Map.of("locked", PointKind.BINARY, "contact", PointKind.BINARY),
                Map.of("locked", "locked", "contact", "contact"));
        d.add("shutter.1f.counter-1", "shutter", "1F", Map.of("state", PointKind.TEXT, "closed", PointKind.BINARY,
                "obstruction", PointKind.BINARY), Map.of("state", "state", "closed", "closed", "obstruction", "obstruction"));
        return d;
    }

    static AlarmConfig config(Catalog catalog, String text) throws AlarmFileException {
        TreeMap<String, String> files = new TreeMap<>();
        files.put("test.cfg", text);
        return AlarmConfig.parse(files, catalog);
    }

    /** An engine over the building with one file, and the events it published. */
    static final class Running {
        final List<Event> events = new ArrayList<>();
        final Devices catalog = building();
        final AlarmEngine engine = new AlarmEngine(events::add, TOKYO);
        Instant now = T0;

        Running(String text) throws AlarmFileException {
            engine.configure(config(catalog, text), catalog, now);
        }

        Running at(Instant time) {
            now = time;
            engine.tick(now);
            return this;
        }

        Running later(long seconds) {
            return at(now.plusSeconds(seconds));
        }

        Running point(String device, String point, Object value) {
            engine.onPoint(device, point, value, Quality.GOOD, now);
            return this;
        }

        Running event(String type, String source, Object... keysAndValues) {
            Event.Builder b = Event.builder(type, source).time(now);
            for (int i = 0; i < keysAndValues.length; i += 2) {
                b.put((String) keysAndValues[i], keysAndValues[i + 1]);
            }
            engine.onEvent(b.build(), now);
            return this;
        }

        AlarmView alarm(String id) {
            return engine.alarm(id);
        }

        AlarmState state(String id) {
            return engine.alarm(id).state();
        }

        /** The types of the events published so far, in order. */
        List<String> types() {
            return events.stream().map(Event::type).toList();
        }

        List<String> typesOf(String alarm) {
            return events.stream().filter(e -> e.subject().equals(alarm)).map(Event::type).toList();
        }

        Event last() {
            return events.get(events.size() - 1);
        }
    }
}
