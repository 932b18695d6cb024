package dev.yakata.testkit;

import dev.yakata.api.device.DeviceDefinition;
import dev.yakata.core.model.DeviceConfig;
import dev.yakata.core.model.DeviceConfigException;
import dev.yakata.core.model.DeviceConfigParser;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Device files read by the hub's own parser, so a test's device is checked exactly as the hub checks it (profile
 * roles, point kinds, the action language) and an invalid file fails with the sentence an integrator would read.
 */
public final class DeviceFiles {

    private DeviceFiles() {
    }

    /** A device from the text of a {@code .cfg} file, named {@code fileName} in messages. */
    public static DeviceConfig parse(String fileName, String cfgText) {
        try {
            return DeviceConfigParser.parseDevice(keys(cfgText), fileName);
        } catch (DeviceConfigException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /**
     * The keys of a {@code .cfg} file's text ({@code key = value} lines, {@code #} comments), as ConfigAdmin hands them
     * to the hub: every value a string, nothing checked yet.
     */
    public static Map<String, Object> keys(String cfgText) {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(cfgText));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Object> config = new LinkedHashMap<>();
        properties.stringPropertyNames().stream().sorted().forEach(key -> config.put(key, properties.getProperty(key)));
        return config;
    }

    /** A device from the text of a {@code .cfg} file. */
    public static DeviceDefinition definition(String cfgText) {
        return parse("dev.yakata.device-test.cfg", cfgText).definition();
    }

    /** A device from a {@code .cfg} file (an example shipped with an adapter, say). */
    public static DeviceConfig read(Path file) throws IOException {
        return parse(file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8));
    }
}
