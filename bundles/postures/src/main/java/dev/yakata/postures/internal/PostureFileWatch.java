package dev.yakata.postures.internal;

import dev.yakata.api.event.Event;
import dev.yakata.api.event.Severity;
import dev.yakata.bus.api.EventBus;
import dev.yakata.core.api.DeviceInfo;
import dev.yakata.core.api.DeviceRegistry;
import dev.yakata.core.api.ProfileRegistry;
import dev.yakata.postures.rules.Posture;
import dev.yakata.postures.rules.PostureFileException;
import dev.yakata.postures.rules.PostureParser;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the postures of {@code etc/postures/postures.cfg} in force: reads the file when it changes, and checks it again when
 * the registry's devices change (a posture naming a device is refused while the device is missing, and loads once it
 * appears). A file that fails keeps the previous postures in force, and says why ({@code posture.config.failed}, the
 * log, the {@code list} action) until it is fixed. Polled from one thread.
 */
final class PostureFileWatch {

    private static final Logger LOG = LoggerFactory.getLogger(PostureFileWatch.class);

    static final String LOADED = "posture.config.loaded";
    static final String FAILED = "posture.config.failed";

    /** The postures in force, the error that keeps a newer file out (empty when none), and when they loaded. */
    record State(Map<String, Posture> postures, String error, Instant loadedAt) {
    }

    private final Path file;
    private final DeviceRegistry registry;
    private final ProfileRegistry profiles;
    private final EventBus bus;
    private volatile State state = new State(Map.of(), "", null);
    /** What was last looked at: the file's text and the devices, so an unchanged pair is not parsed again. */
    private String lastText;
    private String lastDevices;
    /**
     * Until then a failure is kept but not reported: at boot the device files arrive after this bundle, so a posture
     * naming a device is refused for a moment before it loads.
     */
    private final Instant quietUntil;
    private boolean unreported;

    PostureFileWatch(Path file, DeviceRegistry registry, ProfileRegistry profiles, EventBus bus) {
        this(file, registry, profiles, bus, Instant.MIN);
    }

    PostureFileWatch(Path file, DeviceRegistry registry, ProfileRegistry profiles, EventBus bus, Instant quietUntil) {
        this.file = file;
        this.registry = registry;
        this.profiles = profiles;
        this.bus = bus;
        this.quietUntil = quietUntil;
    }

    State state() {
        return state;
    }

    Path file() {
        return file;
    }

    /** Looks at the file and the devices; loads when either changed. */
    synchronized void poll() {
        String text;
        try {
            text = read();
        } catch (NoSuchFileException e) {
            text = null;
        } catch (IOException e) {
            fail(file.getFileName() + ": cannot be read (" + e.getMessage() + "); check its permissions", "io");
            return;
        }
        List<DeviceInfo> devices = registry.devices();
        String signature = devices.stream().map(d -> d.id() + "=" + (d.definition() == null ? "-"
                : d.definition().profile() + "/" + d.definition().zone() + "/" + d.definition().floor()))
                .collect(Collectors.joining(","));
        if (Objects.equals(text, lastText) && signature.equals(lastDevices)) {
            if (unreported && !Instant.now().isBefore(quietUntil)) {
                report(state.error(), lastWhere);
            }
            return;
        }
        lastText = text;
        lastDevices = signature;
        if (text == null) {
            fail(file + " does not exist; create it (the distribution ships etc/postures/postures.cfg)", "missing");
            return;
        }
        try {
            Map<String, Posture> loaded = PostureParser.parse(file.getFileName().toString(), text,
                    new PostureParser.Catalog(devices, profiles::profile));
            boolean changed = !loaded.equals(state.postures()) || !state.error().isEmpty();
            unreported = false;
            state = new State(java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(loaded)), "", Instant.now());
            if (changed) {
                LOG.info("Postures: {} loaded from {}", loaded.keySet(), file);
                bus.publish(Event.builder(LOADED, PosturesRuntime.DEVICE).subject(file.getFileName().toString())
                        .put("file", file.toString()).put("postures", List.copyOf(loaded.keySet())).build());
            }
        } catch (PostureFileException e) {
            fail(e.getMessage(), String.valueOf(e.line()));
        }
    }

    private String lastWhere = "";

    private void fail(String message, String where) {
        if (message.equals(state.error()) && !unreported) {
            return; // said once already; the devices changed but not the reason
        }
        state = new State(state.postures(), message, state.loadedAt());
        lastWhere = where;
        if (Instant.now().isBefore(quietUntil)) {
            unreported = true;
            LOG.debug("Postures not loaded yet (the hub is starting): {}", message);
            return;
        }
        report(message, where);
    }

    private void report(String message, String where) {
        unreported = false;
        LOG.error("Postures not loaded: {}; the previous postures ({}) stay in force until the file is fixed", message,
                state.postures().keySet());
        bus.publish(Event.builder(FAILED, PosturesRuntime.DEVICE).subject(file.getFileName().toString())
                .severity(Severity.WARNING).put("file", file.toString()).put("line", where).put("message", message)
                .put("inForce", List.copyOf(state.postures().keySet())).build());
    }

    private String read() throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new IOException("it is not UTF-8 (saved as Shift_JIS?); save it as UTF-8", e);
        }
    }
}
