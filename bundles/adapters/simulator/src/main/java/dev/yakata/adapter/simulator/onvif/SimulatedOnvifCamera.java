package dev.yakata.adapter.simulator.onvif;

import java.io.IOException;
import java.net.BindException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One simulated ONVIF camera of the demo building, on 127.0.0.1 ({@code etc/dev.yakata.simulator.camera-<name>.cfg},
 * one file per camera): the hub's onvif adapter drives it as it would a camera on the entrance network, so a door event
 * at a demo entrance stores a real JPEG. It plays motion now and then, and takes the faults {@code tamper} (the
 * camera reports tampering through its pull point) and {@code unresponsive} (it accepts connections and never answers)
 * from {@code yakata:sim-fault}, through the simulator adapter's fault injector.
 */
@Component(service = SimulatedOnvifCamera.class, configurationPid = SimulatedOnvifCamera.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
public final class SimulatedOnvifCamera {

    /** The factory PID of the camera files. */
    public static final String PID = "dev.yakata.simulator.camera";
    static final String TAMPER = "tamper";
    static final String UNRESPONSIVE = "unresponsive";
    static final List<String> FAULTS = List.of(TAMPER, UNRESPONSIVE);

    private static final Logger LOG = LoggerFactory.getLogger(SimulatedOnvifCamera.class);

    /** The settings of one simulated camera. */
    public @interface Config {
        /** The device id of the camera device file that points the onvif adapter at this camera (for sim-fault). */
        String camera() default "";

        /** The loopback TCP port of its ONVIF services and snapshot URL (1024–65535). */
        int port() default 0;

        /** The camera account the onvif adapter must log in with. */
        String user() default "";

        /** That account's password (a demo one: the simulator is for the demo building only). */
        String password() default "";

        /** About how often someone walks past (a motion event), in seconds; 0 never. */
        double motionEverySeconds() default 0;

        /** The picture's main colour, hexadecimal RGB, so two cameras' snapshots differ. */
        String colour() default "285AA0";
    }

    private final String deviceId;
    private final CameraSimulator camera;
    private final ScheduledExecutorService timer;
    private final List<String> activeFaults = new ArrayList<>();

    @Activate
    public SimulatedOnvifCamera(Config config, Map<String, Object> properties) throws IOException {
        String file = "etc/" + PID + "-" + String.valueOf(properties.getOrDefault("felix.fileinstall.filename", "<name>.cfg"))
                .replaceFirst(".*/" + java.util.regex.Pattern.quote(PID) + "-", "");
        deviceId = required(config.camera(), "camera", file, "the device id of its camera file, e.g. camera.1f.main-entrance");
        String user = required(config.user(), "user", file, "the account the camera file's camera.user names");
        String password = required(config.password(), "password", file, "the password the camera file's camera.password names");
        if (config.port() < 1024 || config.port() > 65535) {
            throw refused(file, "port " + config.port() + " is not a port from 1024 to 65535; set port to a free loopback port "
                    + "and the same port in the camera file's camera.url");
        }
        if (config.motionEverySeconds() < 0) {
            throw refused(file, "motionEverySeconds " + config.motionEverySeconds() + " is negative; write 0 for no motion");
        }
        int rgb;
        try {
            rgb = Integer.parseInt(config.colour(), 16) & 0xFFFFFF;
        } catch (NumberFormatException e) {
            throw refused(file, "colour '" + config.colour() + "' is not hexadecimal RGB; write e.g. colour = 285AA0");
        }
        try {
            camera = new CameraSimulator(user, password, config.port(), rgb);
        } catch (BindException e) {
            throw refused(file, "port " + config.port() + " on 127.0.0.1 is taken (" + e.getMessage() + "); choose another "
                    + "port here and in the camera file's camera.url");
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "yakata-simulator-camera-" + deviceId);
            t.setDaemon(true);
            return t;
        });
        double every = config.motionEverySeconds();
        if (every > 0) {
            timer.scheduleAtFixedRate(() -> walkPast(every), 1, 1, TimeUnit.SECONDS);
        }
        LOG.info("Simulated ONVIF camera {} serves {} ({})", deviceId, camera.deviceUrl(), file);
    }

    private static String required(String value, String key, String file, String what) {
        if (value == null || value.isBlank()) {
            throw refused(file, "no " + key + "; write " + key + " = <" + what + ">");
        }
        return value.trim();
    }

    private static IllegalArgumentException refused(String file, String why) {
        IllegalArgumentException e = new IllegalArgumentException("simulated camera " + file + ": " + why);
        LOG.error(e.getMessage());
        return e;
    }

    /** Called once a second: motion with probability 1/every, ended the next second. */
    private void walkPast(double every) {
        try {
            if (!hasFault(TAMPER) && ThreadLocalRandom.current().nextDouble() * every < 1) {
                camera.emitMotion(true);
                timer.schedule(() -> camera.emitMotion(false), 1, TimeUnit.SECONDS);
            }
        } catch (RuntimeException e) {
            LOG.warn("simulated camera {}: motion failed: {}", deviceId, e.toString());
        }
    }

    /** The camera device id this simulator plays. */
    public String deviceId() {
        return deviceId;
    }

    /** Its ONVIF device service URL. */
    public String deviceUrl() {
        return camera.deviceUrl();
    }

    public List<String> faults() {
        return FAULTS;
    }

    public synchronized List<String> activeFaults() {
        return List.copyOf(activeFaults);
    }

    private synchronized boolean hasFault(String fault) {
        return activeFaults.contains(fault);
    }

    /** Injects a fault; an active one does nothing. */
    public synchronized void inject(String fault) {
        check(fault);
        if (activeFaults.contains(fault)) {
            return;
        }
        activeFaults.add(fault);
        apply(fault, true);
    }

    /** Clears a fault; an inactive one does nothing. */
    public synchronized void clear(String fault) {
        check(fault);
        if (activeFaults.remove(fault)) {
            apply(fault, false);
        }
    }

    private void check(String fault) {
        if (!FAULTS.contains(fault)) {
            throw new IllegalArgumentException("The simulated ONVIF camera " + deviceId + " has no fault '" + fault
                    + "'; valid faults: " + String.join(", ", FAULTS));
        }
    }

    private void apply(String fault, boolean active) {
        if (fault.equals(TAMPER)) {
            camera.emitTamper(active);
        } else {
            CameraSimulator.Mode mode = active ? CameraSimulator.Mode.HANG : CameraSimulator.Mode.NORMAL;
            camera.soapMode(mode);
            camera.snapshotMode(mode);
        }
    }

    @Deactivate
    void deactivate() {
        timer.shutdownNow();
        camera.close();
    }
}
