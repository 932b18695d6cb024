package dev.yakata.adapter.onvif.internal;

import dev.yakata.adapter.simulator.onvif.CameraSimulator;
import dev.yakata.core.model.DeviceConfig;
import dev.yakata.testkit.DeviceFiles;

/** Device files for the tests: short timeouts and polls so failures show within a second or two. */
final class CameraFiles {

    static final String USER = "admin";
    static final String PASSWORD = "entrance-secret";

    private CameraFiles() {
    }

    static DeviceConfig onvif(String id, CameraSimulator sim, String... extra) {
        return file(id, "onvif", sim.deviceUrl(), extra);
    }

    static DeviceConfig http(String id, CameraSimulator sim, String... extra) {
        return file(id, "http", sim.snapshotUrl(), extra);
    }

    private static DeviceConfig file(String id, String protocol, String url, String... extra) {
        return DeviceFiles.parse("dev.yakata.device-" + id + ".cfg", text(protocol, url, extra));
    }

    /** The text of a camera's device file, as etc/ would hold it. */
    static String text(String protocol, String url, String... extra) {
        StringBuilder cfg = new StringBuilder()
                .append("device.type = camera\n")
                .append("adapter = onvif\n")
                .append("camera.protocol = ").append(protocol).append('\n')
                .append("camera.url = ").append(url).append('\n')
                .append("camera.user = ").append(USER).append('\n')
                .append("camera.password = ").append(PASSWORD).append('\n')
                .append("camera.timeout.millis = 1000\n")
                .append("camera.snapshot.timeout.millis = 1000\n")
                .append("camera.poll.seconds = 1\n")
                .append("camera.pull.seconds = 1\n")
                .append("point.online.kind = binary\n")
                .append("point.motion.kind = binary\n")
                .append("point.tamper.kind = binary\n");
        for (String line : extra) {
            cfg.append(line).append('\n');
        }
        return cfg.toString();
    }
}
