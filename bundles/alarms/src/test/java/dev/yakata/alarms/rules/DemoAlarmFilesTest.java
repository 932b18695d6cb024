package dev.yakata.alarms.rules;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import dev.yakata.api.device.DeviceDefinition;
import dev.yakata.api.device.PointDefinition;
import dev.yakata.api.device.PointKind;
import dev.yakata.api.event.EventTypes;
import dev.yakata.testkit.DeviceFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.Test;

/**
 * The demo building's alarm files ({@code config/etc/alarms/}) load against its device files as the hub parses them,
 * and do on the demo's devices what the building needs.
 */
public class DemoAlarmFilesTest {

    private static Path etc() {
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("config").resolve("etc");
            if (Files.isDirectory(candidate.resolve("alarms"))) {
                return candidate;
            }
        }
        throw new AssertionError("no config/etc/alarms above " + Paths.get("").toAbsolutePath());
    }

    /** Every demo device file, read by the hub's own parser. */
    static Fixture.Devices demoDevices() throws Exception {
        Fixture.Devices devices = new Fixture.Devices();
        try (Stream<Path> files = Files.list(etc())) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("dev.yakata.device-")).toList()) {
                DeviceDefinition d = DeviceFiles.read(file).definition();
                Map<String, PointKind> points = new LinkedHashMap<>();
                for (PointDefinition p : d.points()) {
                    points.put(p.id(), p.kind());
                }
                devices.add(d.id(), d.profile(), d.floor(), points, d.roles());
            }
        }
        return devices;
    }

    @Test
    public void theDemoAlarmFilesLoadAgainstTheDemoDevices() throws Exception {
        Fixture.Devices devices = demoDevices();
        AlarmConfig config = AlarmConfig.load(etc().resolve("alarms"), devices);
        assertTrue(config.conditions().size() >= 15);
        assertTrue(config.schedules().containsKey("opening-hours"));
    }

    @Test
    public void onTheDemoBuildingFeedALostOn2FRaisesRedundancyLostAndBothTheHigherAlarm() throws Exception {
        Fixture.Devices devices = demoDevices();
        java.util.List<dev.yakata.api.event.Event> events = new java.util.ArrayList<>();
        AlarmEngine engine = new AlarmEngine(events::add, Fixture.TOKYO);
        engine.configure(AlarmConfig.load(etc().resolve("alarms"), devices), devices, Fixture.T0);
        for (String floor : List.of("1f", "2f", "3f")) {
            for (String kind : List.of("power", "comms")) {
                String id = kind + "." + floor + ".feeds";
                String load = kind.equals("power") ? "load-powered" : "load-supplied";
                for (String point : List.of("feed-a", "feed-b", load)) {
                    engine.onPoint(id, point, true, dev.yakata.api.device.Quality.GOOD, Fixture.T0);
                }
            }
        }
        assertTrue(events.isEmpty());
        engine.onPoint("power.2f.feeds", "feed-a", false, dev.yakata.api.device.Quality.GOOD, Fixture.T0);
        assertEquals(List.of("power.redundancy-lost@power.2f.feeds"),
                events.stream().filter(e -> e.type().equals(EventTypes.ALARM_RAISED)).map(e -> e.subject()).toList());
        engine.onPoint("power.2f.feeds", "feed-b", false, dev.yakata.api.device.Quality.GOOD, Fixture.T0);
        engine.onPoint("power.2f.feeds", "load-powered", false, dev.yakata.api.device.Quality.GOOD, Fixture.T0);
        assertEquals(AlarmState.ACTIVE_UNACKED, engine.alarm("power.feeds-lost@power.2f.feeds").state());
        assertEquals(Priority.URGENT, engine.alarm("power.feeds-lost@power.2f.feeds").priority());
        engine.onPoint("comms.3f.feeds", "feed-b", false, dev.yakata.api.device.Quality.GOOD, Fixture.T0);
        assertEquals(AlarmState.ACTIVE_UNACKED, engine.alarm("comms.redundancy-lost@comms.3f.feeds").state());
    }

    @Test
    public void theServerRoomsCoolingFaultAndUpsRuntimeAreWatched() throws Exception {
        Fixture.Devices devices = demoDevices();
        java.util.List<dev.yakata.api.event.Event> events = new java.util.ArrayList<>();
        AlarmEngine engine = new AlarmEngine(events::add, Fixture.TOKYO);
        engine.configure(AlarmConfig.load(etc().resolve("alarms"), devices), devices, Fixture.T0);
        engine.onPoint("hvac.2f.server-room", "crac-status", 3L, dev.yakata.api.device.Quality.GOOD, Fixture.T0);
        engine.onPoint("ups.2f.server-room", "runtime-left", 8.5, dev.yakata.api.device.Quality.GOOD, Fixture.T0);
        engine.onPoint("ups.2f.server-room", "on-battery", true, dev.yakata.api.device.Quality.GOOD, Fixture.T0);
        assertEquals(AlarmState.ACTIVE_UNACKED, engine.alarm("server-room.cooling-fault@hvac.2f.server-room").state());
        assertEquals(AlarmState.ACTIVE_UNACKED, engine.alarm("ups.runtime-low@ups.2f.server-room").state());
        assertEquals(AlarmState.ACTIVE_UNACKED, engine.alarm("ups.on-battery@ups.2f.server-room").state());
    }

    @Test
    public void anEntranceCameraThatStopsAnsweringRaisesAnAlarmThatReturnsWhenItIsBack() throws Exception {
        Fixture.Devices devices = demoDevices();
        java.util.List<dev.yakata.api.event.Event> events = new java.util.ArrayList<>();
        AlarmEngine engine = new AlarmEngine(events::add, Fixture.TOKYO);
        engine.configure(AlarmConfig.load(etc().resolve("alarms"), devices), devices, Fixture.T0);
        engine.onEvent(status("camera.1f.main-entrance", "OFFLINE", "ONLINE"), Fixture.T0);
        engine.onEvent(status("door.1f.main-entrance", "OFFLINE", "ONLINE"), Fixture.T0);
        assertEquals(List.of("camera.offline@camera.1f.main-entrance"),
                events.stream().filter(e -> e.type().equals(EventTypes.ALARM_RAISED)).map(e -> e.subject()).toList());
        assertEquals(Priority.HIGH, engine.alarm("camera.offline@camera.1f.main-entrance").priority());
        engine.onEvent(status("camera.1f.main-entrance", "ONLINE", "OFFLINE"), Fixture.T0.plusSeconds(30));
        assertEquals(AlarmState.RETURNED_UNACKED, engine.alarm("camera.offline@camera.1f.main-entrance").state());
    }

    private static dev.yakata.api.event.Event status(String device, String state, String previous) {
        return dev.yakata.api.event.Event.builder(EventTypes.DEVICE_STATUS, device).put("state", state)
                .put("detail", "COMMUNICATION_ERROR").put("reason", "no answer").put("previous", previous).build();
    }
}
