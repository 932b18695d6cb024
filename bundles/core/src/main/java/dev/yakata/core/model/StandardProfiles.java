package dev.yakata.core.model;

import dev.yakata.api.device.PointKind;
import dev.yakata.api.event.EventTypes;
import dev.yakata.api.profile.ActionSpec;
import dev.yakata.api.profile.ArgumentKind;
import dev.yakata.api.profile.ArgumentSpec;
import dev.yakata.api.profile.EventSpec;
import dev.yakata.api.profile.PointRole;
import dev.yakata.api.profile.Profile;
import dev.yakata.api.profile.Profiles;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The profiles the hub ships: declared once, here, and read by the core's checks, {@code docs/profiles.md}
 * (checked against this class by a test), the shell and the console.
 */
public final class StandardProfiles {

    /** The hub's shutter supervision as a device ({@code shutters}): its actions are the operators' group commands. */
    public static final String SHUTTER_CONTROL = "shutter-control";

    private static final Map<String, Profile> PROFILES = new TreeMap<>();

    static {
        add(new Profile(Profiles.DOOR, "A card-reader door: an electric lock, a door contact, a request-to-exit button.",
                List.of(
                        required("locked", PointKind.BINARY, "true while the lock is engaged"),
                        required("contact", PointKind.BINARY, "true while the door is closed"),
                        optional("request-to-exit", PointKind.BINARY, "true while the exit button is pressed")),
                List.of(
                        new ActionSpec(Profiles.UNLOCK, "Releases the lock for a timed pulse, then locks again; egress is never blocked by the hub.",
                                List.of(new ArgumentSpec(Profiles.SECONDS, ArgumentKind.INTEGER, false, 5L, 1.0, 600.0, "s",
                                        List.of(), "how long the door stays unlocked"))),
                        new ActionSpec(Profiles.LOCK, "Locks the door now.", List.of())),
                List.of(
                        new EventSpec(EventTypes.CARD_SWIPED, "A card was presented at one of the door's readers.",
                                List.of("reader", "direction", "card"), Set.of("card")),
                        new EventSpec(EventTypes.DOOR_FORCED, "The door opened without a grant or an exit request.", List.of(), Set.of()),
                        new EventSpec(EventTypes.DOOR_HELD_OPEN, "The door stayed open longer than allowed.", List.of(), Set.of()))));

        add(new Profile(Profiles.SHUTTER, "A counter security shutter with a motor, limit feedback and an obstruction sensor.",
                List.of(
                        required("obstruction", PointKind.BINARY, "true while something is in the shutter's path"),
                        required("closed", PointKind.BINARY, "true while the closed limit switch is made"),
                        optional("position", PointKind.ANALOG, "how far closed, 0 % open to 100 % closed"),
                        optional("state", PointKind.TEXT, "OPEN, CLOSING, CLOSED, OPENING, STOPPED or FAULT, where the controller reports one")),
                List.of(
                        new ActionSpec(Profiles.OPEN, "Opens the shutter.", List.of()),
                        new ActionSpec(Profiles.CLOSE, "Closes the shutter; refused while an obstruction is sensed.", List.of()),
                        new ActionSpec(Profiles.STOP, "Stops the shutter where it is.", List.of())),
                List.of(new EventSpec(EventTypes.SHUTTER_STATE, "The shutter changed state.", List.of("state", "previous", "position", "reason", "detail", "command"), Set.of()))));

        add(new Profile(Profiles.POWER_FEEDS, "Two redundant feeds (power or communications) and the load they supply; losing one feed is an alarm while the load is still supplied.",
                List.of(
                        required("feed-a", PointKind.BINARY, "true while feed A is live"),
                        required("feed-b", PointKind.BINARY, "true while feed B is live"),
                        required("load-supplied", PointKind.BINARY, "true while the load is supplied"),
                        optional("redundancy-ok", PointKind.BINARY, "true while both feeds are live, as the device itself reports it")),
                List.of(), List.of()));

        add(new Profile(Profiles.HVAC, "An air conditioner or CRAC unit.",
                List.of(
                        required("supply-temp", PointKind.ANALOG, "supply air temperature, °C"),
                        optional("return-temp", PointKind.ANALOG, "return air temperature, °C"),
                        optional("humidity", PointKind.ANALOG, "relative humidity, %"),
                        optional("setpoint", PointKind.ANALOG, "temperature setpoint, °C; writable where the unit allows"),
                        optional("run-state", PointKind.MULTISTATE, "the unit's own operating state (running, standby, fault, as the unit numbers them)")),
                List.of(), List.of()));

        add(new Profile(Profiles.UPS, "An uninterruptible power supply.",
                List.of(
                        required("on-battery", PointKind.BINARY, "true while the UPS runs on its battery"),
                        optional("charge", PointKind.ANALOG, "battery charge, %"),
                        optional("load", PointKind.ANALOG, "output load, %"),
                        optional("runtime-left", PointKind.ANALOG, "estimated runtime left on battery, minutes")),
                List.of(), List.of()));

        add(new Profile(Profiles.CAMERA, "An entrance camera.",
                List.of(
                        optional("online", PointKind.BINARY, "true while the camera's picture is received"),
                        optional("recording", PointKind.BINARY, "true while the camera records"),
                        optional("motion", PointKind.BINARY, "true while motion is detected"),
                        optional("tamper", PointKind.BINARY, "true while the camera reports tampering")),
                List.of(),
                List.of(
                        new EventSpec(EventTypes.CAMERA_MOTION, "Motion was detected.", List.of(), Set.of()),
                        new EventSpec(EventTypes.CAMERA_TAMPER, "The camera reports tampering (covered, moved, cut).", List.of(), Set.of()))));

        // Not a piece of hardware: the operators' access-control commands, so the command policy and the audit trail
        // see every one of them as a command, whichever channel it came through. A card argument is pseudonymised in
        // the command events, so a number an operator types never lands in the record.
        add(new Profile(Profiles.ACCESS_CONTROL, "The hub's access control: operators' questions and changes about cards, people and the Level-3 record.",
                List.of(),
                List.of(
                        new ActionSpec("check", "Says whether a card may pass a door now (or at a time) and why; changes nothing.",
                                List.of(text("card", true, "the card number"), text("door", true, "the door's device id"),
                                        choice("direction", "entry", List.of("entry", "exit"), "which reader"),
                                        text("at", false, "an ISO-8601 time (2026-12-02T08:30 in the hub's zone, or with an offset); now when absent"))),
                        new ActionSpec("find", "A person's entries and exits from the record.",
                                List.of(text("person", true, "the person's id"), text("from", false, "ISO-8601 start; 7 days ago when absent"),
                                        text("to", false, "ISO-8601 end; now when absent"))),
                        new ActionSpec("inside", "Who is inside each Level-3 room now, anyone past the room's maximum stay flagged.",
                                List.of(text("room", false, "one room's id; every Level-3 room when absent"))),
                        new ActionSpec("suspend-card", "Suspends a card until it is reinstated.", cardChange()),
                        new ActionSpec("report-lost", "Marks a card lost; it is refused until reinstated.", cardChange()),
                        new ActionSpec("revoke-card", "Revokes a card for good (until a manager reinstates it).", cardChange()),
                        new ActionSpec("reinstate-card", "Removes an operator's suspension, loss or revocation; the card's state in its file applies again.", cardChange()),
                        new ActionSpec("forgive-passback", "Forgets where a person is, so anti-passback lets their next swipe pass.",
                                List.of(text("person", true, "the person's id"), text("reason", false, "why, for the record"))),
                        new ActionSpec("import-people", "Imports people and cards from a personnel system's CSV file.",
                                List.of(text("file", true, "the CSV file's path on the hub"),
                                        text("charset", false, "UTF-8 or Shift_JIS (windows-31j); detected when absent"))),
                        new ActionSpec("attendance-report", "Writes the first entry and last exit per person on a day as CSV.",
                                List.of(text("date", true, "the day, yyyy-mm-dd in the hub's zone"))),
                        new ActionSpec("verify-record", "Verifies the Level-3 record's hash chain and signed checkpoints.", List.of()),
                        new ActionSpec("export-record", "Exports the Level-3 record as CSV in the offline verifier's format.",
                                List.of(text("from", false, "ISO-8601 start; the beginning when absent"), text("to", false, "ISO-8601 end; now when absent"))),
                        new ActionSpec("status", "The loaded access files, or the error that keeps the previous ones in force.", List.of()),
                        new ActionSpec("lockdown", "Turns the lockdown on or off: while on, only people allowed into a Level-3 zone are granted an entry anywhere (others: reason lockdown); exits stay granted. Kept across a restart.",
                                List.of(onOff(), text("reason", false, "why, for the record"))),
                        new ActionSpec("fire-release", "Holds the fire-release doors of zones.cfg unlocked, as the fire panel's input does, until turned off; opens nothing else.",
                                List.of(onOff(), text("reason", false, "why, for the record")))),
                List.of(
                        new EventSpec(EventTypes.ACCESS_GRANTED, "A swipe was granted.", List.of("door", "reader", "direction", "person", "card", "reason"), Set.of()),
                        new EventSpec(EventTypes.ACCESS_DENIED, "A swipe was refused, with the reason.", List.of("door", "reader", "direction", "person", "card", "reason"), Set.of()),
                        new EventSpec(EventTypes.CARD_PRESENTED, "A card was presented (pseudonyms only), for attendance, PC log-in, rooms and vending.",
                                List.of("person", "card", "door", "reader", "direction", "decision"), Set.of()))));

        // Not a piece of hardware either: the operators' group commands over counter shutters, the closing schedule's
        // postponement and the reset of a shutter in FAULT, each a command the policy decides and the audit records.
        add(new Profile(SHUTTER_CONTROL, "The hub's counter-shutter supervision: groups, the daily closing and the reset after a FAULT.",
                List.of(),
                List.of(
                        new ActionSpec("close-group", "Closes every shutter of a group at once; progress and a summary follow as events.",
                                List.of(text("group", true, "the group's id in etc/shutters/shutters.cfg"))),
                        new ActionSpec("open-group", "Opens every shutter of a group at once; progress and a summary follow as events.",
                                List.of(text("group", true, "the group's id in etc/shutters/shutters.cfg"))),
                        new ActionSpec("stop-group", "Stops every shutter of a group where it is.",
                                List.of(text("group", true, "the group's id in etc/shutters/shutters.cfg"))),
                        new ActionSpec("postpone-closing", "Postpones today's scheduled closing to a later time; the command's reason is required.",
                                List.of(text("until", true, "the new time today, HH:mm in the hub's zone"))),
                        new ActionSpec("reset", "Clears a shutter's FAULT after inspection; the command's reason is required.",
                                List.of(text("shutter", true, "the shutter's device id"))),
                        new ActionSpec("status", "Every shutter's state, the groups, today's closing and the file in force.", List.of())),
                List.of(
                        new EventSpec("shutter.group-progress", "One shutter of a group command settled (or was refused).",
                                List.of("group", "action", "shutter", "result", "state", "reason", "done", "total"), Set.of()),
                        new EventSpec("shutter.group-summary", "Every shutter of a group command settled.",
                                List.of("group", "action", "target", "reached", "refused", "fault", "stopped", "failed"), Set.of()))));
    }

