package dev.yakata.postures.rules;

import dev.yakata.api.device.DeviceStatus;
import dev.yakata.core.api.DeviceInfo;
import dev.yakata.core.model.StandardProfiles;
import dev.yakata.testkit.DeviceFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** The demo building's device files and postures file, as the distribution ships them (config/etc). */
final class DemoBuilding {

    static final Path ETC = Path.of("..", "..", "config", "etc");

    private DemoBuilding() {
    }

    /** Every demo device, read with the core's own parser, ONLINE. */
    static List<DeviceInfo> devices() {
        List<DeviceInfo> devices = new ArrayList<>();
        try (Stream<Path> files = Files.list(ETC)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("dev.yakata.device-"))
                    .sorted().toList()) {
                var config = DeviceFiles.read(file);
                devices.add(new DeviceInfo(config.definition().id(), config.definition(), DeviceStatus.online(),
                        file.getFileName().toString()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        devices.sort(Comparator.comparing(DeviceInfo::id));
        return devices;
    }

    static PostureParser.Catalog catalog() {
        return new PostureParser.Catalog(devices(), StandardProfiles::named);
    }

    static String posturesFile() throws IOException {
        return Files.readString(ETC.resolve("postures").resolve("postures.cfg"));
    }
}
