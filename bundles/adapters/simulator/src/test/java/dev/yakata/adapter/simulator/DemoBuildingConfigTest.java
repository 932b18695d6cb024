package dev.yakata.adapter.simulator;

import dev.yakata.testkit.RecordingDeviceContext;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import dev.yakata.api.device.DeviceDefinition;
import dev.yakata.api.device.PointDefinition;
import dev.yakata.api.device.PointKind;
import dev.yakata.api.profile.Profiles;
import dev.yakata.core.model.DeviceConfigException;
import dev.yakata.core.model.DeviceConfigParser;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.Test;

/**
 * Keeps the demo building's device files ({@code config/etc/dev.yakata.device-*.cfg}) in step with the simulator:
 * every file has the keys the core requires, names a model the simulator plays, maps every point to a signal that
 * model publishes with the right kind, and actually opens. The in-hub devices of other adapters, {@code access} (access
 * control's operators' commands), {@code shutters} (the shutter supervision's), {@code postures}, {@code alarms}
 * (the alarm engine's) and {@code cctv} (the snapshots'), are their bundles' to test. The entrance cameras are the onvif
 * adapter's, each pointed at one of the simulator's ONVIF cameras ({@code etc/dev.yakata.simulator.camera-*.cfg}) with
 * that camera's account.
 */
public class DemoBuildingConfigTest {

    private static final String PREFIX = "dev.yakata.device-";
    private static final Set<String> REQUIRED = Set.of("device.id", "device.type", "adapter", "name", "site", "floor",
            "zone");
    private static final Map<String, String> TYPE_OF_MODEL = Map.of("door", "door", "shutter", "shutter", "camera",
            "camera", "hvac", "hvac", "ups", "ups", "power-feeds", "power", "fire-panel", "fire-panel");
    private static final List<String> DEMO_DEVICES = List.of("door.1f.main-entrance", "camera.1f.main-entrance",
            "door.1f.staff-entrance", "camera.1f.staff-entrance", "door.1f.back-office", "door.2f.meeting-rooms",
            "door.2f.server-room", "door.3f.records-room", "door.3f.back-office", "shutter.1f.counter-1",
            "shutter.1f.counter-2", "shutter.1f.counter-3", "shutter.1f.counter-4", "hvac.2f.server-room",
            "ups.2f.server-room", "power.1f.feeds", "power.2f.feeds", "power.3f.feeds", "fire.1f.panel", "comms.1f.feeds",
            "comms.2f.feeds", "comms.3f.feeds");

    private static Path configDirectory() {
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("config").resolve("etc");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError("no config/etc above " + Paths.get("").toAbsolutePath());
    }

    /** The demo's simulated devices' files. */
    private static List<Path> deviceFiles() throws IOException {
        return allDeviceFiles().stream().filter(f -> SIMULATOR.equals(adapterOf(f))).toList();
    }

    /** Every device file of the demo, whatever its adapter. */
    private static List<Path> allDeviceFiles() throws IOException {
        try (Stream<Path> files = Files.list(configDirectory())) {
            return files.filter(f -> f.getFileName().toString().startsWith(PREFIX)
                    && f.getFileName().toString().endsWith(".cfg")).sorted().toList();
        }
    }

    private static final String SIMULATOR = "simulator";
    /** The adapters whose demo devices are their own bundles' to test: in-hub devices and the onvif cameras. */
    private static final Set<String> OTHER_ADAPTERS = Set.of("access", "shutters", "postures", "alarms", "cctv", "onvif");