    static {
        // Not hardware either: named actions across many devices (etc/postures/postures.cfg). Running one is a command of this
        // device, so the policy decides who may and the audit trail records it; each step is a command of its own.
        add(new Profile("postures", "The hub's postures: named actions across many devices, previewed, confirmed, then run step by step.",
                List.of(),
                List.of(
                        new ActionSpec("list", "The postures defined, or the error that keeps the previous file in force.", List.of()),
                        new ActionSpec("preview", "What the posture would do now: each device and action, and which would be refused and why; gives the token a run needs.",
                                List.of(text("posture", true, "the posture's name"))),
                        new ActionSpec("run", "Runs the posture as previewed: the token must be the preview's, for the same user and the same plan.",
                                List.of(text("posture", true, "the posture's name"), text("token", true, "the preview's token"),
                                        text("reason", false, "why, for the record"))),
                        new ActionSpec("run-status", "A posture run's progress per device, or its summary once it ended.",
                                List.of(text("run", true, "the run's id (its correlation id)")))),
                List.of(
                        new EventSpec("posture.started", "A posture run started.", List.of("posture", "run", "steps"), Set.of()),
                        new EventSpec("posture.step", "One device's command of a posture run ended (or was refused).", List.of("posture", "run", "step", "device", "status"), Set.of()),
                        new EventSpec("posture.finished", "A posture run ended, with its summary.", List.of("posture", "run", "summary"), Set.of()))));
    }

