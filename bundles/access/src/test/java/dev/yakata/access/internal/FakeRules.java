package dev.yakata.access.internal;

import dev.yakata.access.rules.AccessConfig;
import dev.yakata.access.rules.AccessEngine;
import dev.yakata.access.rules.CardState;
import dev.yakata.access.rules.Decision;
import dev.yakata.access.rules.Swipe;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Rules that answer as the test scripts them. Only where the runtime's own behaviour is tested (the unlock, the events,
 * the operators' actions), never to test a decision: the rules' tests are the rules' own.
 */
final class FakeRules implements Rules {

    volatile boolean configured = true;
    volatile Function<Swipe, Decision> decisions = swipe -> granted(swipe, "P0107", 5);
    final Map<String, String> holders = new ConcurrentHashMap<>();
    final Map<String, CardState> overrides = new ConcurrentHashMap<>();
    final List<AccessEngine.Location> locations = new ArrayList<>();
    final List<String> forgiven = new ArrayList<>();
    final List<Recorded> restored = new ArrayList<>();
    final List<String> checks = new ArrayList<>();
    volatile boolean restoreFinished;

    static Decision granted(Swipe swipe, String person, int unlockSeconds) {
        return new Decision(true, "granted", person + " may enter server-room", "policies.cfg:14", swipe.door(),
                swipe.reader(), "entry", "back-office", "server-room", 3, person, false, "", false, false,
                unlockSeconds);
    }

    static Decision denied(Swipe swipe, String reason) {
        return new Decision(false, reason, "refused: " + reason, "", swipe.door(), swipe.reader(), "entry",
                "back-office", "server-room", 3, "", false, "", false, false, 0);
    }

    @Override
    public boolean configured() {
        return configured;
    }

    @Override
    public Decision decide(Swipe swipe) {
        return decisions.apply(swipe);
    }

    @Override
    public synchronized Decision check(String cardPseudonym, String door, String direction, Instant at) {
        checks.add(cardPseudonym + " " + door + " " + direction + " " + at);
        String person = holders.get(cardPseudonym);
        return new Decision(person != null, person != null ? "granted" : "unknown-card", "checked", "policies.cfg:3",
                door, direction, direction, "back-office", "server-room", 3, person == null ? "" : person, false, "",
                false, false, 5);
    }

    @Override
    public String personOfCard(String cardPseudonym) {
        return configured ? holders.get(cardPseudonym) : null;
    }

    @Override
    public void overrideCardState(String cardPseudonym, CardState state) {
        if (state == null) {
            overrides.remove(cardPseudonym);
        } else {
            overrides.put(cardPseudonym, state);
        }
    }

    @Override
    public Map<String, CardState> cardStateOverrides() {
        return Map.copyOf(new HashMap<>(overrides));
    }

    volatile boolean lockdown;

    @Override
    public void lockdown(boolean on) {
        lockdown = on;
    }

    @Override
    public boolean lockdown() {
        return lockdown;
    }

    @Override
    public synchronized boolean forgive(String person) {
        forgiven.add(person);
        return locations.removeIf(l -> l.person().equals(person));
    }

    @Override
    public synchronized int restore(List<Recorded> decisions) {
        restored.addAll(decisions);
        return decisions.size();
    }

    @Override
    public void restoreFinished() {
        restoreFinished = true;
    }

    @Override
    public synchronized List<AccessEngine.Location> locations(Instant now) {
        return List.copyOf(locations);
    }

    @Override
    public AccessConfig config() {
        return null;
    }
}
