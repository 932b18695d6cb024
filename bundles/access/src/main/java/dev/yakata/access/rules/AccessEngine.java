package dev.yakata.access.rules;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/**
 * The decision rules with the state they need between swipes: where each person is (anti-passback), who was last
 * granted at each reader (escort), which swipe ids were seen (replay), operators' card-state overrides. Not
 * thread-safe: one thread (the access component's decision thread) calls it.
 */
public final class AccessEngine {

    /** The limits from the component's configuration. */
    public record Settings(ZoneId zone, Duration escortWindow, Duration lateSwipe, Duration clockSkew, int replayMemory) {
        public static Settings defaults(ZoneId zone) {
            return new Settings(zone, Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofSeconds(60), 100_000);
        }
    }

    /** Where a person was last seen entering, for anti-passback and who-is-inside. */
    public record Location(String person, String zone, Instant since) {
    }

    public AccessEngine(AccessConfig config, Settings settings) {
        throw new UnsupportedOperationException("not built yet");
    }

    /** Swaps in a reloaded configuration; state (locations, overrides, seen ids) is kept. */
    public void reconfigure(AccessConfig config) {
        throw new UnsupportedOperationException("not built yet");
    }

    public AccessConfig config() {
        throw new UnsupportedOperationException("not built yet");
    }

    /** Decides a swipe and updates the state (location, escort memory, replay ids). */
    public Decision decide(Swipe swipe) {
        throw new UnsupportedOperationException("not built yet");
    }

    /**
     * What {@link #decide} would answer for this card at this door and direction at {@code at}, changing nothing
     * (an operator's "may this card pass", also "at" a given time).
     */
    public Decision check(String cardPseudonym, String door, String direction, Instant at) {
        throw new UnsupportedOperationException("not built yet");
    }

    /** Sets (or with {@code null} removes) an operator's override of a card's state. */
    public void overrideCardState(String cardPseudonym, CardState state) {
        throw new UnsupportedOperationException("not built yet");
    }

    /** The overrides in force, card pseudonym to state (to persist them). */
    public Map<String, CardState> cardStateOverrides() {
        throw new UnsupportedOperationException("not built yet");
    }

    /** Forgets where a person is (operator's passback forgiveness); false when nothing was known. */
    public boolean forgive(String person) {
        throw new UnsupportedOperationException("not built yet");
    }

    /** Restores a location read back from the record at start (granted entries and exits, oldest first). */
    public void restore(Decision decision, Instant at) {
        throw new UnsupportedOperationException("not built yet");
    }

    /** Everyone known to be inside a passback or Level-3 zone now, with forgiveness applied at {@code now}. */
    public List<Location> locations(Instant now) {
        throw new UnsupportedOperationException("not built yet");
    }
}