    static {
        // Not a piece of hardware either: the operators' alarm commands (docs/alarms.md), so every acknowledgement,
        // shelving and removal from service is decided by the command policy and lands in the audit trail.
        ArgumentSpec alarm = text("alarm", true, "the alarm's id (condition@device), or a condition with one alarm");
        add(new Profile(Profiles.ALARM_MANAGEMENT, "The hub's alarm engine: the alarm list, acknowledgement, shelving, removal from service, history and alarm load.",
                List.of(),
                List.of(
                        new ActionSpec("list", "The alarms that are not NORMAL (or every alarm), highest priority first.",
                                List.of(choice("show", "standing", List.of("standing", "all", "shelved", "suppressed", "out-of-service"), "which alarms"))),
                        new ActionSpec("acknowledge", "Acknowledges an alarm, with a comment.",
                                List.of(alarm, text("comment", false, "what the operator saw or did"))),
                        new ActionSpec("shelve", "Shelves an alarm for a limited time; it is annunciated again when the time is up.",
                                List.of(alarm, new ArgumentSpec("minutes", ArgumentKind.INTEGER, false, 60L, 1.0, 1440.0, "min", List.of(),
                                        "how long; at most the engine's maxShelveMinutes"), text("reason", true, "why, for the record"))),
                        new ActionSpec("unshelve", "Ends an alarm's shelving now.", List.of(alarm, text("reason", false, "why, for the record"))),
                        new ActionSpec("disable", "Takes an alarm out of service until it is enabled again.",
                                List.of(alarm, text("reason", true, "why, for the record"))),
                        new ActionSpec("enable", "Returns an alarm to service.", List.of(alarm, text("reason", false, "why, for the record"))),
                        new ActionSpec("history", "An alarm's (or every alarm's) events from the record.",
                                List.of(text("alarm", false, "the alarm's id; every alarm when absent"), text("from", false, "ISO-8601 start; 7 days ago when absent"),
                                        text("to", false, "ISO-8601 end; now when absent"))),
                        new ActionSpec("load", "Alarm load per ISA-18.2: alarms per 10 minutes (average, peak), share of time in flood, the ten most frequent.",
                                List.of(text("from", false, "ISO-8601 start; 7 days ago when absent"), text("to", false, "ISO-8601 end; now when absent"))),
                        new ActionSpec("status", "The loaded alarm files, or the error that keeps the previous ones in force.", List.of())),
                List.of(
                        new EventSpec(EventTypes.ALARM_RAISED, "An alarm became active.", List.of("alarm", "condition", "device", "point", "priority", "state", "count"), Set.of()),
                        new EventSpec(EventTypes.ALARM_ACKNOWLEDGED, "An operator acknowledged an alarm.", List.of("alarm", "state", "user", "comment"), Set.of()),
                        new EventSpec(EventTypes.ALARM_RETURNED, "An unacknowledged alarm's condition returned to normal.", List.of("alarm", "state"), Set.of()),
                        new EventSpec(EventTypes.ALARM_CLEARED, "An acknowledged alarm's condition returned to normal.", List.of("alarm", "state"), Set.of()))));
    }

