package dev.yakata.access.internal;

import dev.yakata.access.rules.AccessConfig;
import dev.yakata.access.rules.AccessEngine;
import dev.yakata.access.rules.CardState;
import dev.yakata.access.rules.Decision;
import dev.yakata.access.rules.Swipe;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the runtime asks of the access rules. One implementation, {@link EngineRules}, runs the rules' engine under one
 * lock; the interface lets the runtime's own behaviour (unlocks, events, operators' actions) be tested apart from
 * the rules' decisions. Thread-safe: the swipe listener, the operators' commands and the reload call it at once.
 */
interface Rules {

    /** Whether access files have loaded once; until then every swipe is refused with the reason why not. */
    boolean configured();

    /** Decides a swipe and remembers it (where the person is now, the escort, the swipe's id). */
    Decision decide(Swipe swipe);

    /** What a swipe would get at {@code at}, changing nothing; {@code null} when not configured. */
    Decision check(String cardPseudonym, String door, String direction, Instant at);

    /** The person holding a card, or null. */
    String personOfCard(String cardPseudonym);

    /** Sets, or with {@code null} removes, an operator's override of a card's state. */
    void overrideCardState(String cardPseudonym, CardState state);

    /** The overrides in force, card pseudonym to state. */
    Map<String, CardState> cardStateOverrides();

    /** Turns the lockdown on or off (see {@code AccessEngine.lockdown}). */
    void lockdown(boolean on);

    boolean lockdown();

    /** Forgets where a person is; false when nothing was known. */
    boolean forgive(String person);

    /**
     * Restores where people are from the record's granted decisions (oldest first), except for people who moved
     * since the hub started: what they did since is newer than anything in the record's past.
     *
     * @return how many decisions were restored
     */
    int restore(List<Recorded> decisions);

    /** The record's past is restored (or there is none to read): live decisions need no more tracking. */
    void restoreFinished();

    /** Everyone known to be inside a passback or Level-3 zone at {@code now}. */
    List<AccessEngine.Location> locations(Instant now);

    /** The configuration in force, or null; for the people import, which checks new rows against it. */
    AccessConfig config();

    /** A decision read back from the record, with when it was made. */
    record Recorded(Decision decision, Instant at) {
    }
}
