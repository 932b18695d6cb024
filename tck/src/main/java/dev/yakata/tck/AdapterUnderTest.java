package dev.yakata.tck;

import dev.yakata.api.adapter.DeviceAdapter;
import dev.yakata.testkit.DeviceFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What a vendor gives the TCK: the adapter (a fresh instance per call of the supplier, as DS would make one), the
 * device file of one device it drives, and optional hooks that cut or silence that device, so the TCK can check how
 * the adapter reports trouble.
 *
 * <pre>{@code
 * AdapterUnderTest.of("acme-door", AcmeDoorAdapter::new)
 *         .deviceFile(Path.of("src/test/resources/dev.yakata.device-door.test.cfg"))
 *         .disconnect(simulator::stop, simulator::start)
 *         .silence(simulator::mute, simulator::unmute)
 *         .build();
 * }</pre>
 */
public final class AdapterUnderTest {

    /** A hook on the device (stop the simulator, start it again); may throw, which ends the run with the failure. */
    @FunctionalInterface
    public interface Action {
        void run() throws Exception;
    }

    /** A command the TCK issues besides the profile's actions and the point writes. */
    record ExtraCommand(String action, Map<String, Object> arguments) {
    }

    private final String adapterId;
    private final Supplier<? extends DeviceAdapter> adapter;
    private final String deviceFileName;
    private final String deviceFile;
    private final Action cut;
    private final Action restore;
    private final Action mute;
    private final Action unmute;
    private final List<ExtraCommand> commands;
    private final Limits limits;
    private final Path bundleClasses;
    private final Duration grace;
    private final List<String> ignoredThreads;

    private AdapterUnderTest(Builder b) {
        adapterId = b.adapterId;
        adapter = b.adapter;
        deviceFileName = b.deviceFileName;
        deviceFile = b.deviceFile;
        cut = b.cut;
        restore = b.restore;
        mute = b.mute;
        unmute = b.unmute;
        commands = List.copyOf(b.commands);
        limits = b.limits;
        bundleClasses = b.bundleClasses;
        grace = b.grace;
        ignoredThreads = List.copyOf(b.ignoredThreads);
    }

    /** An adapter with this {@code yakata.adapter.id}; {@code adapter} makes a fresh instance per call. */
    public static Builder of(String adapterId, Supplier<? extends DeviceAdapter> adapter) {
        return new Builder(adapterId, adapter);
    }

    public String adapterId() {
        return adapterId;
    }

    Supplier<? extends DeviceAdapter> adapter() {
        return adapter;
    }

    /** The file's name, {@code dev.yakata.device-<name>.cfg}. */
    String deviceFileName() {
        return deviceFileName;
    }

    String deviceFile() {
        return deviceFile;
    }

    Action cut() {
        return cut;
    }

    Action restore() {
        return restore;
    }

    Action mute() {
        return mute;
    }

    Action unmute() {
        return unmute;
    }

    boolean canDisconnect() {
        return cut != null;
    }

    boolean canSilence() {
        return mute != null;
    }

    List<ExtraCommand> commands() {
        return commands;
    }

    public Limits limits() {
        return limits;
    }

    Path bundleClasses() {
        return bundleClasses;
    }

    Duration grace() {
        return grace;
    }

    List<String> ignoredThreads() {
        return ignoredThreads;
    }

    /** Builds an {@link AdapterUnderTest}; not thread-safe. */
    public static final class Builder {
        private final String adapterId;
        private final Supplier<? extends DeviceAdapter> adapter;
        private String deviceFileName;
        private String deviceFile;
        private Action cut;
        private Action restore;
        private Action mute;
        private Action unmute;
        private final List<ExtraCommand> commands = new ArrayList<>();
        private Limits limits = Limits.defaults();
        private Path bundleClasses = Path.of("target", "classes");
        private Duration grace = Duration.ofMillis(1_500);
        private final List<String> ignoredThreads = new ArrayList<>();

        private Builder(String adapterId, Supplier<? extends DeviceAdapter> adapter) {
            this.adapterId = Objects.requireNonNull(adapterId, "adapterId");
            this.adapter = Objects.requireNonNull(adapter, "adapter");
            if (adapterId.isBlank()) {
                throw new IllegalArgumentException("the adapter id is empty; give the value of its yakata.adapter.id property");
            }
        }