    static {
        // Not hardware either: the entrance snapshots (bundles/cctv, docs/cctv.md) are personal data, so listing and
        // opening them are actions of the in-hub device 'snapshots': the policy decides who may, the audit trail
        // records every viewing.
        add(new Profile("snapshots", "The entrance snapshots taken on door events: listing and opening them, each viewing decided by the policy and audited.",
                List.of(),
                List.of(
                        new ActionSpec("list", "The snapshots of a recent period, newest first, optionally of one door.",
                                List.of(text("last", false, "how far back: 30m, 12h, 1d, 7d (default 1d)"),
                                        text("door", false, "only this door's snapshots"))),
                        new ActionSpec("open", "Gives one snapshot's file: its path, or a copy in the export folder.",
                                List.of(text("snapshot", true, "the snapshot's id"),
                                        text("export", false, "a file name in the export folder to copy it to")))),
                List.of(
                        new EventSpec("camera.snapshot", "A snapshot was stored for a door event; its reference.",
                                List.of("snapshot", "camera", "door", "doorEvent", "doorEventType", "takenAt", "file", "bytes", "sha256"), Set.of()),
                        new EventSpec("camera.snapshot-failed", "A door event got no snapshot, with the reason.",
                                List.of("camera", "door", "doorEvent", "doorEventType", "reason"), Set.of()))));
    }

    private static List<ArgumentSpec> cardChange() {
        return List.of(text("card", true, "the card number"), text("reason", false, "why, for the record"));
    }

    private static ArgumentSpec onOff() {
        return new ArgumentSpec("state", ArgumentKind.TEXT, true, null, null, null, "", List.of("on", "off"), "on or off");
    }

    private static ArgumentSpec text(String name, boolean required, String description) {
        return new ArgumentSpec(name, ArgumentKind.TEXT, required, null, null, null, "", List.of(), description);
    }

    private static ArgumentSpec choice(String name, String defaultValue, List<String> allowed, String description) {
        return new ArgumentSpec(name, ArgumentKind.TEXT, false, defaultValue, null, null, "", allowed, description);
    }

    private StandardProfiles() {
    }

    private static void add(Profile profile) {
        PROFILES.put(profile.name(), profile);
    }

    private static PointRole required(String name, PointKind kind, String meaning) {
        return new PointRole(name, kind, true, meaning);
    }

    private static PointRole optional(String name, PointKind kind, String meaning) {
        return new PointRole(name, kind, false, meaning);
    }

    /** Every shipped profile, sorted by name. */
    public static List<Profile> all() {
        return List.copyOf(PROFILES.values());
    }

    public static Optional<Profile> named(String name) {
        return Optional.ofNullable(PROFILES.get(name));
    }
}
