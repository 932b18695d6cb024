package dev.yakata.access.internal;

import dev.yakata.api.command.Command;
import dev.yakata.api.event.Event;
import dev.yakata.api.event.Severity;
import dev.yakata.bus.api.EventBus;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operators' building-wide modes: the lockdown (the rules let in only Level-3 staff, no door is free for
 * passage), kept in {@code lockdown.properties} so a restart keeps it, and the fire release by hand (the fire-release
 * doors held unlocked as the fire panel's input would). Each is a command of the {@code access} device, so the
 * audit trail has who asked and why; each change is also an {@code access.lockdown} or {@code access.fire-release}
 * event. Serialised.
 */
final class SafetyModes {

    private static final Logger LOG = LoggerFactory.getLogger(SafetyModes.class);

    static final String LOCKDOWN_EVENT = "access.lockdown";

    private final Rules rules;
    private final FireRelease fire;
    private final Runnable freePassage;
    private final Path lockdownFile;
    private final EventBus bus;
    private final Clock clock;

    /** @param freePassage looks at the free-passage doors again (a lockdown locks them, its end frees them) */
    SafetyModes(Rules rules, FireRelease fire, Runnable freePassage, Path lockdownFile, EventBus bus, Clock clock) {
        this.rules = rules;
        this.fire = fire;
        this.freePassage = freePassage;
        this.lockdownFile = lockdownFile;
        this.bus = bus;
        this.clock = clock;
    }

    /** Puts a lockdown kept on disk back in force; called once at start. */
    synchronized boolean restore() throws IOException {
        if (!Files.exists(lockdownFile)) {
            return false;
        }
        Properties kept = new Properties();
        try (Reader reader = new StringReader(Files.readString(lockdownFile, StandardCharsets.UTF_8))) {
            kept.load(reader);
        }
        boolean on = "on".equals(kept.getProperty("state", "off").trim());
        rules.lockdown(on);
        if (on) {
            LOG.warn("Access control: the lockdown set by {} at {} ({}) is in force again after the restart",
                    kept.getProperty("user", "?"), kept.getProperty("since", "?"), kept.getProperty("reason", ""));
        }
        return on;
    }

    /** {@code lockdown state=on|off}. */
    synchronized Map<String, Object> lockdown(Command command) throws IOException {
        boolean on = on(command);
        boolean was = rules.lockdown();
        String reason = text(command, "reason");
        rules.lockdown(on);
        freePassage.run();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("lockdown", on ? "on" : "off");
        data.put("previous", was ? "on" : "off");
        data.put("reason", reason);
        if (was != on) {
            bus.publish(Event.builder(LOCKDOWN_EVENT, AccessEventTypes.SOURCE).subject(on ? "on" : "off")
                    .severity(on ? Severity.ALARM : Severity.INFO).actor(command.issuer().user())
                    .correlationId(command.correlationId().isEmpty() ? command.id() : command.correlationId())
                    .data(data).build());
        }
        // In force before it is saved: a lockdown holds even if the disk fails, which the outcome then says.
        Properties kept = new Properties();
        kept.setProperty("state", on ? "on" : "off");
        kept.setProperty("user", command.issuer().user());
        kept.setProperty("reason", reason);
        kept.setProperty("since", clock.instant().toString());
        StringBuilder text = new StringBuilder("# The lockdown (yakata:device-command access lockdown, or the lockdown "
                + "postures). Written by the hub; change it with the command, not by hand.\n");
        kept.stringPropertyNames().stream().sorted().forEach(key -> text.append(key).append(" = ")
                .append(escape(kept.getProperty(key))).append('\n'));
        try {
            AtomicFiles.write(lockdownFile, text.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IOException("the lockdown is " + (on ? "on" : "off") + " now, but " + lockdownFile
                    + " could not be written, so a restart would not keep it: " + e.getMessage(), e);
        }
        data.put("message", on ? "lockdown on: only people allowed into a Level-3 zone are let in anywhere; exits are "
                + "still granted" : "lockdown off: the access files' rules apply again");
        return data;
    }

    /** {@code fire-release state=on|off}: the fire-release doors held unlocked by hand, or no longer. */
    synchronized Map<String, Object> fireRelease(Command command) {
        boolean on = on(command);
        boolean changed = fire.manual(on, command.issuer().user());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("fireRelease", on ? "on" : "off");
        data.put("doors", fire.releasedDoors());
        data.put("reason", text(command, "reason"));
        data.put("message", !changed ? "the fire release by hand was already " + (on ? "on" : "off")
                : on ? "the fire-release doors are held unlocked until fire-release state=off"
                : "the fire release by hand ended; doors no fire alarm holds are locked again");
        return data;
    }

    boolean lockdownOn() {
        return rules.lockdown();
    }

    private static boolean on(Command command) {
        String state = text(command, "state");
        if (!state.equals("on") && !state.equals("off")) {
            throw new RejectedInput("argument state = \"" + state + "\": write on or off");
        }
        return state.equals("on");
    }

    private static String text(Command command, String name) {
        Object value = command.arguments().get(name);
        return value == null ? "" : String.valueOf(value).trim();
    }

    private static String escape(String value) {
        StringBuilder out = new StringBuilder();
        for (char c : value.toCharArray()) {
            if (c == '\\' || c == '\n' || c == '\r' || c == '=' || c == ':' || c == '#' || c == '!') {
                out.append(c == '\n' ? "\\n" : c == '\r' ? "\\r" : "\\" + c);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
