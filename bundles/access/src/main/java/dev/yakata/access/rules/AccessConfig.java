package dev.yakata.access.rules;

import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Everything in etc/access/ once read and checked as a whole; immutable, so a reload swaps one reference. Built by
 * {@link #load}; the formats are in docs/access-control.md.
 */
public final class AccessConfig {

    /**
     * Reads zones.cfg, people.cfg and people-*.cfg, policies.cfg and holidays.cfg from {@code dir}.
     *
     * @param cardPseudonym turns a card number from a file into its pseudonym (the core's {@code Pseudonyms.ofCard});
     *                      numbers are not kept
     * @throws AccessFileException for the first problem, naming file, line and fix
     */
    public static AccessConfig load(Path dir, UnaryOperator<String> cardPseudonym) throws AccessFileException {
        throw new UnsupportedOperationException("not built yet");
    }

    /** A door as zones.cfg declares it. */
    public record DoorSpec(String device, String fromZone, String toZone, String entryReader, String exitReader,
            int level, String freeDuring, int unlockSeconds, int heldOpenSeconds) {
    }

    /** A room inside a zone; {@code maxStaySeconds} 0 when no limit. */
    public record RoomSpec(String id, String zone, String name, long maxStaySeconds) {
    }

    /** A fire-release input and the doors it releases. */
    public record FireRelease(String device, String point, List<String> doors) {
    }

    public List<DoorSpec> doors() {
        throw new UnsupportedOperationException("not built yet");
    }

    public List<RoomSpec> rooms() {
        throw new UnsupportedOperationException("not built yet");
    }

    public List<FireRelease> fireReleases() {
        throw new UnsupportedOperationException("not built yet");
    }

    /** The person holding a card pseudonym, or null. */
    public String personOfCard(String cardPseudonym) {
        throw new UnsupportedOperationException("not built yet");
    }

    /** The level of a zone, or -1 for an unknown zone. */
    public int levelOf(String zone) {
        throw new UnsupportedOperationException("not built yet");
    }

    /** Whether a schedule is on at an instant (the hub's time zone, holidays applied). */
    public boolean scheduleOn(String schedule, java.time.ZonedDateTime at) {
        throw new UnsupportedOperationException("not built yet");
    }

    /** For the status line: how many people, cards, doors, rules, and which files. */
    public String summary() {
        throw new UnsupportedOperationException("not built yet");
    }
}