        /**
         * The device's file, as {@code etc/dev.yakata.device-<id>.cfg} would hold it: {@code key = value} lines and
         * {@code #} comments. Its {@code adapter} must be this adapter's id.
         */
        public Builder deviceFile(String cfgText) {
            deviceFile = Objects.requireNonNull(cfgText, "cfgText");
            deviceFileName = null;
            return this;
        }

        /** The device's file, read now (UTF-8); its name is the file's. */
        public Builder deviceFile(Path cfgFile) {
            try {
                deviceFile = Files.readString(cfgFile, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the device file " + cfgFile.toAbsolutePath(), e);
            }
            deviceFileName = cfgFile.getFileName().toString();
            return this;
        }

        /**
         * Hooks that cut the device's connection (stop its simulator, close its port) and restore it. Without them the
         * clause on disconnection is not checked. Threads and sockets the hooks themselves start are not counted as
         * the adapter's.
         */
        public Builder disconnect(Action cut, Action restore) {
            this.cut = Objects.requireNonNull(cut, "cut");
            this.restore = Objects.requireNonNull(restore, "restore");
            return this;
        }

        /**
         * Hooks that make the device stay connected but stop answering, and answer again. Without them the clauses on
         * timed-out commands and on a silent device are checked only in part.
         */
        public Builder silence(Action mute, Action unmute) {
            this.mute = Objects.requireNonNull(mute, "mute");
            this.unmute = Objects.requireNonNull(unmute, "unmute");
            return this;
        }

        /**
         * A command to issue besides the profile's actions (those the device file does not implement with
         * {@code action.*} keys) and a write of each writable point: an action of the adapter's own.
         */
        public Builder command(String action, Map<String, Object> arguments) {
            commands.add(new ExtraCommand(Objects.requireNonNull(action, "action"),
                    arguments == null ? Map.of() : new LinkedHashMap<>(arguments)));
            return this;
        }

        /** The time limits; {@link Limits#defaults()} when not given. */
        public Builder limits(Limits value) {
            limits = Objects.requireNonNull(value, "limits");
            return this;
        }

        /**
         * Where the built bundle's {@code META-INF/MANIFEST.MF} and {@code OSGI-INF/*.xml} are (what bnd wrote);
         * {@code target/classes} by default.
         */
        public Builder bundleClasses(Path dir) {
            bundleClasses = Objects.requireNonNull(dir, "dir");
            return this;
        }

        /**
         * How long after the last {@code close()} returned the TCK watches for publications and waits for threads and
         * sockets to go before it counts them, and the longest it waits for their number to settle after the first
         * close; 1.5 s by default.
         */
        public Builder grace(Duration value) {
            grace = Objects.requireNonNull(value, "grace");
            return this;
        }

        /**
         * Threads whose name starts with this prefix are not the adapter's (a simulator's connection threads the hooks
         * do not start themselves).
         */
        public Builder ignoreThreads(String namePrefix) {
            ignoredThreads.add(Objects.requireNonNull(namePrefix, "namePrefix"));
            return this;
        }

        /**
         * @throws IllegalStateException    when no device file was given
         * @throws IllegalArgumentException when the device file names another adapter
         */
        public AdapterUnderTest build() {
            if (deviceFile == null) {
                throw new IllegalStateException("no device file for adapter '" + adapterId
                        + "'; give one with deviceFile(Path) or deviceFile(String), as etc/dev.yakata.device-<id>.cfg would hold it");
            }
            Map<String, Object> keys = DeviceFiles.keys(deviceFile);
            Object named = keys.get("adapter");
            if (named == null || !adapterId.equals(named.toString().trim())) {
                throw new IllegalArgumentException("the device file " + (deviceFileName == null ? "" : deviceFileName + " ")
                        + (named == null ? "has no 'adapter' key" : "names adapter '" + named + "'") + ", but the adapter under test is '"
                        + adapterId + "'; write adapter = " + adapterId + " in it");
            }
            if (deviceFileName == null) {
                Object id = keys.get("device.id");
                deviceFileName = "dev.yakata.device-" + (id == null || id.toString().isBlank() ? "tck" : id.toString().trim()) + ".cfg";
            }
            return new AdapterUnderTest(this);
        }
    }
}
