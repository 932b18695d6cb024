package dev.yakata.adapter.bacnet;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import dev.yakata.api.device.DeviceDefinition;
import dev.yakata.api.device.PointDefinition;
import dev.yakata.api.device.PointKind;
import java.io.File;
import java.io.FileInputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.junit.Test;

/** The example device files in src/main/config-examples stay valid for this adapter. */
public class ConfigExamplesTest {

    private static DeviceDefinition load(File file) throws Exception {
        Properties properties = new Properties();
        try (InputStream in = new FileInputStream(file)) {
            properties.load(in);
        }
        Map<String, Map<String, String>> points = new HashMap<>();
        Map<String, String> own = new HashMap<>();
        for (String key : properties.stringPropertyNames()) {
            if (key.startsWith("point.")) {
                String[] parts = key.split("\\.", 3);
                points.computeIfAbsent(parts[1], k -> new HashMap<>()).put(parts[2], properties.getProperty(key));
            } else {
                own.put(key, properties.getProperty(key));
            }
        }
        List<PointDefinition> definitions = new ArrayList<>();
        points.forEach((id, attributes) -> definitions.add(new PointDefinition(id,
                PointKind.valueOf(attributes.get("kind").toUpperCase()), attributes.get("unit"),
                Boolean.parseBoolean(attributes.getOrDefault("writable", "false")), Set.of(),
                attributes.get("address"))));
        return new DeviceDefinition(own.get("device.id"), own.get("device.type"), own.get("adapter"), null, null,
                null, null, definitions, own);
    }

    @Test
    public void everyExampleDeviceFileParsesWithEveryPointAddress() throws Exception {
        File[] files = new File("src/main/config-examples").listFiles((dir, name) -> name.startsWith(
                "dev.yakata.device-"));
        assertEquals(3, files.length);
        for (File file : files) {
            DeviceDefinition device = load(file);
            assertEquals(file.getName(), BacnetAdapter.ADAPTER, device.adapterId());
            DeviceSettings settings = DeviceSettings.of(device);
            assertTrue(settings.instance() > 0);
            for (PointDefinition point : device.points()) {
                PointAddress.parse(point.address());
            }
        }
    }

    @Test
    public void thePowerFeedsExampleReachesItsMonitorThroughARouter() throws Exception {
        DeviceSettings settings = DeviceSettings.of(load(new File(
                "src/main/config-examples/dev.yakata.device-power.2f.feeds.cfg")));
        assertEquals(5, settings.address().network());
        assertEquals(10, settings.address().mac()[0]);
        assertEquals(480, settings.maxApdu());
    }
}