    private static String adapterOf(Path file) {
        try {
            return load(file).getProperty("adapter", "");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    public void everyDemoDeviceFileNamesTheSimulatorOrAnAdapterThatTestsItsOwn() throws IOException {
        for (Path file : allDeviceFiles()) {
            String adapter = adapterOf(file);
            assertTrue(file.getFileName() + ": adapter " + adapter, SIMULATOR.equals(adapter) || OTHER_ADAPTERS.contains(adapter));
        }
    }

    @Test
    public void everyDemoOnvifCameraPointsAtASimulatedCameraOnLoopbackWithItsAccount() throws IOException {
        Map<String, Properties> simulated = new HashMap<>();
        try (Stream<Path> files = Files.list(configDirectory())) {
            for (Path f : files.filter(f -> f.getFileName().toString().startsWith(
                    dev.yakata.adapter.simulator.onvif.SimulatedOnvifCamera.PID + "-")).toList()) {
                Properties p = load(f);
                assertNull(f.getFileName() + " plays a camera another file plays too", simulated.put(p.getProperty("camera"), p));
            }
        }
        List<Path> cameras = allDeviceFiles().stream().filter(f -> "onvif".equals(adapterOf(f))).toList();
        assertEquals("the demo's ONVIF cameras", Set.of("camera.1f.main-entrance", "camera.1f.staff-entrance"),
                cameras.stream().map(f -> loadQuietly(f).getProperty("device.id")).collect(Collectors.toSet()));
        Set<String> ports = new java.util.HashSet<>();
        for (Path file : cameras) {
            Properties camera = load(file);
            String id = camera.getProperty("device.id");
            Properties sim = simulated.get(id);
            assertNotNull(file.getFileName() + ": no etc/" + dev.yakata.adapter.simulator.onvif.SimulatedOnvifCamera.PID
                    + "-*.cfg plays " + id, sim);
            assertTrue("two simulated cameras on port " + sim.getProperty("port"), ports.add(sim.getProperty("port")));
            assertEquals(file.getFileName() + ": camera.url", "http://127.0.0.1:" + sim.getProperty("port") + "/onvif/device_service",
                    camera.getProperty("camera.url"));
            assertEquals(file.getFileName() + ": camera.user", sim.getProperty("user"), camera.getProperty("camera.user"));
            assertEquals(file.getFileName() + ": camera.password", sim.getProperty("password"), camera.getProperty("camera.password"));
            assertEquals(file.getFileName() + ": the console's camera symbol reads video-ok", "video-ok", camera.getProperty("role.online"));
        }
    }

    private static Properties loadQuietly(Path file) {
        try {
            return load(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Properties load(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        return properties;
    }

    /** Reads a file with the hub's own parser, as the core does when the file lands in etc/. */
    private static DeviceDefinition definition(Path file, Properties p, List<String> problems) {
        Map<String, Object> config = new HashMap<>();
        p.stringPropertyNames().forEach(key -> config.put(key, p.getProperty(key)));
        try {
            return DeviceConfigParser.parse(config, file.getFileName().toString());
        } catch (DeviceConfigException e) {
            problems.add(e.getMessage());
            return DeviceDefinition.builder(p.getProperty("device.id", "?"), p.getProperty("device.type", "?"),
                    p.getProperty("adapter", "?")).build();
        }
    }

    @Test
    public void everyDemoDeviceFileNamesItsProfileAndFillsItsRoles() throws IOException {
        // The core's own parser checks the roles (dev.yakata.core.model via the testkit): one declaration, one check.
        List<String> problems = new ArrayList<>();
        for (Path file : deviceFiles()) {
            String source = file.getFileName().toString();
            try {
                DeviceDefinition device = dev.yakata.testkit.DeviceFiles.read(file).definition();
                if (device.profile().isEmpty() && SimModel.of(device).profile().isEmpty()) {
                    continue; // a model of no profile (the fire panel's contact)
                }
                if (device.profile().isEmpty()) {
                    problems.add(source + ": names no profile; add device.profile");
                } else if (!device.profile().equals(device.property(SimModel.MODEL_PROPERTY, ""))) {
                    problems.add(source + ": device.profile " + device.profile() + " but sim.model "
                            + device.property(SimModel.MODEL_PROPERTY, ""));
                }
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            fail("demo profile problems:\n  " + String.join("\n  ", problems));
        }
    }

    @Test
    public void everyDemoDeviceFileIsValidForTheSimulator() throws IOException {
        List<String> problems = new ArrayList<>();
        List<Path> files = deviceFiles();
        assertFalse("no device files in " + configDirectory(), files.isEmpty());
        for (Path file : files) {
            String source = file.getFileName().toString();
            Properties p = load(file);
            for (String key : REQUIRED) {
                if (p.getProperty(key, "").isBlank()) {
                    problems.add(source + ": missing " + key);
                }
            }
            String id = p.getProperty("device.id", "");
            if (!source.equals(PREFIX + id + ".cfg")) {
                problems.add(source + ": device.id " + id + " does not match the file name");
            }
            if (!Set.of("1F", "2F", "3F").contains(p.getProperty("floor"))
                    || !Set.of("L1", "L2", "L3").contains(p.getProperty("zone"))
                    || !"village-office".equals(p.getProperty("site"))) {
                problems.add(source + ": site/floor/zone " + p.getProperty("site") + "/" + p.getProperty("floor")
                        + "/" + p.getProperty("zone"));
            }
            DeviceDefinition device = definition(file, p, problems);
            SimModel model;
            try {
                model = SimModel.of(device);
            } catch (IllegalArgumentException e) {
                problems.add(source + ": " + e.getMessage());
                continue;
            }
            boolean commsFeeds = model == SimModel.POWER_FEEDS && device.type().equals("comms");
            if (!TYPE_OF_MODEL.get(model.id()).equals(device.type()) && !commsFeeds) {
                problems.add(source + ": device.type " + device.type() + " does not fit sim.model " + model.id());
            }
            if (device.points().isEmpty()) {
                problems.add(source + ": no points");
            }
            for (PointDefinition point : device.points()) {
                PointKind signalKind = model.signals().get(point.address());
                if (signalKind == null) {
                    problems.add(source + ": point " + point.id() + " has address " + point.address()
                            + ", not a signal of " + model.id() + " " + model.signals().keySet());
                } else if (signalKind != point.kind()) {
                    problems.add(source + ": point " + point.id() + " is " + point.kind() + ", signal "
                            + point.address() + " is " + signalKind);
                }
                if (point.writable() != model.writableSignals().contains(point.address())) {
                    problems.add(source + ": point " + point.id() + " writable = " + point.writable()
                            + " but the simulator " + (point.writable() ? "refuses" : "accepts") + " writes to it");
                }
            }
        }
        if (!problems.isEmpty()) {
            fail("demo config problems:\n  " + String.join("\n  ", problems));
        }
    }

    @Test
    public void theDemoBuildingHasEveryDeviceTheBriefNames() throws IOException {
        Set<String> ids = allDeviceFiles().stream().map(f -> f.getFileName().toString())
                .map(n -> n.substring(PREFIX.length(), n.length() - ".cfg".length())).collect(Collectors.toSet());
        for (String id : DEMO_DEVICES) {
            assertTrue("missing demo device " + id, ids.contains(id));
        }
    }

    @Test
    public void everyDemoDeviceOpensAndPublishesEveryPoint() throws Exception {
        SimulatorAdapter adapter = new SimulatorAdapter();
        for (Path file : deviceFiles()) {
            DeviceDefinition device = definition(file, load(file), new ArrayList<>());
            try (RecordingDeviceContext context = new RecordingDeviceContext(device)) {
                var handler = adapter.open(device, context);
                context.awaitOnline();
                for (PointDefinition point : device.points()) {
                    assertNotNull(device.id() + "/" + point.id() + " has no value", context.last(point.id()));
                }
                handler.close();
            }
        }
        assertEquals(Set.of(), adapter.simulatedDevices());
    }
}
