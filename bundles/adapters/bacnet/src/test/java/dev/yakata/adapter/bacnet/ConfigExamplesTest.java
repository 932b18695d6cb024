package dev.yakata.adapter.bacnet;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import dev.yakata.adapter.bacnet.client.ClientConfig;
import dev.yakata.api.device.DeviceDefinition;
import dev.yakata.api.device.PointDefinition;
import dev.yakata.api.device.PointKind;
import dev.yakata.core.model.ActionDefinition;
import dev.yakata.core.model.DeviceConfig;
import dev.yakata.core.model.DeviceConfigParser;
import java.io.File;
import java.io.FileInputStream;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.Test;

/**
 * The example device files in src/main/config-examples, read by the hub's own parser, stay valid for this adapter;
 * the adapter settings shipped in config/etc bind nothing outside the host and name only keys the adapter reads.
 */
public class ConfigExamplesTest {

    private static final File EXAMPLES = new File("src/main/config-examples");

    private static Properties properties(File file) throws Exception {
        Properties properties = new Properties();
        try (InputStream in = new FileInputStream(file)) {
            properties.load(new InputStreamReader(in, StandardCharsets.ISO_8859_1));
        }
        return properties;
    }

    private static DeviceDefinition load(File file) throws Exception {
        return config(file).definition();
    }

    /** The file as the core reads it: profile roles and the action language checked when it loads. */
    private static DeviceConfig config(File file) throws Exception {
        Properties p = properties(file);
        Map<String, Object> config = new HashMap<>();
        p.stringPropertyNames().forEach(key -> config.put(key, p.getProperty(key)));
        return DeviceConfigParser.parseDevice(config, file.getName());
    }

    private static DeviceDefinition example(String name) throws Exception {
        return load(new File(EXAMPLES, "dev.yakata.device-" + name + ".cfg"));
    }

    @Test
    public void everyExampleDeviceFileParsesWithEveryPointAddress() throws Exception {
        File[] files = EXAMPLES.listFiles((dir, name) -> name.startsWith("dev.yakata.device-"));
        assertEquals(4, files.length);
        for (File file : files) {
            DeviceDefinition device = load(file);
            assertEquals(file.getName(), BacnetAdapter.ADAPTER, device.adapterId());
            assertTrue(file.getName() + " names its profile", !device.profile().isEmpty());
            DeviceSettings settings = DeviceSettings.of(device);
            assertTrue(settings.instance() > 0);
            for (PointDefinition point : device.points()) {
                PointAddress.parse(point.address());
            }
            for (Map.Entry<String, String> role : device.roles().entrySet()) {
                assertTrue(file.getName() + ": role." + role.getKey() + " = " + role.getValue() + " names no point",
                        device.point(role.getValue()).isPresent());
            }
        }
    }

    @Test
    public void theExamplesActionsAreAcceptedByTheCoreAndWriteOnlyThroughThisAdapter() throws Exception {
        // The core refuses, when the file loads, an action that writes an unknown or read-only point.
        Map<String, Set<String>> expected = Map.of(
                "dev.yakata.device-shutter.1f.counter-1.cfg", Set.of("close", "open", "stop", "release"),
                "dev.yakata.device-door.2f.server-room.cfg", Set.of("unlock", "lock"));
        for (File file : EXAMPLES.listFiles((dir, name) -> name.startsWith("dev.yakata.device-"))) {
            DeviceConfig device = config(file);
            assertTrue(file.getName() + ": action keys are the core's", device.definition().properties().keySet().stream()
                    .noneMatch(k -> k.startsWith("action.")));
            if (expected.containsKey(file.getName())) {
                assertEquals(file.getName(), expected.get(file.getName()), device.actions().keySet());
            }
        }
    }

    @Test
    public void theDoorExampleDrivesTheLockOutputAndReadsLockAndContactInputs() throws Exception {
        DeviceConfig config = config(new File(EXAMPLES, "dev.yakata.device-door.2f.server-room.cfg"));
        DeviceDefinition door = config.definition();
        assertEquals("door", door.profile());
        assertEquals("binary-output:1/present-value@8", door.point("lock-cmd").orElseThrow().address());
        assertEquals(PointKind.BINARY, door.point("locked").orElseThrow().kind());
        assertEquals(PointKind.BINARY, door.point("contact").orElseThrow().kind());
        ActionDefinition unlock = config.actions().get("unlock");
        assertEquals("[lock-cmd=false]", unlock.writes().toString());
        assertEquals("[lock-cmd=true]", unlock.then().toString());
        assertEquals(3_000, unlock.thenAfterMillis(Map.of("seconds", 3L)));
        assertEquals("[lock-cmd=true]", config.actions().get("lock").writes().toString());
    }

    @Test
    public void thePowerFeedsExampleReachesItsMonitorThroughARouter() throws Exception {
        DeviceSettings settings = DeviceSettings.of(example("power.2f.feeds"));
        assertEquals(5, settings.address().network());
        assertEquals(10, settings.address().mac()[0]);
        assertEquals(480, settings.maxApdu());
    }

    private static File shippedSettings() {
        for (File dir = new File("").getAbsoluteFile(); dir != null; dir = dir.getParentFile()) {
            File candidate = new File(dir, "config/etc/" + BacnetAdapter.PID + ".cfg");
            if (candidate.isFile()) {
                return candidate;
            }
        }
        throw new AssertionError("config/etc/" + BacnetAdapter.PID + ".cfg is not shipped");
    }

    @Test
    public void theShippedSettingsBindLoopbackAndBroadcastOnlyOnThisHost() throws Exception {
        Properties shipped = properties(shippedSettings());
        assertEquals(ClientConfig.LOOPBACK, shipped.getProperty("localAddress"));
        assertEquals(ClientConfig.LOOPBACK_BROADCAST, shipped.getProperty("broadcastAddress"));
        assertEquals("47808", shipped.getProperty("localPort"));
        // the code's defaults say the same, so deleting the file changes nothing
        Method localAddress = BacnetAdapter.Config.class.getMethod("localAddress");
        Method broadcast = BacnetAdapter.Config.class.getMethod("broadcastAddress");
        assertEquals(ClientConfig.LOOPBACK, localAddress.getDefaultValue());
        assertEquals(ClientConfig.LOOPBACK_BROADCAST, broadcast.getDefaultValue());
    }

    @Test
    public void theShippedSettingsAndTheExampleNameOnlyKeysTheAdapterReads() throws Exception {
        Set<String> known = Arrays.stream(BacnetAdapter.Config.class.getDeclaredMethods()).map(Method::getName)
                .collect(Collectors.toCollection(TreeSet::new));
        for (File file : new File[] {shippedSettings(), new File(EXAMPLES, BacnetAdapter.PID + ".cfg")}) {
            for (String key : properties(file).stringPropertyNames()) {
                assertTrue(file + ": " + key + " is not a setting of the adapter " + known, known.contains(key));
            }
        }
    }
}
